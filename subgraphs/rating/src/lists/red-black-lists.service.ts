import { LessThan } from 'typeorm';
import { pageWindow, toConnection, type PageArgs, type RequestContext } from '@hub/platform';
import { decodeSortCursor, toSortedConnection } from '../scope/keyset';
import { ListEntryEntity, RedBlackListEntity } from './red-black-list.entity';

/** Lists are public: they exist to be published (红黑榜公示). */
export function redBlackList(ctx: RequestContext, districtCode: string, period: string): Promise<RedBlackListEntity | null> {
  return ctx.ds.getRepository(RedBlackListEntity).findOneBy({ districtCode, period });
}

/** The district's lists, newest first: the history of every period published. */
export async function redBlackLists(ctx: RequestContext, districtCode: string, args: PageArgs) {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const rows = await ctx.ds.getRepository(RedBlackListEntity).find({
    where: afterId ? { districtCode, id: LessThan(afterId) } : { districtCode },
    order: { id: 'DESC' },
    take: limit + 1,
  });
  return toConnection(rows, limit, afterId !== null);
}

/** One colour of a list in rank order. */
export async function listEntries(ctx: RequestContext, listId: string, color: 'RED' | 'BLACK', args: PageArgs) {
  const { limit } = pageWindow({ first: args.first }, ctx.config.limits.maxPageSize);
  const qb = ctx.ds
    .getRepository(ListEntryEntity)
    .createQueryBuilder('e')
    .where('e.listId = :listId AND e.color = :color', { listId, color })
    .orderBy('e.rank', 'ASC')
    .addOrderBy('e.id', 'ASC')
    .limit(limit + 1);
  if (args.after) {
    const c = decodeSortCursor(args.after);
    qb.andWhere('(e.rank > :afterRank OR (e.rank = :afterRank AND e.id > :afterId))', { afterRank: c.key, afterId: c.id });
  }
  return toSortedConnection(await qb.getMany(), limit, (e) => e.rank, Boolean(args.after));
}
