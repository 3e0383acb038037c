import { byKeys, type RequestContext } from '@hub/platform';
import { RatingResultEntity } from './rating-result.entity';

/** Each compound's latest published period, for all compounds of the request in one statement. */
export function latestRating(ctx: RequestContext, compoundId: string): Promise<RatingResultEntity | null> {
  return ctx.loaders
    .get<string, RatingResultEntity | null>('latestRating', async (ids) => {
      const rows = await ctx.ds
        .getRepository(RatingResultEntity)
        .createQueryBuilder('r')
        .where('r.compoundId IN (:...ids)', { ids })
        .andWhere(
          (qb) =>
            'NOT EXISTS ' +
            qb
              .subQuery()
              .select('1')
              .from(RatingResultEntity, 'newer')
              .where('newer.compoundId = r.compoundId')
              .andWhere('newer.period > r.period')
              .getQuery(),
        )
        .getMany();
      return byKeys(ids, rows, (r) => r.compoundId);
    })
    .load(compoundId);
}
