import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildMonthlySummaries } from '../stats/request-summary';

/**
 * Request figures per street or district and month, resolution-time histograms, and the indexes that read one
 * histogram bucket of a region's requests (docs/adr/0006-analyst-summaries.md). Existing requests
 * are summed in, so a database upgraded in place answers as before.
 */
export class CommunityRequestSummaries1764700000000 implements MigrationInterface {
  name = 'CommunityRequestSummaries1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`request_summary\` (
      \`regionCode\` varchar(12) NOT NULL,
      \`month\` varchar(7) NOT NULL,
      \`category\` varchar(32) NOT NULL,
      \`state\` varchar(16) NOT NULL,
      \`total\` int NOT NULL,
      \`resolved\` int NOT NULL,
      \`onTime\` int NOT NULL,
      \`rated\` int NOT NULL,
      \`satisfactionSum\` int NOT NULL,
      \`escalated\` int NOT NULL,
      \`escalations\` int NOT NULL,
      \`reachedStreet\` int NOT NULL,
      PRIMARY KEY (\`regionCode\`, \`month\`, \`category\`, \`state\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`request_resolve_histogram\` (
      \`regionCode\` varchar(12) NOT NULL,
      \`month\` varchar(7) NOT NULL,
      \`category\` varchar(32) NOT NULL,
      \`bucket\` int NOT NULL,
      \`requests\` int NOT NULL,
      PRIMARY KEY (\`regionCode\`, \`month\`, \`category\`, \`bucket\`)
    ) ENGINE=InnoDB`);
    for (const level of ['street', 'district']) {
      await q.query(`CREATE INDEX \`IDX_resident_request_${level}_resolve\` ON \`resident_request\` (\`${level}Code\`, \`resolveSeconds\`, \`submittedAt\`, \`category\`)`);
    }
    await rebuildMonthlySummaries(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const level of ['street', 'district']) await q.query(`DROP INDEX \`IDX_resident_request_${level}_resolve\` ON \`resident_request\``);
    await q.query('DROP TABLE `request_resolve_histogram`');
    await q.query('DROP TABLE `request_summary`');
  }
}
