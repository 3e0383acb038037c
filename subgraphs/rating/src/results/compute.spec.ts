import { computeResult, satisfactionPoints, type Sheet } from './compute';
import { toCentipoints, fraction } from './fixed-point';
import type { SchemeRules } from '../schemes/scheme-rules';

const scheme = (over: Partial<SchemeRules> = {}): SchemeRules => ({
  indicators: [
    { code: 'CLEANING', name: '保洁', weightBp: 6_000 },
    { code: 'REPAIRS', name: '维修', weightBp: 4_000 },
  ],
  groups: [
    { group: 'OWNERS_COMMITTEE', proportionBp: 5_000, minRaters: 2 },
    { group: 'OWNER_REPRESENTATIVES', proportionBp: 3_000, minRaters: 1 },
    { group: 'COMMUNITY', proportionBp: 2_000, minRaters: 1 },
  ],
  incompleteGroupRule: 'REDISTRIBUTE',
  listRule: { kind: 'SHARE', red: 1_000, black: 1_000 },
  ...over,
});
const sheet = (group: Sheet['group'], cleaning: number, repairs: number): Sheet => ({ group, scores: { CLEANING: cleaning, REPAIRS: repairs } });

describe('toCentipoints', () => {
  it('rounds half up at exactly half a hundredth', () => {
    expect(toCentipoints(fraction(92345, 1000))).toBe(9235);
    expect(toCentipoints(fraction(923449, 10000))).toBe(9234);
    expect(toCentipoints(fraction(100))).toBe(10000);
    expect(toCentipoints(fraction(0))).toBe(0);
  });
});

describe('computeResult', () => {
  it('weights group means per indicator, then groups by proportion', () => {
    const r = computeResult(scheme(), [
      sheet('OWNERS_COMMITTEE', 90, 80),
      sheet('OWNERS_COMMITTEE', 80, 71),
      sheet('OWNER_REPRESENTATIVES', 70, 60),
      sheet('COMMUNITY', 100, 100),
    ]);
    // OC: cleaning 85, repairs 75.5 → 0.6×85 + 0.4×75.5 = 81.2; OR: 66; CO: 100
    // overall 0.5×81.2 + 0.3×66 + 0.2×100 = 80.4
    expect(r.outcome).toBe('RATED');
    if (r.outcome !== 'RATED') return;
    expect(r.scoreCentipoints).toBe(8040);
    expect(r.groups.map((g) => g.scoreCentipoints)).toEqual([8120, 6600, 10000]);
    expect(r.groups[0].indicators).toEqual([
      { code: 'CLEANING', meanCentipoints: 8500 },
      { code: 'REPAIRS', meanCentipoints: 7550 },
    ]);
    expect(r.groups.map((g) => g.appliedBp)).toEqual([5000, 3000, 2000]);
  });

  it('keeps thirds exact until the final rounding', () => {
    // Three raters: means 200/3 = 66.666…; all groups alike so overall = 66.67
    const s = scheme({ groups: [{ group: 'COMMUNITY', proportionBp: 10_000, minRaters: 1 }] });
    const r = computeResult(s, [sheet('COMMUNITY', 100, 100), sheet('COMMUNITY', 100, 100), sheet('COMMUNITY', 0, 0)]);
    expect(r).toMatchObject({ outcome: 'RATED', scoreCentipoints: 6667 });
  });

  it('counts a group at exactly its minimum and not one rater below', () => {
    const atMinimum = computeResult(scheme(), [sheet('OWNERS_COMMITTEE', 50, 50), sheet('OWNERS_COMMITTEE', 50, 50), sheet('OWNER_REPRESENTATIVES', 100, 100), sheet('COMMUNITY', 100, 100)]);
    expect(atMinimum).toMatchObject({ outcome: 'RATED', scoreCentipoints: 7500 });
    expect(atMinimum.groups[0].complete).toBe(true);
    const below = computeResult(scheme(), [sheet('OWNERS_COMMITTEE', 50, 50), sheet('OWNER_REPRESENTATIVES', 100, 100), sheet('COMMUNITY', 100, 100)]);
    expect(below.groups[0]).toMatchObject({ complete: false, raters: 1, appliedBp: 0, scoreCentipoints: 5000 });
    // REDISTRIBUTE: OC's 50% is shared 3:2 between the others, both 100 → 100
    expect(below).toMatchObject({ outcome: 'RATED', scoreCentipoints: 10000 });
    expect(below.groups.map((g) => g.appliedBp)).toEqual([0, 6000, 4000]);
  });

  it('withholds the score under WITHHOLD when any group is short, saying which', () => {
    const r = computeResult(scheme({ incompleteGroupRule: 'WITHHOLD' }), [sheet('OWNERS_COMMITTEE', 50, 50), sheet('OWNER_REPRESENTATIVES', 100, 100), sheet('COMMUNITY', 100, 100)]);
    expect(r.outcome).toBe('WITHHELD');
    if (r.outcome === 'WITHHELD') expect(r.reason).toContain('OWNERS_COMMITTEE has 1 of the 2 raters required');
  });

  it('withholds under REDISTRIBUTE when no group is complete', () => {
    expect(computeResult(scheme(), []).outcome).toBe('WITHHELD');
  });

  it('feeds resident satisfaction from closed requests as its own group', () => {
    const s = scheme({
      groups: [
        { group: 'COMMUNITY', proportionBp: 9_000, minRaters: 1 },
        { group: 'RESIDENT_SATISFACTION', proportionBp: 1_000, minRaters: 3 },
      ],
    });
    expect(satisfactionPoints(1)).toBe(0);
    expect(satisfactionPoints(5)).toBe(100);
    const r = computeResult(s, [sheet('COMMUNITY', 80, 80)], [5, 4, 3]);
    // satisfaction (100+75+50)/3 = 75; overall 0.9×80 + 0.1×75 = 79.5
    expect(r).toMatchObject({ outcome: 'RATED', scoreCentipoints: 7950 });
    const short = computeResult(s, [sheet('COMMUNITY', 80, 80)], [5, 4]);
    expect(short).toMatchObject({ outcome: 'RATED', scoreCentipoints: 8000 });
    expect(short.groups[1]).toMatchObject({ complete: false, raters: 2 });
  });

  it('does not depend on the order sheets arrived in', () => {
    const sheets = [sheet('OWNERS_COMMITTEE', 91, 77), sheet('OWNERS_COMMITTEE', 64, 83), sheet('OWNER_REPRESENTATIVES', 59, 99), sheet('COMMUNITY', 88, 87)];
    const a = computeResult(scheme(), sheets);
    const b = computeResult(scheme(), [...sheets].reverse());
    expect(a).toEqual(b);
  });
});
