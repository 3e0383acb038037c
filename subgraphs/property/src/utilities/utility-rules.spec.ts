import { coverageProblems, noticeActive, noticeProblems, parseInstant } from './utility-rules';

describe('a notice in effect', () => {
  const n = { startsAt: new Date('2026-11-26T00:00:00Z'), endsAt: new Date('2026-11-26T08:00:00Z') };
  it('includes both ends and nothing outside', () => {
    expect(noticeActive(n, new Date('2026-11-25T23:59:59.999Z'))).toBe(false);
    expect(noticeActive(n, new Date('2026-11-26T00:00:00Z'))).toBe(true);
    expect(noticeActive(n, new Date('2026-11-26T08:00:00Z'))).toBe(true);
    expect(noticeActive(n, new Date('2026-11-26T08:00:00.001Z'))).toBe(false);
  });
  it('keeps an outage without an end in effect', () => {
    expect(noticeActive({ startsAt: n.startsAt, endsAt: null }, new Date('2030-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('instants on the wire', () => {
  it('reads the offset', () => expect(parseInstant('2026-11-26T08:00:00+08:00')?.toISOString()).toBe('2026-11-26T00:00:00.000Z'));
  it.each(['2026-11-26T08:00:00', '2026-11-26', 'tomorrow', '2026-11-26T25:00:00Z'])('refuses %p', (v) => expect(parseInstant(v)).toBeNull());
});

describe('notice terms', () => {
  const ok = { title: '计划停水', startsAt: '2026-11-26T08:00:00+08:00', endsAt: '2026-11-26T12:00:00+08:00', externalId: 'w-1' };
  it('accepts a notice ending when it starts', () => expect(noticeProblems({ ...ok, endsAt: ok.startsAt })).toEqual([]));
  it('refuses an end a second before the start', () =>
    expect(noticeProblems({ ...ok, endsAt: '2026-11-26T07:59:59+08:00' })[0]).toContain('before startsAt'));
  it('refuses an empty title', () => expect(noticeProblems({ ...ok, title: ' ' })[0]).toContain('title'));
});

describe('coverage', () => {
  it('accepts all households connected and none', () => {
    expect(coverageProblems({ householdsConnected: 28, householdsTotal: 28 })).toEqual([]);
    expect(coverageProblems({ householdsConnected: 0 })).toEqual([]);
  });
  it('refuses one more connected than there are, and a negative count', () => {
    expect(coverageProblems({ householdsConnected: 29, householdsTotal: 28 })[0]).toContain('more than');
    expect(coverageProblems({ householdsConnected: -1 })[0]).toContain('zero or more');
  });
});
