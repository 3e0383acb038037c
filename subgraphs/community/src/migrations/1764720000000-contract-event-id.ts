import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Contracts remember the event that last wrote them, so that an older event applied later changes nothing. */
export class CommunityContractEventId1764720000000 implements MigrationInterface {
  name = 'CommunityContractEventId1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `compound_contract` ADD `eventId` varchar(36) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `compound_contract` DROP COLUMN `eventId`');
  }
}
