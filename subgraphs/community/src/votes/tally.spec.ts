import { ruleFor, tallyVotes, type BallotChoice, type CastBallot, type ElectorateUnit } from './tally';

/** n owners of one unit each, every unit of the given area. */
const owners = (n: number, area = 100): ElectorateUnit[] => Array.from({ length: n }, (_, i) => ({ voterKey: `o${i}`, areaCentiM2: area }));
/** Ballots for the first owners in order: `counts` of each choice. */
const ballots = (counts: Partial<Record<BallotChoice, number>>): CastBallot[] => {
  const out: CastBallot[] = [];
  for (const choice of ['FOR', 'AGAINST', 'ABSTAIN'] as BallotChoice[]) {
    for (let i = 0; i < (counts[choice] ?? 0); i++) out.push({ voterKey: `o${out.length}`, choice });
  }
  return out;
};

describe('ruleFor', () => {
  it('asks three quarters for items 6, 7 and 8 only', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(ruleFor)).toEqual([
      'MAJORITY_OF_PARTICIPANTS',
      'MAJORITY_OF_PARTICIPANTS',
      'MAJORITY_OF_PARTICIPANTS',
      'MAJORITY_OF_PARTICIPANTS',
      'MAJORITY_OF_PARTICIPANTS',
      'THREE_QUARTERS_OF_PARTICIPANTS',
      'THREE_QUARTERS_OF_PARTICIPANTS',
      'THREE_QUARTERS_OF_PARTICIPANTS',
      'MAJORITY_OF_PARTICIPANTS',
    ]);
  });
  it.each([0, 10, 2.5, -1])('refuses item %p', (item) => expect(() => ruleFor(item)).toThrow(RangeError));
});

describe('quorum: at least 2/3 of area and of heads', () => {
  it('is met at exactly 2 of 3 heads and 2/3 of the area', () => {
    const t = tallyVotes(1, owners(3), ballots({ FOR: 2 }));
    expect(t.participating).toEqual({ area: 200n, heads: 2 });
    expect(t.quorumMet).toBe(true);
  });
  it('is missed one head below 2/3 (65 of 99 heads, though 66 would do)', () => {
    expect(tallyVotes(1, owners(99), ballots({ FOR: 65 })).quorumMet).toBe(false);
    expect(tallyVotes(1, owners(99), ballots({ FOR: 66 })).quorumMet).toBe(true);
  });
  it('is missed by one hundredth of a square metre of area even with every head but one', () => {
    // 4 owners: three of 100 and one of 151 (total 451); 2/3 of 451 is 300.67, so 300 is short.
    const electorate = [...owners(3), { voterKey: 'big', areaCentiM2: 151 }];
    const t = tallyVotes(1, electorate, ballots({ FOR: 3 }));
    expect(t.participating.heads * 3).toBeGreaterThanOrEqual(t.eligible.heads * 2);
    expect(t.quorumMet).toBe(false);
    // with the 151 unit in and one 100 unit out: 351 of 451 ≥ 2/3
    expect(tallyVotes(1, electorate, [{ voterKey: 'o0', choice: 'FOR' }, { voterKey: 'o1', choice: 'FOR' }, { voterKey: 'big', choice: 'FOR' }]).quorumMet).toBe(true);
  });
  it('is met at exactly 2/3 of the area (area 200 of 300)', () => {
    const electorate = [
      { voterKey: 'a', areaCentiM2: 100 },
      { voterKey: 'b', areaCentiM2: 100 },
      { voterKey: 'c', areaCentiM2: 100 },
    ];
    expect(tallyVotes(1, electorate, [{ voterKey: 'a', choice: 'ABSTAIN' }, { voterKey: 'b', choice: 'AGAINST' }]).quorumMet).toBe(true);
  });
  it('is missed on heads even with most of the area', () => {
    // one owner of 900 votes, two owners of 50 stay away: area 90%, heads 1/3
    const electorate = [{ voterKey: 'a', areaCentiM2: 900 }, { voterKey: 'b', areaCentiM2: 50 }, { voterKey: 'c', areaCentiM2: 50 }];
    const t = tallyVotes(1, electorate, [{ voterKey: 'a', choice: 'FOR' }]);
    expect(t.quorumMet).toBe(false);
    expect(t.passed).toBe(false);
  });
  it('is never met in an empty electorate', () => {
    expect(tallyVotes(1, [], []).quorumMet).toBe(false);
  });
});

describe('majority items: strictly more than 1/2 of participating area and heads', () => {
  it('fails at exactly half the heads', () => {
    const t = tallyVotes(1, owners(4), ballots({ FOR: 2, AGAINST: 2 }));
    expect(t.quorumMet).toBe(true);
    expect(t.passed).toBe(false);
  });
  it('passes one head above half', () => {
    expect(tallyVotes(1, owners(5), ballots({ FOR: 3, AGAINST: 2 })).passed).toBe(true);
  });
  it('fails at exactly half the area though a majority of heads is for', () => {
    // for: two owners of 100 = 200; against: one owner of 200; area 200/400 is not more than half
    const electorate = [...owners(2), { voterKey: 'o2', areaCentiM2: 200 }];
    const t = tallyVotes(3, electorate, ballots({ FOR: 2, AGAINST: 1 }));
    expect(t.for).toEqual({ area: 200n, heads: 2 });
    expect(t.passed).toBe(false);
    // one hundredth of a square metre more for and it passes
    expect(tallyVotes(3, [{ voterKey: 'o0', areaCentiM2: 101 }, { voterKey: 'o1', areaCentiM2: 100 }, { voterKey: 'o2', areaCentiM2: 200 }], ballots({ FOR: 2, AGAINST: 1 })).passed).toBe(true);
  });
  it('counts abstentions as participants: 2 for, 1 against, 1 abstain is not a majority', () => {
    const t = tallyVotes(9, owners(4), ballots({ FOR: 2, AGAINST: 1, ABSTAIN: 1 }));
    expect(t.participating.heads).toBe(4);
    expect(t.abstain).toEqual({ area: 100n, heads: 1 });
    expect(t.passed).toBe(false);
  });
  it('does not pass without quorum however unanimous', () => {
    const t = tallyVotes(1, owners(10), ballots({ FOR: 6 }));
    expect(t.quorumMet).toBe(false);
    expect(t.passed).toBe(false);
  });
});

describe('items 6–8: at least 3/4 of participating area and heads', () => {
  it.each([6, 7, 8])('item %i passes at exactly 3/4 and fails just below', (item) => {
    expect(tallyVotes(item, owners(8), ballots({ FOR: 6, AGAINST: 2 })).passed).toBe(true);
    expect(tallyVotes(item, owners(8), ballots({ FOR: 5, AGAINST: 2, ABSTAIN: 1 })).passed).toBe(false);
  });
  it('a 70% vote passes item 5 but not item 6', () => {
    expect(tallyVotes(5, owners(10), ballots({ FOR: 7, AGAINST: 3 })).passed).toBe(true);
    expect(tallyVotes(6, owners(10), ballots({ FOR: 7, AGAINST: 3 })).passed).toBe(false);
  });
  it('fails at 3/4 of heads with area one hundredth short of 3/4', () => {
    // heads 3/4 for; area for 299 of 400 (2.99 of 4 m²)
    const electorate = [{ voterKey: 'a', areaCentiM2: 99 }, { voterKey: 'b', areaCentiM2: 100 }, { voterKey: 'c', areaCentiM2: 100 }, { voterKey: 'd', areaCentiM2: 101 }];
    const ballotsFor = (against: string): CastBallot[] => ['a', 'b', 'c', 'd'].map((k) => ({ voterKey: k, choice: k === against ? 'AGAINST' : 'FOR' }));
    expect(tallyVotes(8, electorate, ballotsFor('d')).passed).toBe(false);
    expect(tallyVotes(8, electorate, ballotsFor('a')).passed).toBe(true);
  });
});

describe('counting heads and area', () => {
  it('counts an owner of several units once, with all of their area', () => {
    const electorate = [
      { voterKey: 'multi', areaCentiM2: 9_000 },
      { voterKey: 'multi', areaCentiM2: 8_000 },
      { voterKey: 'single', areaCentiM2: 10_000 },
    ];
    const t = tallyVotes(1, electorate, [{ voterKey: 'multi', choice: 'FOR' }]);
    expect(t.eligible).toEqual({ area: 27_000n, heads: 2 });
    expect(t.for).toEqual({ area: 17_000n, heads: 1 });
  });
  it("counts the developer's unsold units as one head", () => {
    const electorate = [...owners(2), ...Array.from({ length: 10 }, () => ({ voterKey: 'developer', areaCentiM2: 100 }))];
    const t = tallyVotes(1, electorate, []);
    expect(t.eligible).toEqual({ area: 1_200n, heads: 3 });
  });
  it('keeps the last ballot of a voter and ignores voters outside the electorate', () => {
    const t = tallyVotes(1, owners(3), [
      { voterKey: 'o0', choice: 'AGAINST' },
      { voterKey: 'o0', choice: 'FOR' },
      { voterKey: 'o1', choice: 'FOR' },
      { voterKey: 'stranger', choice: 'AGAINST' },
    ]);
    expect(t.participating.heads).toBe(2);
    expect(t.against.heads).toBe(0);
    expect(t.passed).toBe(true);
  });
  it('stays exact beyond 2^53 hundredths of a square metre', () => {
    const huge = 2n ** 60n;
    const t = tallyVotes(1, [{ voterKey: 'a', areaCentiM2: huge }, { voterKey: 'b', areaCentiM2: huge }, { voterKey: 'c', areaCentiM2: huge + 1n }], [
      { voterKey: 'a', choice: 'FOR' },
      { voterKey: 'b', choice: 'FOR' },
    ]);
    // 2·2^60 of 3·2^60+1 is just below 2/3
    expect(t.quorumMet).toBe(false);
  });
  it('refuses a negative area', () => {
    expect(() => tallyVotes(1, [{ voterKey: 'a', areaCentiM2: -1 }], [])).toThrow(RangeError);
  });
});
