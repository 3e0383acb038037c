import type { MigrationInterface, QueryRunner } from 'typeorm';

const base = `\`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),`;

/**
 * The hash-chained ledger, spending requests, statements, audits and incentive payouts.
 * Posted entries and postings are refused any UPDATE or DELETE by triggers, so that no code
 * path, present or future, can change history; corrections are new entries.
 */
export class FinanceLedger1764100000000 implements MigrationInterface {
  name = 'FinanceLedger1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_account_compound_kind` ON `account`');
    await q.query("ALTER TABLE `account` ADD `buildingRef` varchar(64) NOT NULL DEFAULT ''");
    await q.query('CREATE UNIQUE INDEX `IDX_account_compound_kind_building` ON `account` (`compoundId`, `kind`, `buildingRef`)');
    await q.query(`CREATE TABLE \`journal_entry\` (
      ${base}
      \`compoundId\` varchar(36) NOT NULL,
      \`sequence\` int NOT NULL,
      \`kind\` varchar(32) NOT NULL,
      \`bookedAt\` datetime(3) NOT NULL,
      \`valueAt\` datetime(3) NOT NULL,
      \`sourceReference\` varchar(191) NOT NULL,
      \`description\` varchar(500) NOT NULL,
      \`reversesEntryId\` varchar(36) NULL,
      \`correctsEntryId\` varchar(36) NULL,
      \`spendingRequestId\` varchar(36) NULL,
      \`ratingResultId\` varchar(36) NULL,
      \`prevHash\` varchar(64) NOT NULL,
      \`hash\` varchar(64) NOT NULL,
      UNIQUE INDEX \`IDX_journal_entry_chain\` (\`compoundId\`, \`sequence\`),
      UNIQUE INDEX \`IDX_journal_entry_source\` (\`sourceReference\`),
      UNIQUE INDEX \`IDX_journal_entry_reverses\` (\`reversesEntryId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`posting\` (
      ${base}
      \`entryId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`entrySequence\` int NOT NULL,
      \`position\` int NOT NULL,
      \`accountId\` varchar(36) NOT NULL,
      \`amountFen\` bigint NOT NULL,
      \`category\` varchar(32) NOT NULL,
      \`bookedAt\` datetime(3) NOT NULL,
      UNIQUE INDEX \`IDX_posting_chain\` (\`compoundId\`, \`entrySequence\`, \`position\`),
      INDEX \`IDX_posting_entry\` (\`entryId\`),
      INDEX \`IDX_posting_account_booked\` (\`accountId\`, \`bookedAt\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`ledger_head\` (
      \`compoundId\` varchar(36) NOT NULL,
      \`sequence\` int NOT NULL DEFAULT 0,
      \`hash\` varchar(64) NOT NULL,
      \`closedThrough\` varchar(10) NULL,
      PRIMARY KEY (\`compoundId\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`assembly_matter\` (
      \`id\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`article278Item\` int NOT NULL,
      \`title\` varchar(500) NOT NULL,
      \`passed\` tinyint NOT NULL,
      \`decidedAt\` datetime(3) NOT NULL,
      INDEX \`IDX_assembly_matter_compound\` (\`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`spending_authority\` (
      ${base}
      \`compoundId\` varchar(36) NOT NULL,
      \`limitFen\` bigint NOT NULL DEFAULT 0,
      \`matterId\` varchar(36) NOT NULL,
      UNIQUE INDEX \`IDX_spending_authority_compound\` (\`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`spending_request\` (
      ${base}
      \`compoundId\` varchar(36) NOT NULL,
      \`idempotencyKey\` varchar(100) NOT NULL,
      \`fund\` varchar(32) NOT NULL,
      \`buildingRef\` varchar(64) NOT NULL DEFAULT '',
      \`category\` varchar(32) NOT NULL,
      \`amountFen\` bigint NOT NULL DEFAULT 0,
      \`payee\` varchar(200) NOT NULL,
      \`purpose\` varchar(1000) NOT NULL,
      \`matterId\` varchar(36) NULL,
      \`emergency\` tinyint NOT NULL DEFAULT 0,
      \`status\` varchar(16) NOT NULL,
      \`basis\` varchar(16) NULL,
      \`raisedBy\` varchar(64) NOT NULL,
      \`approvedBy\` varchar(64) NULL,
      \`approvedAt\` datetime(3) NULL,
      \`filedWithCommunityAt\` datetime(3) NULL,
      \`emergencyApprovedBy\` varchar(64) NULL,
      \`emergencyApprovedAt\` datetime(3) NULL,
      \`coSignedBy\` varchar(64) NULL,
      \`coSignedAt\` datetime(3) NULL,
      \`rejectedBy\` varchar(64) NULL,
      \`rejectionReason\` varchar(1000) NULL,
      \`paidAt\` datetime(3) NULL,
      \`entryId\` varchar(36) NULL,
      UNIQUE INDEX \`IDX_spending_request_key\` (\`compoundId\`, \`idempotencyKey\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`statement\` (
      ${base}
      \`compoundId\` varchar(36) NOT NULL,
      \`period\` varchar(7) NOT NULL,
      \`firstDay\` varchar(10) NOT NULL,
      \`lastDay\` varchar(10) NOT NULL,
      \`content\` text NOT NULL,
      \`hash\` varchar(64) NOT NULL,
      \`publishedAt\` datetime(3) NOT NULL,
      \`publishedBy\` varchar(64) NOT NULL,
      UNIQUE INDEX \`IDX_statement_compound_period\` (\`compoundId\`, \`period\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`audit_sign_off\` (
      ${base}
      \`statementId\` varchar(36) NOT NULL,
      \`auditorRole\` varchar(32) NOT NULL,
      \`auditorId\` varchar(64) NOT NULL,
      \`note\` varchar(1000) NULL,
      UNIQUE INDEX \`IDX_audit_sign_off_auditor\` (\`statementId\`, \`auditorRole\`, \`auditorId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`audit_finding\` (
      ${base}
      \`statementId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`auditorRole\` varchar(32) NOT NULL,
      \`raisedBy\` varchar(64) NOT NULL,
      \`description\` varchar(2000) NOT NULL,
      \`status\` varchar(16) NOT NULL,
      \`resolution\` varchar(2000) NULL,
      \`resolvedBy\` varchar(64) NULL,
      \`resolvedAt\` datetime(3) NULL,
      INDEX \`IDX_audit_finding_statement\` (\`statementId\`),
      INDEX \`IDX_audit_finding_compound_status\` (\`compoundId\`, \`status\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`incentive_schedule\` (
      ${base}
      \`bands\` text NOT NULL,
      \`setBy\` varchar(64) NOT NULL,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`incentive_pool\` (
      ${base}
      \`compoundId\` varchar(36) NOT NULL,
      \`firmId\` varchar(36) NOT NULL,
      \`poolFen\` bigint NOT NULL DEFAULT 0,
      UNIQUE INDEX \`IDX_incentive_pool_compound_firm\` (\`compoundId\`, \`firmId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`incentive_payout\` (
      ${base}
      \`ratingResultId\` varchar(36) NOT NULL,
      \`roundId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`firmId\` varchar(36) NOT NULL,
      \`period\` varchar(16) NOT NULL,
      \`scoreCentipoints\` int NOT NULL,
      \`shareBasisPoints\` int NOT NULL,
      \`poolFen\` bigint NOT NULL DEFAULT 0,
      \`amountFen\` bigint NOT NULL DEFAULT 0,
      \`scheduleId\` varchar(36) NULL,
      \`entryId\` varchar(36) NULL,
      \`publishedAt\` datetime(3) NOT NULL,
      UNIQUE INDEX \`IDX_incentive_payout_result\` (\`ratingResultId\`),
      INDEX \`IDX_incentive_payout_firm\` (\`firmId\`),
      INDEX \`IDX_incentive_payout_compound\` (\`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    for (const table of IMMUTABLE) {
      for (const op of ['UPDATE', 'DELETE']) {
        await q.query(
          `CREATE TRIGGER \`${triggerName(table, op)}\` BEFORE ${op} ON \`${table}\` FOR EACH ROW ` +
            `SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${table} rows are posted history and never change; book a reversing entry'`,
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of IMMUTABLE) for (const op of ['UPDATE', 'DELETE']) await q.query(`DROP TRIGGER IF EXISTS \`${triggerName(table, op)}\``);
    for (const table of ['incentive_payout', 'incentive_pool', 'incentive_schedule', 'audit_finding', 'audit_sign_off', 'statement', 'spending_request', 'spending_authority', 'assembly_matter', 'ledger_head', 'posting', 'journal_entry']) {
      await q.query(`DROP TABLE \`${table}\``);
    }
    await q.query('DROP INDEX `IDX_account_compound_kind_building` ON `account`');
    await q.query('ALTER TABLE `account` DROP COLUMN `buildingRef`');
    await q.query('CREATE UNIQUE INDEX `IDX_account_compound_kind` ON `account` (`compoundId`, `kind`)');
  }
}

/** Tables whose rows, once written, are history. */
export const IMMUTABLE = ['journal_entry', 'posting', 'statement'] as const;
export const triggerName = (table: string, op: string) => `${table}_no_${op.toLowerCase()}`;
