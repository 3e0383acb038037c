import { badInput, pageWindow, type RequestContext, type Connection } from '@hub/platform';
import type { DataSource } from 'typeorm';
import { RatingEventEntity, RatingEventRegionEntity } from './rating-event.entity';
import { assertMayFollowRegion } from './region-scope';

const CURSOR_PREFIX = 'seq:';

/** Cursors are log positions, opaque on the wire. */
export const eventCursor = (seq: number): string => Buffer.from(CURSOR_PREFIX + seq).toString('base64url');

export function decodeEventCursor(cursor: string): number {
  const match = /^seq:(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const seq = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(seq)) {
    throw badInput(`Cursor "${cursor}" is not a rating event cursor; pass the cursor of an event you received`, { argument: 'after' });
  }
  return seq;
}

/** Events of one region after a log position, in log order; `limit` rows at most. */
export async function eventsAfter(ds: DataSource, regionCode: string, afterSeq: number, limit: number): Promise<RatingEventEntity[]> {
  return ds
    .getRepository(RatingEventEntity)
    .createQueryBuilder('e')
    .innerJoin(RatingEventRegionEntity, 'r', 'r.eventSeq = e.seq')
    .where('r.regionCode = :regionCode', { regionCode })
    .andWhere('r.eventSeq > :afterSeq', { afterSeq })
    .orderBy('r.eventSeq', 'ASC')
    .limit(limit)
    .getMany();
}

/** The catch-up feed: replayable from any cursor, ordered by publication. */
export async function ratingEvents(
  ctx: RequestContext,
  args: { regionCode: string; after?: string | null; first?: number | null },
): Promise<Connection<RatingEventEntity>> {
  const { limit } = pageWindow({ first: args.first }, ctx.config.limits.maxPageSize);
  const afterSeq = args.after ? decodeEventCursor(args.after) : 0;
  await assertMayFollowRegion(ctx, args.regionCode);
  const rows = await eventsAfter(ctx.ds, args.regionCode, afterSeq, limit + 1);
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: eventCursor(node.seq), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: afterSeq > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? (args.after ?? null),
    },
  };
}
