import DataLoader from 'dataloader';
import { In, type DataSource, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';

/**
 * Per-request DataLoaders: created lazily by name on the request context so that every entity
 * reference and list field in one request shares one batch, hence one SQL statement per type.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>(batch) as DataLoader<unknown, unknown>;
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders rows to match the requested keys; missing keys become null, as DataLoader requires. */
export function byKeys<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): (T | null)[] {
  const index = new Map<K, T>();
  for (const row of rows) index.set(keyOf(row), row);
  return keys.map((key) => index.get(key) ?? null);
}

/**
 * The common case: one entity by one unique column, batched per request into a single
 * `WHERE column IN (...)`.
 */
export function loadOneBy<T extends ObjectLiteral, K extends keyof T & string>(
  ctx: { loaders: Loaders; ds: DataSource },
  entity: EntityTarget<T>,
  column: K,
  value: T[K],
): Promise<T | null> {
  const name = `${ctx.ds.getMetadata(entity).name}.${column}`;
  return ctx.loaders
    .get<T[K], T | null>(name, async (values) =>
      byKeys(values, await ctx.ds.getRepository(entity).findBy({ [column]: In([...values]) } as FindOptionsWhere<T>), (row) => row[column]),
    )
    .load(value);
}
