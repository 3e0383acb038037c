import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dispatch round of a resident request. Until now a request was dispatched once per cycle
 * (first, then after each reopening), so a dispatched request's round so far is reopenCount + 1.
 */
export class CommunityRequestDispatchRound1764310000000 implements MigrationInterface {
  name = 'CommunityRequestDispatchRound1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `resident_request` ADD `dispatchRound` int NOT NULL DEFAULT 0');
    await q.query('UPDATE `resident_request` SET `dispatchRound` = `reopenCount` + 1 WHERE `dispatchedAt` IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `resident_request` DROP COLUMN `dispatchRound`');
  }
}
