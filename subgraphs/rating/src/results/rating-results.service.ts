import { byKeys, pageWindow, type PageArgs, type RequestContext } from '@hub/platform';
import { visibleResultsCondition } from '../scope/access';
import { decodeSortCursor, toSortedConnection, windowSorted } from '../scope/keyset';
import { RatingResultEntity } from './rating-result.entity';

/** Each compound's latest published period, for all compounds of the request in one statement. */
export function latestRating(ctx: RequestContext, compoundId: string): Promise<RatingResultEntity | null> {
  return ctx.loaders
    .get<string, RatingResultEntity | null>('latestRating', async (ids) => {
      const rows = await ctx.ds
        .getRepository(RatingResultEntity)
        .createQueryBuilder('r')
        .where('r.compoundId IN (:...ids)', { ids })
        .andWhere('r.publishedAt IS NOT NULL')
        .andWhere(
          (qb) =>
            'NOT EXISTS ' +
            qb
              .subQuery()
              .select('1')
              .from(RatingResultEntity, 'newer')
              .where('newer.compoundId = r.compoundId')
              .andWhere('newer.publishedAt IS NOT NULL')
              .andWhere('newer.period > r.period')
              .getQuery(),
        )
        .getMany();
      return byKeys(ids, rows, (r) => r.compoundId);
    })
    .load(compoundId);
}

/** Score descending, then id: the order of result lists other than rankings. */
const SCORE_ORDER = (r: RatingResultEntity) => r.scoreCentipoints;

/** A round's results the caller may see, best first. */
export async function roundResults(ctx: RequestContext, roundId: string, args: PageArgs) {
  const { limit } = pageWindow({ first: args.first }, ctx.config.limits.maxPageSize);
  const visible = visibleResultsCondition(ctx.claims, 'r');
  const qb = ctx.ds
    .getRepository(RatingResultEntity)
    .createQueryBuilder('r')
    .where('r.roundId = :roundId', { roundId })
    .andWhere(visible.sql, visible.params)
    .orderBy('r.scoreCentipoints', 'DESC')
    .addOrderBy('r.id', 'ASC')
    .limit(limit + 1);
  if (args.after) {
    const c = decodeSortCursor(args.after);
    qb.andWhere('(r.scoreCentipoints < :afterScore OR (r.scoreCentipoints = :afterScore AND r.id > :afterId))', { afterScore: c.key, afterId: c.id });
  }
  return toSortedConnection(await qb.getMany(), limit, SCORE_ORDER, Boolean(args.after));
}

/**
 * A firm's results for a period, best first: the results of every firm and period asked for in
 * one request come from one statement, then each firm's page is cut from its rows.
 */
export async function firmRatings(ctx: RequestContext, firmId: string, period: string, args: PageArgs) {
  const { limit } = pageWindow({ first: args.first }, ctx.config.limits.maxPageSize);
  const rows = await ctx.loaders
    .get<string, RatingResultEntity[]>('PropertyFirm.ratings', async (keys) => {
      const pairs = keys.map((k) => k.split('|'));
      const visible = visibleResultsCondition(ctx.claims, 'r');
      const found = await ctx.ds
        .getRepository(RatingResultEntity)
        .createQueryBuilder('r')
        .where('r.firmId IN (:...firms)', { firms: [...new Set(pairs.map((p) => p[0]))] })
        .andWhere('r.period IN (:...periods)', { periods: [...new Set(pairs.map((p) => p[1]))] })
        .andWhere(visible.sql, visible.params)
        .orderBy('r.scoreCentipoints', 'DESC')
        .addOrderBy('r.id', 'ASC')
        .getMany();
      return keys.map((k) => found.filter((r) => `${r.firmId}|${r.period}` === k));
    })
    .load(`${firmId}|${period}`);
  return windowSorted(rows, limit, args.after, SCORE_ORDER, 'desc');
}

/** The district's published results of a period in rank order (equal scores share a rank). */
export async function ranking(ctx: RequestContext, districtCode: string, period: string, args: PageArgs) {
  const { limit } = pageWindow({ first: args.first }, ctx.config.limits.maxPageSize);
  const qb = ctx.ds
    .getRepository(RatingResultEntity)
    .createQueryBuilder('r')
    .where('r.districtCode = :districtCode AND r.period = :period', { districtCode, period })
    .andWhere('r.publishedAt IS NOT NULL AND r.rankInDistrict IS NOT NULL')
    .orderBy('r.rankInDistrict', 'ASC')
    .addOrderBy('r.id', 'ASC')
    .limit(limit + 1);
  if (args.after) {
    const c = decodeSortCursor(args.after);
    qb.andWhere('(r.rankInDistrict > :afterRank OR (r.rankInDistrict = :afterRank AND r.id > :afterId))', { afterRank: c.key, afterId: c.id });
  }
  return toSortedConnection(await qb.getMany(), limit, (r) => r.rankInDistrict!, Boolean(args.after));
}
