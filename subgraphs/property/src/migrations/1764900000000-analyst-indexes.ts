import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Covering indexes for the region figures of `propertyStats`: work orders created in a period by
 * category and status, completed ones against their due time per firm, and parking revenue by
 * plate class, each read from the index alone (docs/adr/0006-analyst-summaries.md).
 */
export class PropertyAnalystIndexes1764900000000 implements MigrationInterface {
  name = 'PropertyAnalystIndexes1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX `IDX_work_order_compound_created` ON `work_order` (`compoundId`, `createdAt`, `category`, `status`)');
    await q.query('CREATE INDEX `IDX_work_order_compound_completed` ON `work_order` (`compoundId`, `status`, `completedAt`, `dueAt`, `firmId`)');
    await q.query('CREATE INDEX `IDX_parking_fee_compound_collected_class` ON `parking_fee` (`compoundId`, `collectedAt`, `plateClass`, `amountFen`)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_parking_fee_compound_collected_class` ON `parking_fee`');
    await q.query('DROP INDEX `IDX_work_order_compound_completed` ON `work_order`');
    await q.query('DROP INDEX `IDX_work_order_compound_created` ON `work_order`');
  }
}
