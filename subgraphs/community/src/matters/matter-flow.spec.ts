import {
  afterCloseVote,
  afterOpenConsultation,
  afterOpenVote,
  afterPreReview,
  assertCanCastBallot,
  assertCanRecordConsultation,
  MAX_VOTING_DAYS,
  type MatterSnapshot,
  type MatterState,
} from './matter-flow';

const at = (state: MatterState, extra: Partial<MatterSnapshot> = {}): MatterSnapshot => ({ state, reviews: {}, consultations: 0, votingClosesAt: null, ...extra });
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return undefined;
};
const now = new Date('2026-11-26T10:00:00Z');

describe('pre-review (两先)', () => {
  it('needs both bodies: one approval leaves the matter PROPOSED, the second makes it PRE_REVIEWED', () => {
    expect(afterPreReview(at('PROPOSED'), 'OWNERS_COMMITTEE', true)).toBe('PROPOSED');
    expect(afterPreReview(at('PROPOSED', { reviews: { OWNERS_COMMITTEE: true } }), 'PARTY_ORGANISATION', true)).toBe('PRE_REVIEWED');
    expect(afterPreReview(at('PROPOSED', { reviews: { PARTY_ORGANISATION: true } }), 'OWNERS_COMMITTEE', true)).toBe('PRE_REVIEWED');
  });
  it('rejects the matter when either body refuses', () => {
    expect(afterPreReview(at('PROPOSED'), 'PARTY_ORGANISATION', false)).toBe('REJECTED');
    expect(afterPreReview(at('PROPOSED', { reviews: { PARTY_ORGANISATION: true } }), 'OWNERS_COMMITTEE', false)).toBe('REJECTED');
  });
  it('refuses a second review by the same body and a review after the step', () => {
    expect(codeOf(() => afterPreReview(at('PROPOSED', { reviews: { OWNERS_COMMITTEE: true } }), 'OWNERS_COMMITTEE', true))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => afterPreReview(at('PRE_REVIEWED'), 'OWNERS_COMMITTEE', true))).toBe('INVALID_TRANSITION');
  });
});

describe('no step can be skipped', () => {
  it('opens consultation only after both pre-reviews', () => {
    expect(codeOf(() => afterOpenConsultation(at('PROPOSED', { reviews: { OWNERS_COMMITTEE: true } })))).toBe('INVALID_TRANSITION');
    expect(afterOpenConsultation(at('PRE_REVIEWED'))).toBe('IN_CONSULTATION');
    expect(codeOf(() => afterOpenConsultation(at('IN_CONSULTATION')))).toBe('INVALID_TRANSITION');
  });
  it('records consultations only while in consultation', () => {
    expect(codeOf(() => assertCanRecordConsultation(at('PRE_REVIEWED')))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => assertCanRecordConsultation(at('VOTING')))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => assertCanRecordConsultation(at('IN_CONSULTATION')))).toBeUndefined();
  });
  it('opens the vote only in consultation with at least one consultation recorded', () => {
    const later = new Date(now.getTime() + 1);
    expect(codeOf(() => afterOpenVote(at('PRE_REVIEWED', { consultations: 1 }), later, now))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => afterOpenVote(at('IN_CONSULTATION', { consultations: 0 }), later, now))).toBe('INVALID_TRANSITION');
    expect(afterOpenVote(at('IN_CONSULTATION', { consultations: 1 }), later, now)).toBe('VOTING');
  });
  it('refuses a closing time that is not in the future as bad input', () => {
    expect(codeOf(() => afterOpenVote(at('IN_CONSULTATION', { consultations: 1 }), now, now))).toBe('BAD_USER_INPUT');
  });
  it('keeps a vote open at most 90 days, to the millisecond', () => {
    const limit = new Date(now.getTime() + MAX_VOTING_DAYS * 86_400_000);
    expect(afterOpenVote(at('IN_CONSULTATION', { consultations: 1 }), limit, now)).toBe('VOTING');
    expect(codeOf(() => afterOpenVote(at('IN_CONSULTATION', { consultations: 1 }), new Date(limit.getTime() + 1), now))).toBe('BAD_USER_INPUT');
  });
});

describe('voting window', () => {
  const closesAt = new Date(now.getTime() + 60_000);
  const voting = at('VOTING', { consultations: 1, votingClosesAt: closesAt });
  it('takes ballots until the millisecond before closing, not at closing', () => {
    expect(codeOf(() => assertCanCastBallot(voting, new Date(closesAt.getTime() - 1)))).toBeUndefined();
    expect(codeOf(() => assertCanCastBallot(voting, closesAt))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => assertCanCastBallot(at('IN_CONSULTATION'), now))).toBe('INVALID_TRANSITION');
  });
  it('closes at the closing time, not a millisecond before, to RESOLVED or REJECTED by the tally', () => {
    expect(codeOf(() => afterCloseVote(voting, true, new Date(closesAt.getTime() - 1)))).toBe('INVALID_TRANSITION');
    expect(afterCloseVote(voting, true, closesAt)).toBe('RESOLVED');
    expect(afterCloseVote(voting, false, closesAt)).toBe('REJECTED');
    expect(codeOf(() => afterCloseVote(at('RESOLVED'), true, closesAt))).toBe('INVALID_TRANSITION');
  });
});
