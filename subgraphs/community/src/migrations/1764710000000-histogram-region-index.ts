import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The resolution-time histograms of many regions summed over a period in index order: grouped by
 * region, category and bucket without a temporary table (docs/adr/0006-analyst-summaries.md).
 */
export class CommunityHistogramRegionIndex1764710000000 implements MigrationInterface {
  name = 'CommunityHistogramRegionIndex1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX `IDX_request_resolve_histogram_bucket` ON `request_resolve_histogram` (`regionCode`, `category`, `bucket`, `month`, `requests`)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_request_resolve_histogram_bucket` ON `request_resolve_histogram`');
  }
}
