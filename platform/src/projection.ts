import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { isSqlite } from './summaries';

/**
 * Writes an event's state of an aggregate into a projection row, unless the row already holds a
 * newer event's (ADR 0010). Event consumers apply several jobs at once, so two events about one
 * aggregate queued together (a backlog after an outage, a replay after a Redis wipe) may be
 * applied in either order; event ids are UUIDv7, ordered as the producer made them. One upsert
 * whose update is conditional on the event id: no read first, so no gap locks between
 * projections of different aggregates, and two first copies of one row meet in the key.
 */
export async function applyNewest<T extends ObjectLiteral & { eventId: string | null }>(manager: EntityManager, target: EntityTarget<T>, row: T): Promise<void> {
  const meta = manager.connection.getMetadata(target);
  const columns = meta.columns.filter((c) => c.propertyName in row);
  const q = (name: string) => `\`${name}\``;
  const names = columns.map((c) => c.databaseName);
  const keys = meta.primaryColumns.map((c) => c.databaseName);
  const updated = names.filter((n) => !keys.includes(n) && n !== 'eventId');
  const touched = meta.updateDateColumn?.databaseName;
  const head = `INSERT INTO ${q(meta.tableName)} (${names.map(q).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
  const values = columns.map((c) => row[c.propertyName] ?? null);
  if (isSqlite(manager)) {
    const set = [...updated.map((n) => `${q(n)} = excluded.${q(n)}`), ...(touched ? [`${q(touched)} = CURRENT_TIMESTAMP`] : []), '`eventId` = excluded.`eventId`'];
    await manager.query(`${head} ON CONFLICT (${keys.map(q).join(', ')}) DO UPDATE SET ${set.join(', ')} WHERE ${q(meta.tableName)}.\`eventId\` IS NULL OR excluded.\`eventId\` > ${q(meta.tableName)}.\`eventId\``, values);
    return;
  }
  // MySQL assigns left to right: `eventId` goes last, so every condition sees the row's old id.
  const newer = '(`eventId` IS NULL OR VALUES(`eventId`) > `eventId`)';
  const set = [...updated.map((n) => `${q(n)} = IF(${newer}, VALUES(${q(n)}), ${q(n)})`), ...(touched ? [`${q(touched)} = IF(${newer}, CURRENT_TIMESTAMP(6), ${q(touched)})`] : []), `\`eventId\` = IF(${newer}, VALUES(\`eventId\`), \`eventId\`)`];
  await manager.query(`${head} ON DUPLICATE KEY UPDATE ${set.join(', ')}`, values);
}
