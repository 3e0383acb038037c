import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Postings summed per compound, month, account kind and category for the region figures, and
 * the index that reads a compound's postings of a partial month (docs/adr/0006-analyst-summaries.md).
 */
export class FinancePostingSummary1764300000000 implements MigrationInterface {
  name = 'FinancePostingSummary1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`posting_summary\` (
      \`compoundId\` varchar(36) NOT NULL,
      \`month\` varchar(7) NOT NULL,
      \`accountKind\` varchar(32) NOT NULL,
      \`category\` varchar(32) NOT NULL,
      \`amountFen\` bigint NOT NULL,
      \`postings\` int NOT NULL,
      PRIMARY KEY (\`compoundId\`, \`month\`, \`accountKind\`, \`category\`)
    ) ENGINE=InnoDB`);
    await q.query('CREATE INDEX `IDX_posting_compound_booked` ON `posting` (`compoundId`, `bookedAt`)');
    // Its rows were summed in here from the postings; 1765200000000 replaces the table with
    // posting_region_summary and sums the postings into that, so a database migrating through
    // both does it once.
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_posting_compound_booked` ON `posting`');
    await q.query('DROP TABLE `posting_summary`');
  }
}
