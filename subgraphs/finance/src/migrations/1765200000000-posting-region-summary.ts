import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildPostingRegionSummary } from '../stats/posting-region-summary';

/**
 * Postings summed per street or district, month, account kind and category for `financeStats`,
 * replacing the per-compound `posting_summary`, which a whole city's year had to read row by row
 * (docs/adr/0006-analyst-summaries.md). Existing postings are summed in, so a database upgraded in
 * place answers as before.
 */
export class FinancePostingRegionSummary1765200000000 implements MigrationInterface {
  name = 'FinancePostingRegionSummary1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`posting_region_summary\` (
      \`regionCode\` varchar(12) NOT NULL,
      \`month\` varchar(7) NOT NULL,
      \`accountKind\` varchar(32) NOT NULL,
      \`category\` varchar(32) NOT NULL,
      \`amountFen\` bigint NOT NULL,
      \`postings\` int NOT NULL,
      PRIMARY KEY (\`regionCode\`, \`month\`, \`accountKind\`, \`category\`)
    ) ENGINE=InnoDB`);
    await q.query('DROP TABLE `posting_summary`');
    await rebuildPostingRegionSummary(q.connection, q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`posting_summary\` (
      \`compoundId\` varchar(36) NOT NULL,
      \`month\` varchar(7) NOT NULL,
      \`accountKind\` varchar(32) NOT NULL,
      \`category\` varchar(32) NOT NULL,
      \`amountFen\` bigint NOT NULL,
      \`postings\` int NOT NULL,
      PRIMARY KEY (\`compoundId\`, \`month\`, \`accountKind\`, \`category\`)
    ) ENGINE=InnoDB`);
    await q.query(
      `INSERT INTO \`posting_summary\` (\`compoundId\`, \`month\`, \`accountKind\`, \`category\`, \`amountFen\`, \`postings\`)
       SELECT p.\`compoundId\`, DATE_FORMAT(p.\`bookedAt\`, '%Y-%m'), a.\`kind\`, p.\`category\`, SUM(p.\`amountFen\`), COUNT(*)
       FROM \`posting\` p INNER JOIN \`account\` a ON a.\`id\` = p.\`accountId\`
       GROUP BY p.\`compoundId\`, DATE_FORMAT(p.\`bookedAt\`, '%Y-%m'), a.\`kind\`, p.\`category\``,
    );
    await q.query('DROP TABLE `posting_region_summary`');
  }
}
