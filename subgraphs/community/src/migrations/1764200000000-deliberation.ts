import type { MigrationInterface, QueryRunner } from 'typeorm';

const BASE = `\`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),`;

/** Matters with their pre-reviews, consultations, steps and publications; ballots; conventions; joint meetings. */
export class CommunityDeliberation1764200000000 implements MigrationInterface {
  name = 'CommunityDeliberation1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`matter\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`title\` varchar(200) NOT NULL,
      \`description\` text NOT NULL,
      \`article278Item\` int NOT NULL,
      \`kind\` varchar(16) NOT NULL,
      \`state\` varchar(16) NOT NULL,
      \`requestKey\` varchar(64) NULL,
      \`proposedBy\` varchar(64) NOT NULL,
      \`proposedByRole\` varchar(32) NOT NULL,
      \`topicPublishedAt\` datetime(6) NULL,
      \`votingOpenedAt\` datetime(6) NULL,
      \`votingClosesAt\` datetime(6) NULL,
      \`decidedAt\` datetime(6) NULL,
      \`passed\` tinyint NULL,
      \`finalTally\` text NULL,
      INDEX \`IDX_matter_compound_state\` (\`compoundId\`, \`state\`),
      UNIQUE INDEX \`IDX_matter_request_key\` (\`compoundId\`, \`requestKey\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`matter_pre_review\` (
      ${BASE}
      \`matterId\` varchar(36) NOT NULL,
      \`reviewer\` varchar(24) NOT NULL,
      \`approved\` tinyint NOT NULL,
      \`note\` text NULL,
      \`reviewedBy\` varchar(64) NOT NULL,
      UNIQUE INDEX \`IDX_matter_pre_review_reviewer\` (\`matterId\`, \`reviewer\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`matter_consultation\` (
      ${BASE}
      \`matterId\` varchar(36) NOT NULL,
      \`heldAt\` datetime(6) NOT NULL,
      \`parties\` varchar(200) NOT NULL,
      \`participants\` int NOT NULL,
      \`summary\` text NOT NULL,
      \`recordedBy\` varchar(64) NOT NULL,
      INDEX \`IDX_matter_consultation_matter\` (\`matterId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`matter_transition\` (
      ${BASE}
      \`matterId\` varchar(36) NOT NULL,
      \`action\` varchar(24) NOT NULL,
      \`fromState\` varchar(16) NULL,
      \`toState\` varchar(16) NOT NULL,
      \`actor\` varchar(64) NOT NULL,
      \`actorRole\` varchar(32) NOT NULL,
      \`note\` text NULL,
      INDEX \`IDX_matter_transition_matter\` (\`matterId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`matter_publication\` (
      ${BASE}
      \`matterId\` varchar(36) NOT NULL,
      \`stage\` varchar(16) NOT NULL,
      \`content\` text NOT NULL,
      INDEX \`IDX_matter_publication_matter\` (\`matterId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`ballot\` (
      ${BASE}
      \`matterId\` varchar(36) NOT NULL,
      \`voterKey\` varchar(36) NOT NULL,
      \`castBy\` varchar(36) NOT NULL,
      \`choice\` varchar(8) NOT NULL,
      UNIQUE INDEX \`IDX_ballot_matter_voter\` (\`matterId\`, \`voterKey\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`convention\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`matterId\` varchar(36) NOT NULL,
      \`kind\` varchar(16) NOT NULL,
      \`title\` varchar(200) NOT NULL,
      \`rules\` text NOT NULL,
      \`escalation\` text NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`adoptedAt\` datetime(6) NULL,
      INDEX \`IDX_convention_compound\` (\`compoundId\`, \`status\`),
      UNIQUE INDEX \`IDX_convention_matter\` (\`matterId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`joint_meeting\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`title\` varchar(200) NOT NULL,
      \`scheduledAt\` datetime(6) NOT NULL,
      \`place\` varchar(200) NOT NULL,
      \`state\` varchar(16) NOT NULL,
      \`requestKey\` varchar(64) NULL,
      \`minutes\` text NULL,
      \`heldAt\` datetime(6) NULL,
      \`convenedBy\` varchar(64) NOT NULL,
      INDEX \`IDX_joint_meeting_compound\` (\`compoundId\`, \`scheduledAt\`),
      UNIQUE INDEX \`IDX_joint_meeting_request_key\` (\`compoundId\`, \`requestKey\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`joint_meeting_agenda_item\` (
      ${BASE}
      \`meetingId\` varchar(36) NOT NULL,
      \`position\` int NOT NULL,
      \`title\` varchar(200) NOT NULL,
      \`matterId\` varchar(36) NULL,
      UNIQUE INDEX \`IDX_joint_meeting_agenda_meeting\` (\`meetingId\`, \`position\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`joint_meeting_attendance\` (
      ${BASE}
      \`meetingId\` varchar(36) NOT NULL,
      \`party\` varchar(24) NOT NULL,
      \`attendee\` varchar(100) NOT NULL,
      \`personId\` varchar(36) NULL,
      INDEX \`IDX_joint_meeting_attendance_meeting\` (\`meetingId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`joint_meeting_decision\` (
      ${BASE}
      \`meetingId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`agendaPosition\` int NULL,
      \`text\` text NOT NULL,
      \`responsibleParty\` varchar(24) NOT NULL,
      \`dueOn\` varchar(10) NOT NULL,
      \`status\` varchar(8) NOT NULL,
      \`doneAt\` datetime(6) NULL,
      \`doneNote\` text NULL,
      INDEX \`IDX_joint_meeting_decision_meeting\` (\`meetingId\`),
      INDEX \`IDX_joint_meeting_decision_due\` (\`compoundId\`, \`status\`, \`dueOn\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'joint_meeting_decision',
      'joint_meeting_attendance',
      'joint_meeting_agenda_item',
      'joint_meeting',
      'convention',
      'ballot',
      'matter_publication',
      'matter_transition',
      'matter_consultation',
      'matter_pre_review',
      'matter',
    ]) {
      await q.query(`DROP TABLE \`${table}\``);
    }
  }
}
