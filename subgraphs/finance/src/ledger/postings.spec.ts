import { assertBalanced, assertPositiveFen } from './postings';

const p = (accountId: string, amountFen: number, category = 'REPAIR') => ({ accountId, amountFen, category });
const code = (fn: () => void) => {
  try {
    fn();
  } catch (e: any) {
    return e.extensions?.code;
  }
  return 'OK';
};

describe('double entry', () => {
  it('accepts two or more postings that sum to exactly zero', () => {
    expect(code(() => assertBalanced([p('a', 100), p('b', -100)]))).toBe('OK');
    expect(code(() => assertBalanced([p('a', 100), p('b', -60), p('c', -40)]))).toBe('OK');
  });

  it('refuses an entry one fen off in either direction', () => {
    expect(code(() => assertBalanced([p('a', 100), p('b', -99)]))).toBe('BAD_USER_INPUT');
    expect(code(() => assertBalanced([p('a', 100), p('b', -101)]))).toBe('BAD_USER_INPUT');
  });

  it('refuses a single posting, a zero posting and fractions of a fen', () => {
    expect(code(() => assertBalanced([p('a', 0)]))).toBe('BAD_USER_INPUT');
    expect(code(() => assertBalanced([p('a', 0), p('b', 0)]))).toBe('BAD_USER_INPUT');
    expect(code(() => assertBalanced([p('a', 10.5), p('b', -10.5)]))).toBe('BAD_USER_INPUT');
  });

  it('sums large amounts exactly (no float rounding near 2^53)', () => {
    const big = Number.MAX_SAFE_INTEGER;
    expect(code(() => assertBalanced([p('a', big), p('b', big), p('c', -big), p('d', -big)]))).toBe('OK');
    expect(code(() => assertBalanced([p('a', big), p('b', 1), p('c', -big)]))).toBe('BAD_USER_INPUT');
  });

  it('refuses a category that is not an upper-case name', () => {
    expect(code(() => assertBalanced([p('a', 1, 'repair'), p('b', -1)]))).toBe('BAD_USER_INPUT');
  });

  it('wants a positive whole amount where money moves', () => {
    expect(code(() => assertPositiveFen(1, 'amountFen'))).toBe('OK');
    expect(code(() => assertPositiveFen(0, 'amountFen'))).toBe('BAD_USER_INPUT');
    expect(code(() => assertPositiveFen(0.01, 'amountFen'))).toBe('BAD_USER_INPUT');
  });
});
