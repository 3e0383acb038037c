import { statsWindow } from './stats-window';

describe('statistics period', () => {
  it('counts a single day from its midnight to the next, UTC', () => {
    expect(statsWindow('2026-11-26', '2026-11-26')).toEqual({ from: new Date('2026-11-26T00:00:00Z'), toExclusive: new Date('2026-11-27T00:00:00Z') });
  });
  it('accepts 366 days and refuses 367', () => {
    expect(statsWindow('2024-01-01', '2024-12-31')).toHaveProperty('toExclusive', new Date('2025-01-01T00:00:00Z'));
    expect(statsWindow('2024-01-01', '2025-01-01')).toEqual({ problem: expect.stringContaining('367 days') });
  });
  it('refuses an end before the start and malformed dates', () => {
    expect(statsWindow('2026-11-26', '2026-11-25')).toEqual({ problem: expect.stringContaining('before') });
    expect(statsWindow('2026-11-26', '2026-11-31')).toEqual({ problem: expect.stringContaining('YYYY-MM-DD') });
  });
});
