import { badInput } from '@hub/platform';

/** The parties of a joint meeting; the Party organisation convenes, the other three act. */
export type MeetingParty = 'PARTY_ORGANISATION' | 'RESIDENTS_COMMITTEE' | 'OWNERS_COMMITTEE' | 'PROPERTY_FIRM';
export const MEETING_PARTIES: readonly MeetingParty[] = ['PARTY_ORGANISATION', 'RESIDENTS_COMMITTEE', 'OWNERS_COMMITTEE', 'PROPERTY_FIRM'];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date in ISO-8601 (YYYY-MM-DD), or an error naming the argument. */
export function parseIsoDate(value: string, argument: string): string {
  const m = DATE.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== value) throw badInput(`${argument} must be a date as YYYY-MM-DD, got "${value}"`, { argument });
  return value;
}

/** The UTC calendar date of an instant. */
export const isoDay = (at: Date): string => at.toISOString().slice(0, 10);

/** A decision is overdue from the day after its due date while it is not done. */
export function isOverdue(decision: { status: 'OPEN' | 'DONE'; dueOn: string }, today: string): boolean {
  return decision.status === 'OPEN' && decision.dueOn < today;
}

/** A decision cannot fall due before the meeting that took it. */
export function assertDueAfterMeeting(dueOn: string, meetingDay: string, argument: string): void {
  if (dueOn < meetingDay) throw badInput(`${argument} (${dueOn}) is before the meeting (${meetingDay})`, { argument });
}

/** A joint meeting (三方联席会议) brings the parties together: at least this many different ones attend. */
export const MIN_JOINT_PARTIES = 3;

/**
 * A meeting is recorded as joint only when at least three different parties attended: the
 * residents' committee, the owners' committee (or the body acting for the owners) and the
 * property firm under the Party organisation; where a compound has no firm, the Party
 * organisation with the two committees. Several attendees of one party count once.
 */
export function assertJointAttendance(parties: readonly MeetingParty[]): void {
  const distinct = new Set(parties);
  if (distinct.size < MIN_JOINT_PARTIES) {
    const missing = MEETING_PARTIES.filter((p) => !distinct.has(p));
    throw badInput(
      `A joint meeting needs at least ${MIN_JOINT_PARTIES} of the parties attending; only ${[...distinct].join(', ') || 'none'} attended (not: ${missing.join(', ')})`,
      { argument: 'input.attendance' },
    );
  }
}
