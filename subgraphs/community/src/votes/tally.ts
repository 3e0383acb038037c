/**
 * The owners' assembly count (业主大会表决), PRC Civil Code art. 278 with the Supreme People's
 * Court interpretation on building ownership, art. 8–9:
 *
 * - area is the registered exclusive area of the units (integer 0.01 m²);
 * - headcount is one per unit, except that an owner holding several units counts once and the
 *   developer's unsold units count once in all — so callers give every unit a `voterKey`, and a
 *   head is a distinct key;
 * - quorum: participants hold at least 2/3 of the area AND are at least 2/3 of the heads;
 * - items 6–8 pass with at least 3/4 of the participating area AND heads, every other item with
 *   strictly more than 1/2 of both ("以上" includes the bound, "过半数" does not);
 * - an abstention takes part (it counts towards quorum and towards the participants the
 *   thresholds are measured against) but is not a vote for.
 *
 * Everything is integer arithmetic on BigInt: exactly 2/3 is exactly 2/3.
 */
export type BallotChoice = 'FOR' | 'AGAINST' | 'ABSTAIN';

export type TallyRule = 'THREE_QUARTERS_OF_PARTICIPANTS' | 'MAJORITY_OF_PARTICIPANTS';

export interface ElectorateUnit {
  /** Registered exclusive area in 0.01 m². */
  areaCentiM2: bigint | number;
  /** Who votes for this unit: the owner's id, or one shared key for all the developer's unsold units. */
  voterKey: string;
}

export interface CastBallot {
  voterKey: string;
  choice: BallotChoice;
}

export interface Share {
  /** 0.01 m². */
  area: bigint;
  heads: number;
}

export interface Tally {
  rule: TallyRule;
  eligible: Share;
  participating: Share;
  for: Share;
  against: Share;
  abstain: Share;
  quorumMet: boolean;
  passed: boolean;
}

/** Civil Code art. 278 items that need three quarters: raising funds (6), rebuilding (7), changing use or running business on common parts (8). */
export const SUPERMAJORITY_ITEMS: ReadonlySet<number> = new Set([6, 7, 8]);

export function ruleFor(article278Item: number): TallyRule {
  if (!Number.isInteger(article278Item) || article278Item < 1 || article278Item > 9) {
    throw new RangeError(`Civil Code art. 278 has items 1 to 9, got ${article278Item}`);
  }
  return SUPERMAJORITY_ITEMS.has(article278Item) ? 'THREE_QUARTERS_OF_PARTICIPANTS' : 'MAJORITY_OF_PARTICIPANTS';
}

/** part/whole >= num/den, by cross-multiplication. */
export const atLeast = (part: bigint, whole: bigint, num: bigint, den: bigint): boolean => part * den >= whole * num;
/** part/whole > num/den, by cross-multiplication. */
export const moreThan = (part: bigint, whole: bigint, num: bigint, den: bigint): boolean => part * den > whole * num;

const zero = (): Share => ({ area: 0n, heads: 0 });

/**
 * Counts one matter. Ballots from keys that own nothing in the electorate are ignored (they have
 * neither area nor a head here); a key with several ballots keeps the last one.
 */
export function tallyVotes(article278Item: number, electorate: Iterable<ElectorateUnit>, ballots: Iterable<CastBallot>): Tally {
  const rule = ruleFor(article278Item);
  const areaByVoter = new Map<string, bigint>();
  for (const unit of electorate) {
    const area = BigInt(unit.areaCentiM2);
    if (area < 0n) throw new RangeError(`unit area must not be negative, got ${area}`);
    areaByVoter.set(unit.voterKey, (areaByVoter.get(unit.voterKey) ?? 0n) + area);
  }
  const choiceByVoter = new Map<string, BallotChoice>();
  for (const ballot of ballots) if (areaByVoter.has(ballot.voterKey)) choiceByVoter.set(ballot.voterKey, ballot.choice);

  const eligible = zero();
  for (const area of areaByVoter.values()) {
    eligible.area += area;
    eligible.heads++;
  }
  const shares: Record<BallotChoice, Share> = { FOR: zero(), AGAINST: zero(), ABSTAIN: zero() };
  const participating = zero();
  for (const [voter, choice] of choiceByVoter) {
    const area = areaByVoter.get(voter)!;
    shares[choice].area += area;
    shares[choice].heads++;
    participating.area += area;
    participating.heads++;
  }

  const quorumMet =
    eligible.heads > 0 &&
    eligible.area > 0n &&
    atLeast(participating.area, eligible.area, 2n, 3n) &&
    atLeast(BigInt(participating.heads), BigInt(eligible.heads), 2n, 3n);
  const forShare = shares.FOR;
  const approved =
    rule === 'THREE_QUARTERS_OF_PARTICIPANTS'
      ? atLeast(forShare.area, participating.area, 3n, 4n) && atLeast(BigInt(forShare.heads), BigInt(participating.heads), 3n, 4n)
      : moreThan(forShare.area, participating.area, 1n, 2n) && moreThan(BigInt(forShare.heads), BigInt(participating.heads), 1n, 2n);
  return {
    rule,
    eligible,
    participating,
    for: forShare,
    against: shares.AGAINST,
    abstain: shares.ABSTAIN,
    quorumMet,
    passed: quorumMet && approved,
  };
}

/** A sentence for the published result, e.g. "≥ 2/3 of area and owners took part; > 1/2 of participating area and owners in favour". */
export function describeRule(rule: TallyRule): string {
  const threshold = rule === 'THREE_QUARTERS_OF_PARTICIPANTS' ? 'at least 3/4' : 'more than 1/2';
  return `Quorum: owners holding at least 2/3 of the exclusive area and at least 2/3 of the owners take part; passes with ${threshold} of the participating area and of the participating owners in favour (Civil Code art. 278)`;
}
