import { isOpen, type RequestState } from '../requests/lifecycle';

/**
 * "小事不出小区、大事不出社区": a request is first the compound's to answer; when its SLA runs out
 * it moves up to the community, then to the street, each level getting a fresh SLA window. The
 * street is the top: an overdue request stays there, flagged, until someone answers it.
 */
export const REQUEST_LEVELS = ['COMPOUND', 'COMMUNITY', 'STREET'] as const;
export type RequestLevel = (typeof REQUEST_LEVELS)[number];

export function nextLevel(level: RequestLevel): RequestLevel | null {
  const i = REQUEST_LEVELS.indexOf(level);
  return REQUEST_LEVELS[i + 1] ?? null;
}

/**
 * A resolved request waits this long for the reporter's feedback; after that the hub closes it
 * without a score, so that nothing stays open without a next step.
 */
export const FEEDBACK_WINDOW_SECONDS = 7 * 24 * 3600;

export interface Timed {
  state: RequestState;
  level: RequestLevel;
  /** End of the SLA window at the current level; null once resolved. */
  dueAt: Date | null;
  resolvedAt: Date | null;
}

export const dueAfter = (from: Date, slaSeconds: number): Date => new Date(from.getTime() + slaSeconds * 1000);

/** The time is up at dueAt itself. */
export const isOverdue = (r: Timed, now: Date): boolean => isOpen(r.state) && r.dueAt !== null && r.dueAt.getTime() <= now.getTime();

/**
 * When the hub will next act on the request by itself (escalate it, or close it after the
 * feedback window); null when it will not. Stored and indexed, so that the sweep reads only the
 * rows that are due.
 */
export function nextActionAt(r: Timed): Date | null {
  if (isOpen(r.state)) return r.level !== 'STREET' ? r.dueAt : null;
  if (r.state === 'RESOLVED' && r.resolvedAt) return dueAfter(r.resolvedAt, FEEDBACK_WINDOW_SECONDS);
  return null;
}

export type SelfAction = 'ESCALATE' | 'CLOSE';

/** What the hub does to this request now, if anything. */
export function dueSelfAction(r: Timed, now: Date): SelfAction | null {
  const at = nextActionAt(r);
  if (!at || at.getTime() > now.getTime()) return null;
  return r.state === 'RESOLVED' ? 'CLOSE' : 'ESCALATE';
}

/** Resolved within the category's SLA counted from submission, to the millisecond; exactly at the limit is on time. */
export const isOnTime = (submittedAt: Date, resolvedAt: Date, slaSeconds: number): boolean =>
  resolvedAt.getTime() - submittedAt.getTime() <= slaSeconds * 1000;
