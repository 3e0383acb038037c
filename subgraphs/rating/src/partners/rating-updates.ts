import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { HubError, ErrorCode, uuidv7 } from '@hub/platform';
import { RatingCounterEntity, RatingEventEntity, RatingEventRegionEntity, type RatingEventType } from './rating-event.entity';

/** What the publishing side tells partners about one compound's result. */
export interface RatingUpdate {
  /** Defaults to RATING_PUBLISHED. */
  type?: RatingEventType;
  resultId: string;
  roundId: string | null;
  compoundId: string;
  firmId: string | null;
  period: string;
  scoreCentipoints: number;
  /** [community, street, district] region codes, as in compound_scope. */
  regionPath: string[];
  publishedAt: Date;
}

/** Counter row holding the last sequence number handed to the rating event log. */
export const EVENT_LOG_COUNTER = 'rating_event_log';

/**
 * Reserves `count` consecutive numbers of a counter. The UPDATE takes the row lock and keeps it
 * until the caller's transaction commits, so numbers become visible in the order they were given.
 */
export async function reserveSequence(manager: EntityManager, counter: string, count: number): Promise<number> {
  const bump = () =>
    manager
      .createQueryBuilder()
      .update(RatingCounterEntity)
      .set({ value: () => `value + ${count}` })
      .where('id = :counter', { counter })
      .execute();
  let result = await bump();
  if (!result.affected) {
    // First use of the counter (the SQLite demo has no migration to create the row).
    await manager.createQueryBuilder().insert().into(RatingCounterEntity).values({ id: counter, value: 0 }).orIgnore().execute();
    result = await bump();
  }
  const row = await manager.findOneByOrFail(RatingCounterEntity, { id: counter });
  return row.value - count + 1;
}

/**
 * Appends rating updates to the ordered partner log, inside the caller's transaction (the one
 * that publishes the results), so an update exists exactly when its result is committed. An
 * update already recorded for the same result and type is skipped, so calling it again for the
 * same results changes nothing. Returns the log entries in the order given.
 */
export async function recordRatingUpdates(manager: EntityManager, updates: RatingUpdate[]): Promise<RatingEventEntity[]> {
  for (const u of updates) {
    if (!Number.isInteger(u.scoreCentipoints) || u.scoreCentipoints < 0 || u.scoreCentipoints > 10_000) {
      throw new HubError(ErrorCode.BAD_USER_INPUT, `Rating score ${u.scoreCentipoints} of result ${u.resultId} is not 0–10000 hundredths of a point`);
    }
  }
  const fresh = dedupe(updates);
  if (fresh.length === 0) return [];
  const existing = await manager
    .createQueryBuilder(RatingEventEntity, 'e')
    .where('e.resultId IN (:...ids)', { ids: fresh.map((u) => u.resultId) })
    .getMany();
  const seen = new Set(existing.map((e) => `${e.type}:${e.resultId}`));
  const todo = fresh.filter((u) => !seen.has(`${u.type ?? 'RATING_PUBLISHED'}:${u.resultId}`));
  if (todo.length === 0) return [];
  const first = await reserveSequence(manager, EVENT_LOG_COUNTER, todo.length);
  const rows = todo.map((u, i) =>
    manager.create(RatingEventEntity, {
      id: uuidv7(),
      seq: first + i,
      type: u.type ?? 'RATING_PUBLISHED',
      resultId: u.resultId,
      roundId: u.roundId,
      compoundId: u.compoundId,
      firmId: u.firmId,
      period: u.period,
      scoreCentipoints: u.scoreCentipoints,
      regionPath: u.regionPath.join(','),
      occurredAt: u.publishedAt,
    }),
  );
  const regions = rows.flatMap((r) =>
    [...new Set(r.regionPath.split(',').filter(Boolean))].map((regionCode) => manager.create(RatingEventRegionEntity, { id: uuidv7(), regionCode, eventSeq: r.seq })),
  );
  // Plain multi-row INSERTs (these rows are new: no read-before-write as `save` does), chunked
  // so a district round of thousands of compounds stays within statement size limits.
  for (let i = 0; i < rows.length; i += 500) await insertRows(manager, RatingEventEntity, rows.slice(i, i + 500));
  for (let i = 0; i < regions.length; i += 1000) await insertRows(manager, RatingEventRegionEntity, regions.slice(i, i + 1000));
  return rows;
}

/** One update; see recordRatingUpdates. Returns null when it had already been recorded. */
export async function recordRatingUpdate(manager: EntityManager, update: RatingUpdate): Promise<RatingEventEntity | null> {
  const [row] = await recordRatingUpdates(manager, [update]);
  return row ?? null;
}

async function insertRows<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, rows: T[]): Promise<void> {
  if (rows.length > 0) await manager.createQueryBuilder().insert().into(entity).values(rows).updateEntity(false).execute();
}

function dedupe(updates: RatingUpdate[]): RatingUpdate[] {
  const seen = new Set<string>();
  return updates.filter((u) => {
    const key = `${u.type ?? 'RATING_PUBLISHED'}:${u.resultId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
