import { describeRule, type Share, type Tally, type TallyRule } from './tally';

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
}

const share = (s: Share): StoredShare => {
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
