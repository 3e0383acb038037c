import { checkMarks, tallyElection, type ElectionBallot } from './election-tally';
import type { ElectorateUnit } from './tally';

/** n owners of one unit each, every unit of the given area. */
const owners = (n: number, area = 100): ElectorateUnit[] => Array.from({ length: n }, (_, i) => ({ voterKey: `o${i}`, areaCentiM2: area }));
/** Ballots of owners from..to-1, each marking the given candidates. */
const marking = (from: number, to: number, ...candidateIds: string[]): ElectionBallot[] =>
  Array.from({ length: to - from }, (_, i) => ({ voterKey: `o${from + i}`, candidateIds }));
const byId = (count: ReturnType<typeof tallyElection>) => Object.fromEntries(count.candidates.map((c) => [c.candidateId, c]));

describe('checkMarks', () => {
  const paper = ['a', 'b', 'c', 'd'];
  it('takes up to one mark per seat, blank included', () => {
    expect(checkMarks([], paper, 3)).toBeNull();
    expect(checkMarks(['a', 'b', 'c'], paper, 3)).toBeNull();
  });
  it('refuses one mark more than the seats, a repeated mark and a name not on the paper', () => {
    expect(checkMarks(['a', 'b', 'c', 'd'], paper, 3)?.message).toContain('at most 3');
    expect(checkMarks(['a', 'a'], paper, 3)?.message).toContain('once');
    expect(checkMarks(['a', 'x'], paper, 3)?.message).toContain('x');
  });
});

describe('tallyElection: majority of each candidate', () => {
  it('elects at one owner and one area unit over half the participants, not at exactly half', () => {
    // 10 participants of 15 owners; a majority is 6 of 10.
    const count = tallyElection(3, ['a', 'b'], owners(15), [...marking(0, 6, 'a'), ...marking(6, 10, 'b'), ...marking(10, 10)]);
    expect(count.participating).toEqual({ area: 1000n, heads: 10 });
    expect(byId(count).a).toMatchObject({ majority: true, elected: true, support: { area: 600n, heads: 6 } });
    const half = tallyElection(3, ['a', 'b'], owners(15), [...marking(0, 5, 'a'), ...marking(5, 10, 'b')]);
    expect(byId(half).a).toMatchObject({ majority: false, elected: false, support: { heads: 5 } });
    expect(byId(half).b).toMatchObject({ majority: false, elected: false });
    expect(half.complete).toBe(false);
  });

  it('needs the majority on area AND on owners', () => {
    // o0 holds a large flat: 6 of 10 owners but under half the area.
    const electorate: ElectorateUnit[] = [{ voterKey: 'o0', areaCentiM2: 1000 }, ...owners(10).slice(1), ...owners(15).slice(10)];
    // participants o0..o9: area 1000 + 9×100 = 1900; a: o1..o6 → 6 owners, 600 area (< 950)
    const few = tallyElection(3, ['a', 'b'], electorate, [...marking(1, 7, 'a'), { voterKey: 'o0', candidateIds: ['b'] }, ...marking(7, 10, 'b')]);
    expect(byId(few).a).toMatchObject({ support: { area: 600n, heads: 6 }, majority: false });
    // b: o0 and o7..o9 → 4 owners (not over half) though 1300 of 1900 area
    expect(byId(few).b).toMatchObject({ support: { area: 1300n, heads: 4 }, majority: false });
  });

  it('counts a blank ballot as taking part, and an owner of several units once', () => {
    const electorate: ElectorateUnit[] = [...owners(6), { voterKey: 'o0', areaCentiM2: 100 }];
    // participants o0..o4 (5 of 6 heads); o0 holds 200 of the 600 participating area
    const count = tallyElection(3, ['a'], electorate, [{ voterKey: 'o0', candidateIds: ['a'] }, ...marking(1, 3, 'a'), ...marking(3, 5)]);
    expect(count.participating).toEqual({ area: 600n, heads: 5 });
    // a: 3 of 5 heads, 400 of 600 area
    expect(byId(count).a).toMatchObject({ support: { area: 400n, heads: 3 }, majority: true, elected: true });
  });

  it('keeps the last ballot of an owner and ignores keys with nothing on the register', () => {
    const count = tallyElection(3, ['a', 'b'], owners(3), [...marking(0, 3, 'a'), { voterKey: 'o2', candidateIds: ['b'] }, { voterKey: 'stranger', candidateIds: ['b'] }]);
    expect(byId(count).a.support.heads).toBe(2);
    expect(byId(count).b.support.heads).toBe(1);
    expect(count.participating.heads).toBe(3);
  });
});

describe('tallyElection: quorum', () => {
  it('elects nobody one owner short of two thirds, and at exactly two thirds elects', () => {
    const short = tallyElection(3, ['a'], owners(12), marking(0, 7, 'a'));
    expect(short.quorumMet).toBe(false);
    expect(byId(short).a).toMatchObject({ majority: true, elected: false });
    expect(short.elected).toEqual([]);
    const exact = tallyElection(3, ['a'], owners(12), marking(0, 8, 'a'));
    expect(exact.quorumMet).toBe(true);
    expect(exact.elected).toEqual(['a']);
  });

  it('needs two thirds of the area too', () => {
    // 9 owners; o0 holds 1000 of 1800 area. o1..o8 take part: 8/9 of the heads, 800/1800 of the area.
    const electorate: ElectorateUnit[] = [{ voterKey: 'o0', areaCentiM2: 1000 }, ...owners(9).slice(1)];
    const count = tallyElection(3, ['a'], electorate, marking(1, 9, 'a'));
    expect(count.quorumMet).toBe(false);
    expect(count.elected).toEqual([]);
  });

  it('has no quorum with an empty register', () => {
    expect(tallyElection(3, ['a'], [], []).quorumMet).toBe(false);
  });
});

describe('tallyElection: more candidates with a majority than seats', () => {
  it('gives the seats by supporting area first, though another has more owners', () => {
    // 10 owners, o0 holds 400 (area 1300 in all). a, b, c: 6 owners and 900 each; d: 8 owners but 800.
    const electorate: ElectorateUnit[] = [{ voterKey: 'o0', areaCentiM2: 400 }, ...owners(10).slice(1)];
    const ballots: ElectionBallot[] = [...marking(0, 2, 'a', 'b', 'c'), ...marking(2, 6, 'a', 'b', 'd'), ...marking(6, 10, 'c', 'd')];
    const count = tallyElection(3, ['d', 'c', 'b', 'a'], electorate, ballots);
    expect(count.candidates.map((c) => c.candidateId)).toEqual(['a', 'b', 'c', 'd']);
    expect(count.elected).toEqual(['a', 'b', 'c']);
    expect(count.complete).toBe(true);
    expect(byId(count).c).toMatchObject({ support: { area: 900n, heads: 6 }, elected: true });
    expect(byId(count).d).toMatchObject({ support: { area: 800n, heads: 8 }, majority: true, elected: false, runOff: false });
  });

  it('breaks a tie on area by supporting owners', () => {
    // 9 owners of 100 and 3 of no area (12 owners, 900 area). a: 8 owners 800; b: 8 owners 500; c: 7 owners 500.
    const electorate: ElectorateUnit[] = [...owners(9), ...['o9', 'o10', 'o11'].map((voterKey) => ({ voterKey, areaCentiM2: 0 }))];
    const ballots: ElectionBallot[] = [
      ...marking(0, 4, 'a', 'b'),
      ...marking(4, 8, 'a', 'c'),
      ...marking(8, 11, 'b', 'c'),
      { voterKey: 'o11', candidateIds: ['b'] },
    ];
    const count = tallyElection(2, ['a', 'b', 'c'], electorate, ballots);
    expect(count.candidates.map((c) => [c.candidateId, c.support.area, c.support.heads])).toEqual([
      ['a', 800n, 8],
      ['b', 500n, 8],
      ['c', 500n, 7],
    ]);
    expect(count.elected).toEqual(['a', 'b']);
    expect(byId(count).c).toMatchObject({ majority: true, elected: false, runOff: false });
    expect(count.complete).toBe(true);
  });

  it('sends candidates level on area and owners at the last seat to a run-off', () => {
    // 9 owners, 2 seats. a: 8; b: 5; c: 5 (majority is 5 of 9): a elected, b and c in a run-off for 1 seat.
    const count = tallyElection(2, ['a', 'b', 'c'], owners(9), [...marking(0, 4, 'a', 'b'), ...marking(4, 8, 'a', 'c'), ...marking(8, 9, 'b', 'c')]);
    expect(count.elected).toEqual(['a']);
    expect(count.runOffSeats).toBe(1);
    expect(count.candidates.filter((c) => c.runOff).map((c) => c.candidateId)).toEqual(['b', 'c']);
    expect(count.complete).toBe(false);
  });

  it('elects those above a tie at the last seat and sends only the tied to a run-off', () => {
    // 3 seats; a leads; b, c, d level behind it: a elected, b, c, d in a run-off for 2 seats.
    const ballots = [...marking(0, 4, 'a', 'b', 'c'), ...marking(4, 8, 'a', 'd'), ...marking(8, 10, 'b', 'c', 'd')];
    // a: 8; b: 6; c: 6; d: 6 of 10
    const count = tallyElection(3, ['a', 'b', 'c', 'd'], owners(10), ballots);
    expect(count.elected).toEqual(['a']);
    expect(count.runOffSeats).toBe(2);
    expect(count.candidates.filter((c) => c.runOff).map((c) => c.candidateId)).toEqual(['b', 'c', 'd']);
    expect(count.complete).toBe(false);
  });

  it('elects a tie that fits in the seats without a run-off', () => {
    // 3 seats; b and c level in second place; d behind them with a majority but no seat.
    const ballots = [...marking(0, 6, 'a', 'b', 'c'), ...marking(6, 8, 'a', 'd'), ...marking(8, 10, 'd')];
    // a: 8; b: 6; c: 6; d: 4 — d has no majority
    const count = tallyElection(3, ['a', 'b', 'c', 'd'], owners(10), ballots);
    expect(count.elected.sort()).toEqual(['a', 'b', 'c']);
    expect(count.runOffSeats).toBe(0);
    const four = tallyElection(2, ['a', 'b', 'c', 'd'], owners(10), [...marking(0, 6, 'a', 'b'), ...marking(6, 10, 'a', 'c')]);
    // a: 10; b: 6; c: 4: b takes the second seat outright
    expect(four.elected).toEqual(['a', 'b']);
    expect(four.complete).toBe(true);
  });

  it('leaves seats empty when too few candidates have a majority', () => {
    const count = tallyElection(3, ['a', 'b', 'c'], owners(10), [...marking(0, 6, 'a', 'b'), ...marking(6, 10, 'c')]);
    expect(count.elected.sort()).toEqual(['a', 'b']);
    expect(count.complete).toBe(false);
    expect(count.runOffSeats).toBe(0);
  });
});

describe('tallyElection: bad ballots', () => {
  it('refuses marks beyond the seats, repeated marks and names not on the paper', () => {
    expect(() => tallyElection(1, ['a', 'b'], owners(3), marking(0, 1, 'a', 'b'))).toThrow(RangeError);
    expect(() => tallyElection(2, ['a', 'b'], owners(3), marking(0, 1, 'a', 'a'))).toThrow(RangeError);
    expect(() => tallyElection(2, ['a', 'b'], owners(3), marking(0, 1, 'z'))).toThrow(RangeError);
    expect(() => tallyElection(0, ['a'], owners(3), [])).toThrow(RangeError);
  });
});
