import { describeRule, type Share, type Tally, type TallyRule } from './tally';
import type { ElectionCount } from './election-tally';

/** A tally as it is stored and sent: areas as safe integers (0.01 m²), heads as counts. */
export interface StoredShare {
  areaCentiM2: number;
  owners: number;
}

export interface StoredTally {
  rule: TallyRule;
  ruleText: string;
  eligible: StoredShare;
  participating: StoredShare;
  for: StoredShare;
  against: StoredShare;
  abstain: StoredShare;
  quorumMet: boolean;
  passed: boolean;
  /** True once the vote is closed and the tally will not change. */
  final: boolean;
  /** The per-candidate count of an owners'-committee election (kept in the same frozen record). */
  election?: StoredElectionTally;
}

export interface StoredCandidateCount {
  candidateId: string;
  supporting: StoredShare;
  majority: boolean;
  elected: boolean;
  runOff: boolean;
}

export interface StoredElectionTally {
  seats: number;
  eligible: StoredShare;
  participating: StoredShare;
  quorumMet: boolean;
  candidates: StoredCandidateCount[];
  runOffSeats: number;
  complete: boolean;
  final: boolean;
}

export const share = (s: Share): StoredShare => {
  const area = Number(s.area);
  if (!Number.isSafeInteger(area)) throw new RangeError(`area ${s.area} is beyond what can be sent`);
  return { areaCentiM2: area, owners: s.heads };
};

export function storedTally(t: Tally, final: boolean): StoredTally {
  return {
    rule: t.rule,
    ruleText: describeRule(t.rule),
    eligible: share(t.eligible),
    participating: share(t.participating),
    for: share(t.for),
    against: share(t.against),
    abstain: share(t.abstain),
    quorumMet: t.quorumMet,
    passed: t.passed,
    final,
  };
}

export function storedElectionTally(c: ElectionCount, final: boolean): StoredElectionTally {
  return {
    seats: c.seats,
    eligible: share(c.eligible),
    participating: share(c.participating),
    quorumMet: c.quorumMet,
    candidates: c.candidates.map((k) => ({ candidateId: k.candidateId, supporting: share(k.support), majority: k.majority, elected: k.elected, runOff: k.runOff })),
    runOffSeats: c.runOffSeats,
    complete: c.complete,
    final,
  };
}

/**
 * A tally as a caller sees it. While the vote is open, residents see participation only (who has
 * voted, by area and owners), not how the votes fall: `countsWithheld` is true and the figures of
 * FOR, AGAINST and ABSTAIN and the verdict are null. Stewards and officials see the live count.
 */
export type TallyView = Omit<StoredTally, 'for' | 'against' | 'abstain' | 'passed' | 'election'> & {
  for: StoredShare | null;
  against: StoredShare | null;
  abstain: StoredShare | null;
  passed: boolean | null;
  countsWithheld: boolean;
};

export interface CandidateTallyView {
  candidateId: string;
  supporting: StoredShare | null;
  majority: boolean | null;
  elected: boolean | null;
  runOff: boolean | null;
}

export type ElectionTallyView = Omit<StoredElectionTally, 'candidates' | 'runOffSeats' | 'complete'> & {
  candidates: CandidateTallyView[];
  runOffSeats: number | null;
  complete: boolean | null;
  countsWithheld: boolean;
};

export function tallyView(t: StoredTally, withhold: boolean): TallyView {
  const { election: _election, ...rest } = t;
  if (!withhold) return { ...rest, countsWithheld: false };
  return { ...rest, for: null, against: null, abstain: null, passed: null, countsWithheld: true };
}

export function electionTallyView(t: StoredElectionTally, withhold: boolean): ElectionTallyView {
  if (!withhold) return { ...t, countsWithheld: false };
  // The ranking would tell how the votes fall: withheld figures come in a fixed order instead.
  const candidates = [...t.candidates]
    .sort((a, b) => (a.candidateId < b.candidateId ? -1 : 1))
    .map((c) => ({ candidateId: c.candidateId, supporting: null, majority: null, elected: null, runOff: null }));
  return { ...t, candidates, runOffSeats: null, complete: null, countsWithheld: true };
}
