import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ingestion keys: a work order remembers the source's version it last applied (an older one never
 * overwrites it), and a fee receipt from a firm's ERP is kept once per receipt.
 */
export class PropertyIngestionApplyKeys1764410000000 implements MigrationInterface {
  name = 'PropertyIngestionApplyKeys1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `work_order` ADD `sourceUpdatedAt` datetime(6) NULL');
    await q.query('ALTER TABLE `parking_fee` ADD `receiptRef` varchar(120) NULL');
    await q.query('CREATE UNIQUE INDEX `IDX_parking_fee_receipt` ON `parking_fee` (`receiptRef`)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_parking_fee_receipt` ON `parking_fee`');
    await q.query('ALTER TABLE `parking_fee` DROP COLUMN `receiptRef`');
    await q.query('ALTER TABLE `work_order` DROP COLUMN `sourceUpdatedAt`');
  }
}
