import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Contested owners'-committee elections: the ballot paper of an election and the candidates each ballot marks. */
export class CommunityContestedElections1764400000000 implements MigrationInterface {
  name = 'CommunityContestedElections1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`candidate\` ADD \`onBallot\` tinyint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE \`ballot\` ADD \`candidateIds\` varchar(420) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`ballot\` DROP COLUMN \`candidateIds\``);
    await q.query(`ALTER TABLE \`candidate\` DROP COLUMN \`onBallot\``);
  }
}
