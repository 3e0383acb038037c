import { ErrorCode, HubError } from '@hub/platform';

/**
 * The deliberation of a major matter ("三议三公开", "两先四步"): proposed (提议), pre-reviewed
 * first by the owners' committee and by the community Party organisation (两先), consulted with
 * the parties concerned (商议), resolved by the owners' assembly (决议). No step can be skipped.
 */
export type MatterState = 'PROPOSED' | 'PRE_REVIEWED' | 'IN_CONSULTATION' | 'VOTING' | 'RESOLVED' | 'REJECTED';
export type PreReviewer = 'OWNERS_COMMITTEE' | 'PARTY_ORGANISATION';
export const PRE_REVIEWERS: readonly PreReviewer[] = ['OWNERS_COMMITTEE', 'PARTY_ORGANISATION'];

export type MatterAction = 'PROPOSE' | 'PRE_REVIEW' | 'OPEN_CONSULTATION' | 'RECORD_CONSULTATION' | 'OPEN_VOTE' | 'CAST_BALLOT' | 'CLOSE_VOTE';

/** What the rules need to know about a matter. */
export interface MatterSnapshot {
  state: MatterState;
  /** Pre-reviews given so far, by reviewer. */
  reviews: Partial<Record<PreReviewer, boolean>>;
  consultations: number;
  votingClosesAt: Date | null;
}

const invalid = (message: string, state: MatterState) => new HubError(ErrorCode.INVALID_TRANSITION, message, { state });

const need = (snapshot: MatterSnapshot, state: MatterState, action: string): void => {
  if (snapshot.state !== state) {
    throw invalid(`Cannot ${action}: the matter is ${snapshot.state}, and this step needs it ${state}`, snapshot.state);
  }
};

/**
 * A pre-review by one body. Both bodies must approve before consultation; a refusal by either
 * ends the matter (it goes back to the proposer as a new matter if it is to be tried again).
 */
export function afterPreReview(snapshot: MatterSnapshot, by: PreReviewer, approve: boolean): MatterState {
  need(snapshot, 'PROPOSED', 'pre-review');
  if (snapshot.reviews[by] !== undefined) {
    throw invalid(`The ${by === 'OWNERS_COMMITTEE' ? "owners' committee" : 'Party organisation'} has already pre-reviewed this matter`, snapshot.state);
  }
  if (!approve) return 'REJECTED';
  const reviews = { ...snapshot.reviews, [by]: true };
  return PRE_REVIEWERS.every((r) => reviews[r] === true) ? 'PRE_REVIEWED' : 'PROPOSED';
}

export function afterOpenConsultation(snapshot: MatterSnapshot): MatterState {
  need(snapshot, 'PRE_REVIEWED', 'open consultation (both pre-reviews must approve first)');
  return 'IN_CONSULTATION';
}

export function assertCanRecordConsultation(snapshot: MatterSnapshot): void {
  need(snapshot, 'IN_CONSULTATION', 'record a consultation');
}

/** Longest an owners' vote may stay open: a matter must not hang undecided. */
export const MAX_VOTING_DAYS = 90;

/** The vote opens only after at least one consultation was held and recorded. */
export function afterOpenVote(snapshot: MatterSnapshot, closesAt: Date, now: Date): MatterState {
  need(snapshot, 'IN_CONSULTATION', 'open the vote');
  if (snapshot.consultations < 1) {
    throw invalid('Cannot open the vote before at least one consultation (商议) has been recorded', snapshot.state);
  }
  if (!(closesAt.getTime() > now.getTime())) {
    throw new HubError(ErrorCode.BAD_USER_INPUT, `closesAt must be in the future, got ${closesAt.toISOString()}`, { argument: 'closesAt' });
  }
  if (closesAt.getTime() - now.getTime() > MAX_VOTING_DAYS * 86_400_000) {
    throw new HubError(ErrorCode.BAD_USER_INPUT, `A vote may stay open at most ${MAX_VOTING_DAYS} days; closesAt ${closesAt.toISOString()} is later`, { argument: 'closesAt' });
  }
  return 'VOTING';
}

export function assertCanCastBallot(snapshot: MatterSnapshot, now: Date): void {
  need(snapshot, 'VOTING', 'cast a ballot');
  if (snapshot.votingClosesAt && now.getTime() >= snapshot.votingClosesAt.getTime()) {
    throw invalid(`Voting closed at ${snapshot.votingClosesAt.toISOString()}; ballots are no longer accepted`, snapshot.state);
  }
}

/** A vote is closed once its announced closing time has come, never before. */
export function afterCloseVote(snapshot: MatterSnapshot, passed: boolean, now: Date): MatterState {
  need(snapshot, 'VOTING', 'close the vote');
  if (snapshot.votingClosesAt && now.getTime() < snapshot.votingClosesAt.getTime()) {
    throw invalid(`The vote is open until ${snapshot.votingClosesAt.toISOString()}; close it then`, snapshot.state);
  }
  return passed ? 'RESOLVED' : 'REJECTED';
}
