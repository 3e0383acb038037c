import type { EntityManager, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import { uuidv7 } from '@hub/platform';

/**
 * JSON kept in a `text` column. TypeORM's `simple-json` maps to different column types per
 * driver, which the hand-written MySQL migrations would then have to guess; plain text does not.
 */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: (value: string | null) => (value === null || value === undefined ? value : JSON.parse(value)),
};

/**
 * Inserts one row of an entity with a fresh UUIDv7 id: `insert` with a plain object skips the
 * entity's own listeners, so the id is set here.
 */
export async function insertRow<T extends ObjectLiteral & { id: string }>(manager: EntityManager, entity: EntityTarget<T>, values: Omit<T, 'id' | 'createdAt' | 'updatedAt' | 'assignId'>): Promise<string> {
  const id = uuidv7();
  await manager.insert(entity, { ...values, id } as unknown as T);
  return id;
}

/** A unique index refused the row (MariaDB/MySQL or SQLite). */
export const isDuplicateKey = (error: unknown): boolean =>
  /ER_DUP_ENTRY|UNIQUE constraint failed/.test(String((error as { code?: string } | null)?.code ?? '') + String((error as Error | null)?.message ?? ''));

/**
 * Runs a create keyed by a caller's idempotency key. Two calls with the same key at the same
 * moment both miss the earlier row; the unique index lets one insert, and the other then
 * answers with the row that won instead of an error.
 */
export async function onceByKey<T>(key: string | null | undefined, create: () => Promise<T>, earlier: () => Promise<T | null>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (!key || !isDuplicateKey(error)) throw error;
    const found = await earlier();
    if (!found) throw error;
    return found;
  }
}
