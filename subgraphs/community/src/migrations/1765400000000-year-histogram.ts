import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildYearHistogram } from '../stats/request-summary';

/**
 * Resolution-time histograms per whole year, summed from the monthly ones
 * (docs/adr/0006-analyst-summaries.md).
 */
export class CommunityYearHistogram1765400000000 implements MigrationInterface {
  name = 'CommunityYearHistogram1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`request_resolve_year_histogram\` (
      \`regionCode\` varchar(12) NOT NULL,
      \`year\` varchar(4) NOT NULL,
      \`category\` varchar(32) NOT NULL,
      \`bucket\` int NOT NULL,
      \`requests\` int NOT NULL,
      PRIMARY KEY (\`regionCode\`, \`year\`, \`category\`, \`bucket\`)
    ) ENGINE=InnoDB`);
    await rebuildYearHistogram(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `request_resolve_year_histogram`');
  }
}
