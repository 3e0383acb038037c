import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Work-order lists are keyset-paged on id within a firm or a compound: with id last in the index
 * a page stops after `first` rows instead of sorting all of a firm's orders.
 */
export class PropertyWorkOrderListIndexes1764200000001 implements MigrationInterface {
  name = 'PropertyWorkOrderListIndexes1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_work_order_compound_status` ON `work_order`');
    await q.query('DROP INDEX `IDX_work_order_firm_status` ON `work_order`');
    await q.query('CREATE INDEX `IDX_work_order_compound_status` ON `work_order` (`compoundId`, `status`, `id`)');
    await q.query('CREATE INDEX `IDX_work_order_firm` ON `work_order` (`firmId`, `id`)');
    await q.query('CREATE INDEX `IDX_work_order_firm_status` ON `work_order` (`firmId`, `status`, `id`)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_work_order_firm_status` ON `work_order`');
    await q.query('DROP INDEX `IDX_work_order_firm` ON `work_order`');
    await q.query('DROP INDEX `IDX_work_order_compound_status` ON `work_order`');
    await q.query('CREATE INDEX `IDX_work_order_firm_status` ON `work_order` (`firmId`, `status`)');
    await q.query('CREATE INDEX `IDX_work_order_compound_status` ON `work_order` (`compoundId`, `status`)');
  }
}
