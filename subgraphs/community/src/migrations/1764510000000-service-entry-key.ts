import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A key per logged service entry, so that a retried log adds the minutes once. */
export class CommunityServiceEntryKey1764510000000 implements MigrationInterface {
  name = 'CommunityServiceEntryKey1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `service_entry` ADD `entryKey` varchar(64) NULL');
    await q.query('CREATE UNIQUE INDEX `IDX_service_entry_registration_key` ON `service_entry` (`registrationId`, `entryKey`)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_service_entry_registration_key` ON `service_entry`');
    await q.query('ALTER TABLE `service_entry` DROP COLUMN `entryKey`');
  }
}
