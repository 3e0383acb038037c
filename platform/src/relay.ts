import { badInput } from './errors';

/** Relay connection arguments; only forward paging, keyset on the UUIDv7 id. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export const DEFAULT_PAGE_SIZE = 20;

const CURSOR_PREFIX = 'id:';
export const encodeCursor = (id: string): string => Buffer.from(CURSOR_PREFIX + id).toString('base64url');

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || decoded.length === CURSOR_PREFIX.length) {
    throw badInput(`Cursor "${cursor}" is not one this API issued; pass an endCursor from a previous page`, {
      argument: 'after',
    });
  }
  return decoded.slice(CURSOR_PREFIX.length);
}

/** Validates paging input against the hard cap; a larger page is refused rather than silently cut. */
export function pageWindow(args: PageArgs, maxPageSize: number): { limit: number; afterId: string | null } {
  const first = args.first ?? Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
    throw badInput(`first must be between 1 and ${maxPageSize} (the page-size cap), got ${first}`, {
      argument: 'first',
      max: maxPageSize,
    });
  }
  return { limit: first, afterId: args.after ? decodeCursor(args.after) : null };
}

/** Rows were fetched with `limit + 1` so that one extra row tells whether another page exists. */
export function toConnection<T extends { id: string }>(rows: T[], limit: number, hasPrevious = false): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(node.id), node }));
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
