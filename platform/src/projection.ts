import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { isSqlite } from './summaries';

/**
 * Applies an event to a projection row only if the event is newer than the one that last
 * wrote the row. Event consumers apply several jobs at once, so two events about one aggregate
 * queued together (a backlog after an outage, a replay after a Redis wipe) may be applied in
 * either order; event ids are UUIDv7, ordered as the producer made them, so the row keeps the
 * newest. The row is read under lock and a first copy is inserted, never upserted: of two first
 * copies one fails, is retried by its queue, and then compares with the other.
 */
export async function applyNewest<T extends ObjectLiteral & { eventId: string | null }>(
  manager: EntityManager,
  target: EntityTarget<T>,
  key: Partial<T>,
  row: T,
): Promise<'inserted' | 'updated' | 'older'> {
  const existing = await manager.findOne(target, { where: key as never, ...(isSqlite(manager) ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
  if (!existing) {
    await manager.insert(target, row as never);
    return 'inserted';
  }
  if (!isNewer(row.eventId, existing.eventId)) return 'older';
  await manager.update(target, key as never, row as never);
  return 'updated';
}

/** Whether an event id comes after the one a row holds; a row written before ids were kept is older than any event. */
export const isNewer = (incoming: string | null, held: string | null): boolean => held === null || (incoming !== null && incoming > held);
