import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One compound's orders in id order, whatever their status: without it a firm's page for one of
 * its compounds walked the firm's index and skipped the other compounds' orders.
 */
export class PropertyWorkOrderCompoundIndex1764200000002 implements MigrationInterface {
  name = 'PropertyWorkOrderCompoundIndex1764200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX `IDX_work_order_compound` ON `work_order` (`compoundId`, `id`)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_work_order_compound` ON `work_order`');
  }
}
