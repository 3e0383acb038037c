import { DAY_MS, HOUR_MS, MINUTE_MS, parkingFeeFen, passMonthOf, passMonthWindow, pricingProblem, type FeeRule } from './fee';

const market: FeeRule = { freeMinutes: 15, hourlyFen: 500, dailyCapFen: 4000 };
const at = new Date('2026-11-20T00:00:00.000Z');
const after = (ms: number) => new Date(at.getTime() + ms);

describe('parkingFeeFen', () => {
  it.each([
    ['no time at all', 0, 0],
    ['exactly the free minutes', 15 * MINUTE_MS, 0],
    ['one millisecond past the free minutes: one started hour', 15 * MINUTE_MS + 1, 500],
    ['exactly one hour', HOUR_MS, 500],
    ['one hour and a millisecond: two started hours', HOUR_MS + 1, 1000],
    ['eight hours: exactly the cap', 8 * HOUR_MS, 4000],
    ['seven hours: under the cap', 7 * HOUR_MS, 3500],
    ['nine hours: capped', 9 * HOUR_MS, 4000],
    ['exactly 24 hours: one capped day', DAY_MS, 4000],
    ['24 hours and a millisecond: a day plus one started hour', DAY_MS + 1, 4500],
    ['two days and ten hours: two caps plus a capped rest', 2 * DAY_MS + 10 * HOUR_MS, 12000],
  ])('%s', (_name, ms, fen) => {
    expect(parkingFeeFen(market, at, after(ms))).toBe(fen);
  });

  it('charges nothing to a stay covered by a monthly pass, however long', () => {
    expect(parkingFeeFen(market, at, after(3 * DAY_MS), true)).toBe(0);
  });

  it('without a cap, charges every started hour', () => {
    expect(parkingFeeFen({ freeMinutes: 0, hourlyFen: 300, dailyCapFen: null }, at, after(DAY_MS + 1))).toBe(25 * 300);
  });

  it('with no free time, a millisecond costs an hour', () => {
    expect(parkingFeeFen({ freeMinutes: 0, hourlyFen: 300, dailyCapFen: null }, at, after(1))).toBe(300);
    expect(parkingFeeFen({ freeMinutes: 0, hourlyFen: 300, dailyCapFen: null }, at, at)).toBe(0);
  });

  it('refuses a stay that ends before it starts', () => {
    expect(() => parkingFeeFen(market, at, after(-1))).toThrow(RangeError);
  });
});

describe('pricingProblem', () => {
  const ok = { ...market, monthlyPassFen: 15000 };
  it('accepts a sound rule, zero prices and no cap', () => {
    expect(pricingProblem(ok)).toBeNull();
    expect(pricingProblem({ freeMinutes: 0, hourlyFen: 0, dailyCapFen: null, monthlyPassFen: null })).toBeNull();
    expect(pricingProblem({ ...ok, freeMinutes: 1440 })).toBeNull();
  });
  it.each([
    ['a negative hourly fee', { ...ok, hourlyFen: -1 }, 'hourlyFen'],
    ['a fractional hourly fee', { ...ok, hourlyFen: 1.5 }, 'hourlyFen'],
    ['a negative cap', { ...ok, dailyCapFen: -1 }, 'dailyCapFen'],
    ['a negative pass price', { ...ok, monthlyPassFen: -100 }, 'monthlyPassFen'],
    ['negative free minutes', { ...ok, freeMinutes: -1 }, 'freeMinutes'],
    ['more than a day free', { ...ok, freeMinutes: 1441 }, 'freeMinutes'],
  ])('refuses %s', (_name, rule, field) => {
    expect(pricingProblem(rule)).toContain(field);
  });
});

describe('monthly pass months (China Standard Time)', () => {
  it('runs from local midnight of the first to local midnight of the next month', () => {
    expect(passMonthWindow('2026-11')).toEqual({ from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z') });
    expect(passMonthWindow('2026-12')?.to).toEqual(new Date('2026-12-31T16:00:00Z'));
  });
  it.each(['2026-13', '2026-00', '26-11', '2026-1', ''])('refuses %p', (m) => {
    expect(passMonthWindow(m)).toBeNull();
  });
  it('places an instant in its local month at the boundary', () => {
    expect(passMonthOf(new Date('2026-10-31T15:59:59.999Z'))).toBe('2026-10');
    expect(passMonthOf(new Date('2026-10-31T16:00:00.000Z'))).toBe('2026-11');
  });
});
