import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who marked a joint meeting's decision done, so that tracking a decision to done says by whom. */
export class CommunityMeetingDecisionDoneBy1764410000000 implements MigrationInterface {
  name = 'CommunityMeetingDecisionDoneBy1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`joint_meeting_decision\` ADD \`doneBy\` varchar(64) NULL`);
    await q.query(`ALTER TABLE \`joint_meeting_decision\` ADD \`doneByRole\` varchar(32) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`joint_meeting_decision\` DROP COLUMN \`doneByRole\``);
    await q.query(`ALTER TABLE \`joint_meeting_decision\` DROP COLUMN \`doneBy\``);
  }
}
