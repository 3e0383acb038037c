import { GraphQLError } from 'graphql';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, pageWindow, toConnection } from './relay';

const MAX = 50;
const ID = '018f3a2b-7c4d-7e8f-9a0b-1c2d3e4f5a6b';

const thrown = (fn: () => unknown): GraphQLError => {
  try {
    fn();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected an error');
};

describe('pageWindow', () => {
  it('accepts first = 1', () => {
    expect(pageWindow({ first: 1 }, MAX)).toEqual({ limit: 1, afterId: null });
  });

  it('accepts first equal to the cap', () => {
    expect(pageWindow({ first: MAX }, MAX)).toEqual({ limit: MAX, afterId: null });
  });

  it.each([0, -1, MAX + 1, 1.5, Number.NaN])('refuses first = %p with BAD_USER_INPUT naming the cap', (first) => {
    const error = thrown(() => pageWindow({ first }, MAX));
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first', max: MAX });
    expect(error.message).toContain(`between 1 and ${MAX}`);
  });

  it('uses the default page size when first is null or absent', () => {
    expect(pageWindow({ first: null }, MAX).limit).toBe(DEFAULT_PAGE_SIZE);
    expect(pageWindow({}, MAX).limit).toBe(DEFAULT_PAGE_SIZE);
  });

  it('decodes the after cursor to an id', () => {
    expect(pageWindow({ first: 5, after: encodeCursor(ID) }, MAX)).toEqual({ limit: 5, afterId: ID });
  });

  it('treats an empty after cursor as the first page', () => {
    expect(pageWindow({ first: 5, after: '' }, MAX).afterId).toBeNull();
    expect(pageWindow({ first: 5, after: null }, MAX).afterId).toBeNull();
  });

  it('refuses a foreign after cursor', () => {
    expect(thrown(() => pageWindow({ first: 5, after: 'b2Zmc2V0OjEw' }, MAX)).extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('encodeCursor / decodeCursor', () => {
  it('round-trips an id', () => {
    expect(decodeCursor(encodeCursor(ID))).toBe(ID);
  });

  it('produces an opaque URL-safe cursor', () => {
    const cursor = encodeCursor(ID);
    expect(cursor).not.toContain(ID);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['an arbitrary base64 string', Buffer.from('offset:10').toString('base64url')],
    ['a raw id', ID],
    ['a cursor with the prefix but no id', Buffer.from('id:').toString('base64url')],
    ['an empty string', ''],
  ])('refuses %s with BAD_USER_INPUT on argument after', (_label, cursor) => {
    const error = thrown(() => decodeCursor(cursor));
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
  });
});

describe('toConnection', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `id-${i}` }));

  it('drops the extra row and reports a next page when limit + 1 rows came back', () => {
    const connection = toConnection(rows(4), 3);
    expect(connection.edges.map((e) => e.node.id)).toEqual(['id-0', 'id-1', 'id-2']);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(connection.pageInfo.endCursor).toBe(encodeCursor('id-2'));
  });

  it('reports no next page when exactly limit rows came back', () => {
    const connection = toConnection(rows(3), 3);
    expect(connection.edges).toHaveLength(3);
    expect(connection.pageInfo.hasNextPage).toBe(false);
  });

  it('gives each edge the cursor of its node, start and end cursors of the first and last edge', () => {
    const connection = toConnection(rows(2), 5);
    expect(connection.edges.map((e) => decodeCursor(e.cursor))).toEqual(['id-0', 'id-1']);
    expect(connection.pageInfo.startCursor).toBe(encodeCursor('id-0'));
    expect(connection.pageInfo.endCursor).toBe(encodeCursor('id-1'));
  });

  it('has null cursors and no pages when empty', () => {
    expect(toConnection([], 5)).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('passes hasPreviousPage through', () => {
    expect(toConnection(rows(1), 5, true).pageInfo.hasPreviousPage).toBe(true);
  });
});

describe('default page size under a small cap', () => {
  it('uses the cap when it is below the default', () => {
    expect(pageWindow({}, 10).limit).toBe(10);
  });
});
