import { In, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { settle } from './apply-context';

const isSqlite = (manager: EntityManager) => manager.connection.options.type === 'better-sqlite3';

/** A column's value as the driver takes it: JSON as text, transformers applied, timestamps filled. */
function cell(column: ColumnMetadata, row: ObjectLiteral, now: Date): unknown {
  let value = column.getEntityValue(row);
  if (value === undefined && (column.isCreateDate || column.isUpdateDate)) value = now;
  if (value === undefined) return null;
  const transformers = column.transformer ? (Array.isArray(column.transformer) ? column.transformer : [column.transformer]) : [];
  for (const t of transformers) value = t.to(value);
  if (value !== null && (column.type === 'simple-json' || column.type === 'json')) return JSON.stringify(value);
  return value;
}

/**
 * Multi-row INSERT as plain SQL; with `upsert`, `ON DUPLICATE KEY UPDATE` of every column but the
 * key and the creation time. Building thousand-row statements in TypeORM's insert builder took
 * about a fifth of a batch's apply on MySQL; the values bound here are those the builder binds
 * (Dates as Dates, JSON as text). On SQLite (the demo) the builder stays: small batches, and the
 * dialect is the builder's business.
 */
export async function bulkInsert<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: T[], options: { perStatement: number; upsert?: boolean }): Promise<void> {
  if (rows.length === 0) return;
  if (isSqlite(manager)) {
    for (let i = 0; i < rows.length; i += options.perStatement) {
      const chunk = rows.slice(i, i + options.perStatement);
      if (options.upsert) await manager.upsert(target, chunk as never, ['id']);
      else await manager.insert(target, chunk as never);
    }
    return;
  }
  const meta = manager.connection.getMetadata(target);
  const columns = meta.columns.filter((c) => c.isInsert);
  const head = `INSERT INTO \`${meta.tableName}\` (${columns.map((c) => `\`${c.databaseName}\``).join(', ')}) VALUES `;
  // An upsert takes every column of the row given but its key and its creation time.
  const updated = options.upsert ? columns.filter((c) => !c.isPrimary && !c.isCreateDate).map((c) => c.databaseName) : [];
  const tail = updated.length ? ` ON DUPLICATE KEY UPDATE ${updated.map((c) => `\`${c}\` = VALUES(\`${c}\`)`).join(', ')}` : '';
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const now = new Date();
  const statements: Promise<unknown>[] = [];
  for (let i = 0; i < rows.length; i += options.perStatement) {
    const chunk = rows.slice(i, i + options.perStatement);
    const params: unknown[] = [];
    for (const row of chunk) for (const c of columns) params.push(cell(c, row, now));
    statements.push(manager.query(head + chunk.map(() => tuple).join(', ') + tail, params));
  }
  await settle(statements);
}

/**
 * Entities of `target` whose `column` is one of `values` (on MySQL, `FOR UPDATE` with `lock`), read
 * with plain SQL and hydrated as TypeORM would (transformers, JSON, dates): for the applier's
 * reads of thousands of keys, where TypeORM's find spent more time naming parameters and mapping
 * aliased columns than the statement took. SQLite (the demo) keeps the builder.
 */
export async function findIn<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, where: Array<{ column: string; values: readonly unknown[]; and?: Record<string, unknown> }>, options: { lock?: boolean } = {}): Promise<T[]> {
  const parts = where.filter((w) => w.values.length > 0);
  if (parts.length === 0) return [];
  if (isSqlite(manager)) {
    return manager.find(target, { where: parts.map((w) => ({ ...w.and, [w.column]: In([...w.values]) })) as never });
  }
  const meta = manager.connection.getMetadata(target);
  const columns = meta.columns;
  const params: unknown[] = [];
  const conditions = parts.map((w) => {
    const and = Object.entries(w.and ?? {}).map(([c, v]) => {
      params.push(v);
      return `\`${c}\` = ? AND `;
    });
    params.push(...w.values);
    return `(${and.join('')}\`${w.column}\` IN (${w.values.map(() => '?').join(', ')}))`;
  });
  const rows: Record<string, unknown>[] = await manager.query(`SELECT ${columns.map((c) => `\`${c.databaseName}\``).join(', ')} FROM \`${meta.tableName}\` WHERE ${conditions.join(' OR ')}${options.lock ? ' FOR UPDATE' : ''}`, params);
  const driver = manager.connection.driver;
  return rows.map((raw) => {
    const entity = meta.create() as T;
    for (const c of columns) c.setEntityValue(entity, driver.prepareHydratedValue(raw[c.databaseName], c));
    return entity;
  });
}
