import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A category's percentile probe reads only that category's resolution times in its bucket
 * (docs/adr/0006-analyst-summaries.md).
 */
export class CommunityCategoryResolveIndexes1765400000001 implements MigrationInterface {
  name = 'CommunityCategoryResolveIndexes1765400000001';

  async up(q: QueryRunner): Promise<void> {
    for (const level of ['street', 'district']) {
      await q.query(`CREATE INDEX \`IDX_resident_request_${level}_category_resolve\` ON \`resident_request\` (\`${level}Code\`, \`category\`, \`resolveSeconds\`, \`submittedAt\`)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const level of ['street', 'district']) await q.query(`DROP INDEX \`IDX_resident_request_${level}_category_resolve\` ON \`resident_request\``);
  }
}
