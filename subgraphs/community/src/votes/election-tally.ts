import { atLeast, moreThan, type ElectorateUnit, type Share } from './tally';

/**
 * The count of a contested owners'-committee election (差额选举), Civil Code art. 278 item 3 with
 * the SPC interpretation on building ownership, art. 8–9:
 *
 * - each owner's ballot marks up to `seats` candidates (none is a blank ballot: it takes part);
 * - quorum as for any matter: participants hold at least 2/3 of the area AND are at least 2/3 of
 *   the heads;
 * - a candidate has a majority when the owners marking them hold strictly more than 1/2 of the
 *   participating area AND are strictly more than 1/2 of the participating heads ("过半数");
 * - with quorum met, the candidates with a majority take the seats; when more of them have a
 *   majority than there are seats, the seats go by most supporting area, then most supporting
 *   owners; candidates still level on both at the last seat go to a run-off (no seat is drawn by lot).
 *
 * Integer arithmetic on BigInt throughout.
 */
export interface ElectionBallot {
  voterKey: string;
  candidateIds: readonly string[];
}

export interface CandidateCount {
  candidateId: string;
  support: Share;
  /** More than half of the participating area and of the participating owners. */
  majority: boolean;
  elected: boolean;
  /** Level with others on area and owners at the last seat: decided by a run-off. */
  runOff: boolean;
}

export interface ElectionCount {
  seats: number;
  eligible: Share;
  participating: Share;
  quorumMet: boolean;
  /** Ranked: most supporting area first, then most owners, then candidate id (for a stable order only). */
  candidates: CandidateCount[];
  elected: string[];
  /** Seats left to the run-off between the candidates marked `runOff`. */
  runOffSeats: number;
  /** Quorum met and every seat filled without a run-off. */
  complete: boolean;
}

export type MarkProblem = { message: string } | null;

/** A ballot marks distinct candidates of the ballot paper, at most one per seat. */
export function checkMarks(candidateIds: readonly string[], onBallot: readonly string[], seats: number): MarkProblem {
  if (new Set(candidateIds).size !== candidateIds.length) return { message: 'Mark each candidate once' };
  if (candidateIds.length > seats) return { message: `Mark at most ${seats} candidates, one per seat; the ballot marks ${candidateIds.length}` };
  const unknown = candidateIds.filter((c) => !onBallot.includes(c));
  if (unknown.length) return { message: `Not candidates on this ballot: ${unknown.join(', ')}` };
  return null;
}

const compare = (a: CandidateCount, b: CandidateCount): number => {
  if (a.support.area !== b.support.area) return a.support.area > b.support.area ? -1 : 1;
  if (a.support.heads !== b.support.heads) return b.support.heads - a.support.heads;
  return a.candidateId < b.candidateId ? -1 : a.candidateId > b.candidateId ? 1 : 0;
};
const level = (a: CandidateCount, b: CandidateCount) => a.support.area === b.support.area && a.support.heads === b.support.heads;

/**
 * Counts one election. Ballots of keys that own nothing in the electorate are ignored; a key with
 * several ballots keeps the last one; marks of names not on the ballot paper, repeated marks and
 * marks beyond the seats are refused with a RangeError (the service validates before storing).
 */
export function tallyElection(
  seats: number,
  candidateIds: readonly string[],
  electorate: Iterable<ElectorateUnit>,
  ballots: Iterable<ElectionBallot>,
): ElectionCount {
  if (!Number.isInteger(seats) || seats < 1) throw new RangeError(`seats must be a whole number ≥ 1, got ${seats}`);
  const areaByVoter = new Map<string, bigint>();
  for (const unit of electorate) {
    const area = BigInt(unit.areaCentiM2);
    if (area < 0n) throw new RangeError(`unit area must not be negative, got ${area}`);
    areaByVoter.set(unit.voterKey, (areaByVoter.get(unit.voterKey) ?? 0n) + area);
  }
  const marksByVoter = new Map<string, readonly string[]>();
  for (const ballot of ballots) {
    const problem = checkMarks(ballot.candidateIds, candidateIds, seats);
    if (problem) throw new RangeError(problem.message);
    if (areaByVoter.has(ballot.voterKey)) marksByVoter.set(ballot.voterKey, ballot.candidateIds);
  }

  const eligible: Share = { area: 0n, heads: 0 };
  for (const area of areaByVoter.values()) {
    eligible.area += area;
    eligible.heads++;
  }
  const participating: Share = { area: 0n, heads: 0 };
  const support = new Map<string, Share>(candidateIds.map((c) => [c, { area: 0n, heads: 0 }]));
  for (const [voter, marks] of marksByVoter) {
    const area = areaByVoter.get(voter)!;
    participating.area += area;
    participating.heads++;
    for (const c of marks) {
      const s = support.get(c)!;
      s.area += area;
      s.heads++;
    }
  }

  const quorumMet =
    eligible.heads > 0 &&
    eligible.area > 0n &&
    atLeast(participating.area, eligible.area, 2n, 3n) &&
    atLeast(BigInt(participating.heads), BigInt(eligible.heads), 2n, 3n);
  const counts: CandidateCount[] = [...support].map(([candidateId, s]) => ({
    candidateId,
    support: s,
    majority: participating.heads > 0 && moreThan(s.area, participating.area, 1n, 2n) && moreThan(BigInt(s.heads), BigInt(participating.heads), 1n, 2n),
    elected: false,
    runOff: false,
  }));
  counts.sort(compare);

  let runOffSeats = 0;
  if (quorumMet) {
    const passing = counts.filter((c) => c.majority);
    if (passing.length <= seats) {
      for (const c of passing) c.elected = true;
    } else {
      const last = passing[seats - 1];
      const tied = passing.filter((c) => level(c, last));
      const firstTied = passing.indexOf(tied[0]);
      const tieFits = firstTied + tied.length <= seats;
      passing.forEach((c, i) => {
        if (i < firstTied || (tieFits && i < seats)) c.elected = true;
      });
      if (!tieFits) {
        for (const c of tied) c.runOff = true;
        runOffSeats = seats - firstTied;
      }
    }
  }
  const elected = counts.filter((c) => c.elected).map((c) => c.candidateId);
  return { seats, eligible, participating, quorumMet, candidates: counts, elected, runOffSeats, complete: quorumMet && elected.length === seats };
}
