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
