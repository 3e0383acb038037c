import { dueAfter, dueSelfAction, FEEDBACK_WINDOW_SECONDS, isOnTime, isOverdue, nextActionAt, nextLevel, type Timed } from './escalation';

const t0 = new Date('2026-11-01T08:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const open = (over: Partial<Timed> = {}): Timed => ({ state: 'DISPATCHED', level: 'COMPOUND', dueAt: at(60_000), resolvedAt: null, ...over });

describe('escalation', () => {
  it('goes compound → community → street and stops there', () => {
    expect(nextLevel('COMPOUND')).toBe('COMMUNITY');
    expect(nextLevel('COMMUNITY')).toBe('STREET');
    expect(nextLevel('STREET')).toBeNull();
  });

  it('escalates at the due time exactly, not a millisecond before', () => {
    expect(dueSelfAction(open(), at(59_999))).toBeNull();
    expect(dueSelfAction(open(), at(60_000))).toBe('ESCALATE');
    expect(isOverdue(open(), at(59_999))).toBe(false);
    expect(isOverdue(open(), at(60_000))).toBe(true);
  });

  it('escalates from every open state, at compound and community level', () => {
    for (const state of ['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'REOPENED'] as const) {
      expect(dueSelfAction(open({ state }), at(60_000))).toBe('ESCALATE');
      expect(dueSelfAction(open({ state, level: 'COMMUNITY' }), at(60_000))).toBe('ESCALATE');
    }
  });

  it('keeps an overdue street-level request overdue but escalates it no further', () => {
    const r = open({ level: 'STREET' });
    expect(nextActionAt(r)).toBeNull();
    expect(dueSelfAction(r, at(10 ** 9))).toBeNull();
    expect(isOverdue(r, at(60_000))).toBe(true);
  });

  it('closes a resolved request only when the feedback window has passed', () => {
    const r = open({ state: 'RESOLVED', dueAt: null, resolvedAt: t0 });
    expect(nextActionAt(r)).toEqual(at(FEEDBACK_WINDOW_SECONDS * 1000));
    expect(dueSelfAction(r, at(FEEDBACK_WINDOW_SECONDS * 1000 - 1))).toBeNull();
    expect(dueSelfAction(r, at(FEEDBACK_WINDOW_SECONDS * 1000))).toBe('CLOSE');
    expect(isOverdue(r, at(10 ** 9))).toBe(false);
  });

  it('leaves closed requests alone', () => {
    expect(nextActionAt(open({ state: 'CLOSED', dueAt: null, resolvedAt: t0 }))).toBeNull();
  });

  it('counts a resolution exactly at the SLA as on time, a millisecond later as late', () => {
    expect(dueAfter(t0, 90)).toEqual(at(90_000));
    expect(isOnTime(t0, at(90_000), 90)).toBe(true);
    expect(isOnTime(t0, at(90_001), 90)).toBe(false);
  });
});
