import { hasEnded, isClosed, isOverdue, monthsWithin, parsePeriod } from './period';

describe('statement periods', () => {
  it('reads months and quarters as [start, end) in UTC', () => {
    const oct = parsePeriod('2026-10');
    expect([oct.start.toISOString(), oct.end.toISOString(), oct.firstDay, oct.lastDay]).toEqual(['2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '2026-10-01', '2026-10-31']);
    const q4 = parsePeriod('2026-Q4');
    expect([q4.start.toISOString(), q4.end.toISOString(), q4.lastDay]).toEqual(['2026-10-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', '2026-12-31']);
    expect(parsePeriod('2028-02').lastDay).toBe('2028-02-29');
  });

  it('refuses anything else', () => {
    for (const bad of ['2026-13', '2026-00', '2026-Q5', '2026-1', 'October']) expect(() => parsePeriod(bad)).toThrow(/month like/);
  });

  it('ends at the first instant of the next period', () => {
    const oct = parsePeriod('2026-10');
    expect(hasEnded(oct, new Date('2026-10-31T23:59:59.999Z'))).toBe(false);
    expect(hasEnded(oct, new Date('2026-11-01T00:00:00.000Z'))).toBe(true);
  });

  it('is overdue once 15 full days have passed after the end', () => {
    const oct = parsePeriod('2026-10');
    expect(isOverdue(oct, new Date('2026-11-15T23:59:59.999Z'))).toBe(false);
    expect(isOverdue(oct, new Date('2026-11-16T00:00:00.000Z'))).toBe(true);
  });

  it('closes every day up to and including the last published day', () => {
    expect(isClosed(new Date('2026-10-31T23:59:59.999Z'), '2026-10-31')).toBe(true);
    expect(isClosed(new Date('2026-11-01T00:00:00.000Z'), '2026-10-31')).toBe(false);
    expect(isClosed(new Date('2020-01-01T00:00:00.000Z'), null)).toBe(false);
  });

  it('lists the whole months inside a range', () => {
    expect(monthsWithin(new Date('2026-09-15T00:00:00Z'), new Date('2026-12-01T00:00:00Z')).map((p) => p.label)).toEqual(['2026-10', '2026-11']);
    expect(monthsWithin(new Date('2026-12-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z')).map((p) => p.label)).toEqual(['2026-12', '2027-01']);
  });
});
