import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import type { MeetingParty } from './meeting-rules';

export type JointMeetingState = 'SCHEDULED' | 'HELD' | 'CANCELLED';

/**
 * A three-party joint meeting (三方联席会议) of residents' committee, owners' committee and property
 * firm under the Party organisation: "大事共议、实事共办、要事共决、急事共商".
 */
@Entity('joint_meeting')
@Index('IDX_joint_meeting_compound', ['compoundId', 'scheduledAt'])
@Index('IDX_joint_meeting_request_key', ['compoundId', 'requestKey'], { unique: true })
export class JointMeetingEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'datetime', precision: 6 })
  scheduledAt: Date;

  @Column({ type: 'varchar', length: 200 })
  place: string;

  @Column({ type: 'varchar', length: 16 })
  state: JointMeetingState;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestKey: string | null;

  /** Minutes, open to all owners of the compound once the meeting is recorded as held. */
  @Column({ type: 'text', nullable: true })
  minutes: string | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  heldAt: Date | null;

  @Column({ type: 'varchar', length: 64 })
  convenedBy: string;
}

/** An agenda item (议题) of a joint meeting, optionally the matter it discusses. */
@Entity('joint_meeting_agenda_item')
@Index('IDX_joint_meeting_agenda_meeting', ['meetingId', 'position'], { unique: true })
export class JointMeetingAgendaItemEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  meetingId: string;

  /** 1, 2, 3… in the order of the agenda. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  matterId: string | null;
}

/** Who attended a joint meeting for which party. */
@Entity('joint_meeting_attendance')
@Index('IDX_joint_meeting_attendance_meeting', ['meetingId'])
export class JointMeetingAttendanceEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  meetingId: string;

  @Column({ type: 'varchar', length: 24 })
  party: MeetingParty;

  /** The attendee's name as signed in, or their office. */
  @Column({ type: 'varchar', length: 100 })
  attendee: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  personId: string | null;
}

export type DecisionStatus = 'OPEN' | 'DONE';

/** A decision of a joint meeting, with the party responsible and its due date, tracked to done. */
@Entity('joint_meeting_decision')
@Index('IDX_joint_meeting_decision_meeting', ['meetingId'])
@Index('IDX_joint_meeting_decision_due', ['compoundId', 'status', 'dueOn'])
export class JointMeetingDecisionEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  meetingId: string;

  /** Copied from the meeting so that overdue decisions of a compound are one indexed read. */
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'int', nullable: true })
  agendaPosition: number | null;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 24 })
  responsibleParty: MeetingParty;

  /** ISO-8601 date (YYYY-MM-DD), the last day it is due. */
  @Column({ type: 'varchar', length: 10 })
  dueOn: string;

  @Column({ type: 'varchar', length: 8 })
  status: DecisionStatus;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  doneAt: Date | null;

  @Column({ type: 'text', nullable: true })
  doneNote: string | null;

  /** Id of the user who marked it done, and their role. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  doneBy: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  doneByRole: string | null;
}
