import { HubError, ErrorCode } from '@hub/platform';

/**
 * The life of a resident request (诉求一键达): discovered and reported, accepted, dispatched to
 * the responsible party, handled, resolved, then closed with the reporter's feedback, or reopened
 * when the reporter rejects the fix.
 */
export const REQUEST_STATES = ['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REOPENED'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** What a person (or the hub itself) does to a request; each is one step on its timeline. */
export type RequestAction = 'SUBMIT' | 'ACCEPT' | 'DISPATCH' | 'START' | 'RESOLVE' | 'CLOSE' | 'REOPEN' | 'RETURN' | 'ESCALATE';

/** Actions that change the state, with the states each may start from. */
export const TRANSITIONS: Record<Exclude<RequestAction, 'SUBMIT' | 'ESCALATE'>, { from: readonly RequestState[]; to: RequestState }> = {
  ACCEPT: { from: ['SUBMITTED'], to: 'ACCEPTED' },
  // A reopened request goes back to a party: dispatched again, or taken up again directly.
  DISPATCH: { from: ['ACCEPTED', 'REOPENED'], to: 'DISPATCHED' },
  START: { from: ['DISPATCHED', 'REOPENED'], to: 'IN_PROGRESS' },
  RESOLVE: { from: ['IN_PROGRESS'], to: 'RESOLVED' },
  CLOSE: { from: ['RESOLVED'], to: 'CLOSED' },
  REOPEN: { from: ['RESOLVED'], to: 'REOPENED' },
  // The party it was dispatched to gave it back (the firm cancelled its work order, 退单): accepted
  // again, waiting for a new dispatch. Only the hub does this, on the firm's event.
  RETURN: { from: ['DISPATCHED', 'IN_PROGRESS'], to: 'ACCEPTED' },
};

/** Steps only the hub takes on another subgraph's word, never offered to a person. */
const HUB_ONLY: readonly TransitionAction[] = ['RETURN'];
export type TransitionAction = keyof typeof TRANSITIONS;

/** States in which someone still owes the reporter an answer: the SLA clock runs and escalation applies. */
export const OPEN_STATES: readonly RequestState[] = ['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'REOPENED'];

export const isOpen = (state: RequestState): boolean => OPEN_STATES.includes(state);

/** The state after `action`, or INVALID_TRANSITION naming what would be allowed instead. */
export function nextState(current: RequestState, action: TransitionAction): RequestState {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) {
    const possible = (Object.keys(TRANSITIONS) as TransitionAction[]).filter((a) => TRANSITIONS[a].from.includes(current) && !HUB_ONLY.includes(a));
    throw new HubError(
      ErrorCode.INVALID_TRANSITION,
      `A request in state ${current} cannot be ${action.toLowerCase()}ed; ` +
        (possible.length ? `from ${current} it can only go through: ${possible.join(', ')}` : `${current} is final`),
      { state: current, action },
    );
  }
  return rule.to;
}

/**
 * The reporter's closing score: a whole number from 1 (very dissatisfied) to 5 (very satisfied).
 * Returns the message for a bad one, null when it is acceptable.
 */
export function satisfactionProblem(value: number): string | null {
  if (!Number.isInteger(value) || value < 1 || value > 5) return `satisfaction must be a whole number from 1 to 5, got ${value}`;
  return null;
}
