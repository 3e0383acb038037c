import { utilityGrid } from './utility-grid';

const C = '0192f000-0000-7000-8000-000000000001';
// 2026-11-26T00:00:00Z
const T = 1_795_651_200;

it('maps coverage, outages and maintenance with their service codes', () => {
  expect(utilityGrid.map({ msgType: 'COVERAGE', msgId: 'cov-1', siteRef: C, service: 'G', company: '宁波华润燃气', connected: 480, households: 500, asOf: T })).toEqual({
    ok: true,
    record: { kind: 'UTILITY_COVERAGE', externalId: 'cov-1', compoundId: C, utility: 'GAS', provider: '宁波华润燃气', householdsConnected: 480, householdsTotal: 500, reportedAt: '2026-11-26T00:00:00.000Z' },
  });
  expect(utilityGrid.map({ msgType: 'OUTAGE', msgId: 'o-1', siteRef: C, service: 'E', company: null, headline: '线路故障停电', from: T, until: null })).toEqual({
    ok: true,
    record: { kind: 'UTILITY_NOTICE', externalId: 'o-1', compoundId: C, utility: 'POWER', noticeKind: 'OUTAGE', title: '线路故障停电', startsAt: '2026-11-26T00:00:00.000Z', endsAt: null },
  });
  expect(utilityGrid.map({ msgType: 'MAINT', msgId: 'm-1', siteRef: C, service: 'W', company: '水务', headline: '管网检修停水', from: T, until: T + 3600 })).toMatchObject({
    ok: true,
    record: { utility: 'WATER', noticeKind: 'PLANNED_MAINTENANCE', endsAt: '2026-11-26T01:00:00.000Z' },
  });
});

it.each([
  [{ msgType: 'COVERAGE', msgId: 'c', siteRef: C, service: 'X', company: null, connected: 1, households: 2, asOf: T }, 'service X is not a utility-grid service code'],
  [{ msgType: 'COVERAGE', msgId: 'c', siteRef: C, service: 'E', company: null, connected: 3, households: 2, asOf: T }, 'connected 3 is more than households 2'],
  [{ msgType: 'COVERAGE', msgId: 'c', siteRef: C, service: 'E', company: null, connected: -1, households: 2, asOf: T }, 'connected'],
  [{ msgType: 'COVERAGE', msgId: 'c', siteRef: C, service: 'E', company: null, connected: 1, households: 2, asOf: '2026-11-26' }, 'asOf: expected number'],
  [{ msgType: 'OUTAGE', msgId: 'o', siteRef: C, service: 'E', company: null, headline: 'x', from: T, until: T - 1 }, `until ${T - 1} is before from ${T}`],
  [{ msgType: 'OUTAGE', msgId: 'o', siteRef: C, service: 'E', company: null, headline: '', from: T, until: null }, 'headline'],
  [{ msgType: 'RATE', msgId: 'r', siteRef: C }, 'msgType: Invalid discriminator value'],
  [{ msgType: 'OUTAGE', msgId: 'o', siteRef: C, service: 'E', company: null, headline: 'x', from: T * 1000, until: null }, 'from'],
])('refuses %j with a reason naming the field', (raw, reason) => {
  const mapped = utilityGrid.map(raw);
  expect(mapped.ok).toBe(false);
  if (!mapped.ok) expect(mapped.reason).toContain(reason);
});

it('pages by resume token', () => {
  expect(utilityGrid.pagePath(null, 500)).toBe('/grid/v2/feed?max=500');
  expect(utilityGrid.pagePath('rt-9', 500)).toBe('/grid/v2/feed?after=rt-9&max=500');
  expect(utilityGrid.parsePage({ batch: { entries: [], resumeToken: 'rt-9', remaining: 0 } })).toEqual({ records: [], nextCursor: 'rt-9', hasMore: false });
  expect(() => utilityGrid.parsePage({ entries: [] })).toThrow(/utility-grid page is not/);
});
