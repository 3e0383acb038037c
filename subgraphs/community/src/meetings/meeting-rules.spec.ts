import { assertDueAfterMeeting, assertJointAttendance, isOverdue, isoDay, MEETING_PARTIES, parseIsoDate } from './meeting-rules';

describe('isOverdue', () => {
  it('is due through its due date and overdue from the next day, unless done', () => {
    expect(isOverdue({ status: 'OPEN', dueOn: '2026-11-26' }, '2026-11-26')).toBe(false);
    expect(isOverdue({ status: 'OPEN', dueOn: '2026-11-26' }, '2026-11-27')).toBe(true);
    expect(isOverdue({ status: 'DONE', dueOn: '2026-11-26' }, '2026-12-31')).toBe(false);
  });
  it('compares across months and years', () => {
    expect(isOverdue({ status: 'OPEN', dueOn: '2026-12-31' }, '2027-01-01')).toBe(true);
  });
});

describe('dates', () => {
  it('accepts real dates only', () => {
    expect(parseIsoDate('2028-02-29', 'd')).toBe('2028-02-29');
    for (const bad of ['2026-02-29', '2026-13-01', '26-01-01', '2026-1-1', '']) {
      expect(() => parseIsoDate(bad, 'd')).toThrow(/YYYY-MM-DD/);
    }
  });
  it('takes the UTC day of an instant', () => {
    expect(isoDay(new Date('2026-11-26T23:59:59.999Z'))).toBe('2026-11-26');
  });
  it('allows a decision due on the meeting day, not before', () => {
    expect(() => assertDueAfterMeeting('2026-11-26', '2026-11-26', 'x')).not.toThrow();
    expect(() => assertDueAfterMeeting('2026-11-25', '2026-11-26', 'x')).toThrow(/before the meeting/);
  });
});

describe('assertJointAttendance', () => {
  it('takes three different parties, with or without the property firm', () => {
    expect(() => assertJointAttendance(['PARTY_ORGANISATION', 'RESIDENTS_COMMITTEE', 'OWNERS_COMMITTEE'])).not.toThrow();
    expect(() => assertJointAttendance(['RESIDENTS_COMMITTEE', 'OWNERS_COMMITTEE', 'PROPERTY_FIRM'])).not.toThrow();
    expect(() => assertJointAttendance([...MEETING_PARTIES])).not.toThrow();
  });
  it('refuses two parties, however many attendees they send', () => {
    expect(() => assertJointAttendance(['PARTY_ORGANISATION', 'OWNERS_COMMITTEE', 'OWNERS_COMMITTEE', 'PARTY_ORGANISATION'])).toThrow(/at least 3 of the parties/);
    expect(() => assertJointAttendance(['PROPERTY_FIRM'])).toThrow(/not: PARTY_ORGANISATION, RESIDENTS_COMMITTEE, OWNERS_COMMITTEE/);
    expect(() => assertJointAttendance([])).toThrow(/only none attended/);
  });
});
