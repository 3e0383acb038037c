import { nextState, REQUEST_STATES, satisfactionProblem, TRANSITIONS, isOpen, type RequestState, type TransitionAction } from './lifecycle';

describe('request lifecycle', () => {
  it('walks the full cycle SUBMITTED → … → CLOSED', () => {
    let s: RequestState = 'SUBMITTED';
    for (const a of ['ACCEPT', 'DISPATCH', 'START', 'RESOLVE', 'CLOSE'] as TransitionAction[]) s = nextState(s, a);
    expect(s).toBe('CLOSED');
  });

  it('reopens a rejected fix and takes it up again', () => {
    expect(nextState('RESOLVED', 'REOPEN')).toBe('REOPENED');
    expect(nextState('REOPENED', 'DISPATCH')).toBe('DISPATCHED');
    expect(nextState('REOPENED', 'START')).toBe('IN_PROGRESS');
  });

  it('refuses every skipped or backward step with INVALID_TRANSITION', () => {
    const allowed = new Set<string>();
    for (const [action, rule] of Object.entries(TRANSITIONS)) for (const from of rule.from) allowed.add(`${from}:${action}`);
    let refused = 0;
    for (const state of REQUEST_STATES) {
      for (const action of Object.keys(TRANSITIONS) as TransitionAction[]) {
        if (allowed.has(`${state}:${action}`)) continue;
        expect(() => nextState(state, action)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'INVALID_TRANSITION' }) }));
        refused++;
      }
    }
    // 7 states × 7 actions, 10 allowed pairs
    expect(refused).toBe(49 - 10);
  });

  it('takes a request given back by the firm to ACCEPTED, from DISPATCHED or IN_PROGRESS only', () => {
    expect(nextState('DISPATCHED', 'RETURN')).toBe('ACCEPTED');
    expect(nextState('IN_PROGRESS', 'RETURN')).toBe('ACCEPTED');
    expect(nextState(nextState('DISPATCHED', 'RETURN'), 'DISPATCH')).toBe('DISPATCHED');
    for (const state of ['SUBMITTED', 'ACCEPTED', 'RESOLVED', 'CLOSED', 'REOPENED'] as RequestState[]) {
      expect(() => nextState(state, 'RETURN')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'INVALID_TRANSITION' }) }));
    }
  });

  it('never offers the hub-only RETURN to a person in a refusal', () => {
    expect(() => nextState('DISPATCHED', 'CLOSE')).toThrow(/it can only go through: START$/);
  });

  it('says that a closed request is final', () => {
    expect(() => nextState('CLOSED', 'REOPEN')).toThrow(/CLOSED is final/);
  });

  it('treats resolved and closed requests as no longer owed an answer', () => {
    expect(REQUEST_STATES.filter(isOpen)).toEqual(['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'REOPENED']);
  });

  it('accepts satisfaction 1 to 5 only, whole numbers', () => {
    expect([1, 2, 3, 4, 5].map(satisfactionProblem)).toEqual([null, null, null, null, null]);
    for (const bad of [0, 6, -1, 2.5, Number.NaN]) expect(satisfactionProblem(bad)).toMatch(/1 to 5/);
  });
});
