import { pageWindow, toConnection, type Connection, type PageArgs, type RequestContext } from '@hub/platform';

/**
 * A page of a per-parent list that was loaded whole for all parents in one batched statement
 * (so that a list field under a page of parents still costs one statement). `rows` must already be
 * in the list's order; `descending` says whether that order is newest id first.
 */
export function pageInMemory<T extends { id: string }>(ctx: Pick<RequestContext, 'config'>, rows: T[], args: PageArgs, descending = false): Connection<T> {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  let start = 0;
  if (afterId) {
    const i = rows.findIndex((r) => (descending ? r.id < afterId : r.id > afterId));
    start = i < 0 ? rows.length : i;
  }
  return toConnection(rows.slice(start, start + limit + 1), limit, start > 0);
}

/** Groups rows by a key, keeping their order, as DataLoader batch results for `keys`. */
export function groupByKeys<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}
