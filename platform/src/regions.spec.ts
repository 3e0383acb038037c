import { regionLevel, regionPathOfCode, regionPrefix, regionWithin, statsWindow } from './regions';

describe('region codes', () => {
  it('tells the level from the trailing zeros', () => {
    expect(regionLevel('330203000000')).toBe('DISTRICT');
    expect(regionLevel('330203012000')).toBe('STREET');
    expect(regionLevel('330203012003')).toBe('COMMUNITY');
    expect(regionLevel('330000000000')).toBeNull();
    expect(regionLevel('33020301200')).toBeNull();
  });
  it('gives the path up to the district and the prefix of everything inside', () => {
    expect(regionPathOfCode('330203012003')).toEqual(['330203012003', '330203012000', '330203000000']);
    expect(regionPathOfCode('330203012000')).toEqual(['330203012000', '330203000000']);
    expect(regionPathOfCode('330203000000')).toEqual(['330203000000']);
    expect(regionPathOfCode('bad')).toEqual([]);
    expect(regionPrefix('330203000000')).toBe('330203');
    expect(regionPrefix('330203012003')).toBe('330203012003');
    expect(regionPrefix('330203012000')).toBe('330203012');
  });
  it('knows a street inside its district and not inside another', () => {
    expect(regionWithin('330203012000', '330203000000')).toBe(true);
    expect(regionWithin('330203012000', '330203012000')).toBe(true);
    expect(regionWithin('330203000000', '330203012000')).toBe(false);
    expect(regionWithin('330212003000', '330203000000')).toBe(false);
  });
});

describe('statistics period', () => {
  it('counts dates as whole UTC days, both included', () => {
    expect(statsWindow('2026-11-26', '2026-11-26')).toEqual({ from: new Date('2026-11-26T00:00:00Z'), toExclusive: new Date('2026-11-27T00:00:00Z') });
  });
  it('takes instants as they are, the end excluded', () => {
    expect(statsWindow('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual({ from: new Date('2026-01-01T00:00:00Z'), toExclusive: new Date('2027-01-01T00:00:00Z') });
    expect(statsWindow('2026-01-01T08:00:00+08:00', '2026-01-02')).toEqual({ from: new Date('2026-01-01T00:00:00Z'), toExclusive: new Date('2026-01-03T00:00:00Z') });
  });
  it('accepts 366 days and refuses 367, or the limit given', () => {
    expect(statsWindow('2024-01-01', '2024-12-31')).toHaveProperty('toExclusive', new Date('2025-01-01T00:00:00Z'));
    expect(statsWindow('2024-01-01', '2025-01-01')).toEqual({ problem: expect.stringContaining('367 days') });
    expect(statsWindow('2024-01-01', '2025-01-01', 400)).toHaveProperty('from');
  });
  it('refuses an empty or reversed period and malformed ends', () => {
    expect(statsWindow('2026-11-26T00:00:00Z', '2026-11-26T00:00:00Z')).toEqual({ problem: expect.stringContaining('not after') });
    expect(statsWindow('2026-11-26', '2026-11-25')).toEqual({ problem: expect.stringContaining('not after') });
    expect(statsWindow('2026-11-26', '2026-11-31')).toEqual({ problem: expect.stringContaining('YYYY-MM-DD') });
    expect(statsWindow('2026-11-26T08:00:00', '2026-11-27')).toEqual({ problem: expect.stringContaining('ISO-8601') });
  });
});
