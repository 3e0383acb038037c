import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildStatementAudits } from '../audits/statement-audit';

/**
 * Each statement's audit status kept beside it, for `financeStats` to count and page through
 * (docs/adr/0006-analyst-summaries.md). Statements already published get theirs from their
 * sign-offs and findings, so a database upgraded in place answers as before.
 */
export class FinanceStatementAudit1765300000000 implements MigrationInterface {
  name = 'FinanceStatementAudit1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`statement_audit\` (
      \`statementId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`period\` varchar(7) NOT NULL,
      \`status\` varchar(16) NOT NULL,
      INDEX \`IDX_statement_audit_compound\` (\`compoundId\`, \`period\`, \`status\`),
      PRIMARY KEY (\`statementId\`)
    ) ENGINE=InnoDB`);
    await rebuildStatementAudits(q.connection, q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `statement_audit`');
  }
}
