import { coversDay, isIsoDate, overlapsWindow, periodsOverlap, utcDay } from './period';

describe('contract periods', () => {
  const june = { startsOn: '2026-06-01', endsOn: '2026-06-30' };

  it('covers its first and last day and nothing outside', () => {
    expect(coversDay(june, '2026-05-31')).toBe(false);
    expect(coversDay(june, '2026-06-01')).toBe(true);
    expect(coversDay(june, '2026-06-30')).toBe(true);
    expect(coversDay(june, '2026-07-01')).toBe(false);
  });

  it('treats an open end as running on', () => {
    expect(coversDay({ startsOn: '2026-06-01', endsOn: null }, '2099-12-31')).toBe(true);
    expect(coversDay({ startsOn: '2026-06-01', endsOn: null }, '2026-05-31')).toBe(false);
  });

  it('lets a contract start the day after the previous one ends', () => {
    expect(periodsOverlap(june, { startsOn: '2026-07-01', endsOn: null })).toBe(false);
    expect(periodsOverlap({ startsOn: '2026-05-01', endsOn: '2026-05-31' }, june)).toBe(false);
  });

  it('refuses sharing even a single day, in either order', () => {
    expect(periodsOverlap(june, { startsOn: '2026-06-30', endsOn: null })).toBe(true);
    expect(periodsOverlap({ startsOn: '2026-06-30', endsOn: null }, june)).toBe(true);
    expect(periodsOverlap({ startsOn: '2026-05-01', endsOn: '2026-06-01' }, june)).toBe(true);
  });

  it('finds containment and two open ends overlapping', () => {
    expect(periodsOverlap(june, { startsOn: '2026-06-10', endsOn: '2026-06-11' })).toBe(true);
    expect(periodsOverlap({ startsOn: '2020-01-01', endsOn: null }, { startsOn: '2030-01-01', endsOn: null })).toBe(true);
  });

  it('checks a window with both ends included', () => {
    expect(overlapsWindow(june, '2026-06-30', '2026-07-31')).toBe(true);
    expect(overlapsWindow(june, '2026-07-01', '2026-07-31')).toBe(false);
  });

  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-6-1')).toBe(false);
    expect(isIsoDate('2026-06-01T00:00:00Z')).toBe(false);
  });

  it('takes the UTC day, not the local one', () => {
    expect(utcDay(new Date('2026-06-30T23:59:59.999Z'))).toBe('2026-06-30');
    expect(utcDay(new Date('2026-07-01T00:00:00+08:00'))).toBe('2026-06-30');
  });
});
