import { badInput, decodeCursor, encodeCursor, type Connection } from '@hub/platform';

/**
 * Cursors for lists ordered by a number (rank ascending, score descending) and then id: the
 * platform cursor carries "<number>.<id>", so paging stays a keyset however the list is sorted.
 */
export const sortCursor = (key: number, id: string): string => encodeCursor(`${key}.${id}`);

export function decodeSortCursor(cursor: string): { key: number; id: string } {
  const m = /^(-?\d+)\.(.+)$/.exec(decodeCursor(cursor));
  if (!m) throw badInput(`Cursor "${cursor}" does not belong to this list; pass an endCursor from a previous page of it`, { argument: 'after' });
  return { key: Number(m[1]), id: m[2] };
}

/** Rows fetched with `limit + 1`; cursors from the row's sort key. */
export function toSortedConnection<T extends { id: string }>(rows: T[], limit: number, keyOf: (row: T) => number, hasPrevious: boolean): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: sortCursor(keyOf(node), node.id), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** In-memory window over rows already sorted by (key direction, id), for batched per-parent lists. */
export function windowSorted<T extends { id: string }>(
  sorted: T[],
  limit: number,
  after: string | null | undefined,
  keyOf: (row: T) => number,
  direction: 'asc' | 'desc',
): Connection<T> {
  let start = 0;
  if (after) {
    const c = decodeSortCursor(after);
    start = sorted.findIndex((r) => {
      const k = keyOf(r);
      return direction === 'asc' ? k > c.key || (k === c.key && r.id > c.id) : k < c.key || (k === c.key && r.id > c.id);
    });
    if (start < 0) start = sorted.length;
  }
  return toSortedConnection(sorted.slice(start, start + limit + 1), limit, keyOf, start > 0);
}
