import { parseQuarter, quarterDates } from './period';

describe('parseQuarter', () => {
  it('gives the first instant of the quarter and of the next', () => {
    const q = parseQuarter('2026-Q4');
    expect(q.start.toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(q.end.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(quarterDates(q)).toEqual({ first: '2026-10-01', last: '2026-12-31' });
    expect(quarterDates(parseQuarter('2028-Q1'))).toEqual({ first: '2028-01-01', last: '2028-03-31' });
  });
  it.each(['2026-Q0', '2026-Q5', '2026Q1', '26-Q1', '2026-q1'])('refuses %s', (p) => {
    expect(() => parseQuarter(p)).toThrow('quarter written like 2026-Q3');
  });
});
