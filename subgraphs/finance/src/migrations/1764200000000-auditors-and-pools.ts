import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joint-audit entitlement and incentive pools per rating period: the community's posts as finance
 * receives them (governance_post), a period on each pool, and the outcome and reason of each
 * payout. Pools from before carry no period ('') and no longer match a rating.
 */
export class FinanceAuditorsAndPools1764200000000 implements MigrationInterface {
  name = 'FinanceAuditorsAndPools1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`governance_post\` (
      \`id\` varchar(36) NOT NULL,
      \`personId\` varchar(36) NOT NULL,
      \`organisationId\` varchar(36) NOT NULL,
      \`organisationKind\` varchar(32) NOT NULL,
      \`compoundId\` varchar(36) NULL,
      \`role\` varchar(50) NOT NULL,
      \`startsOn\` varchar(10) NOT NULL,
      \`endsOn\` varchar(10) NULL,
      INDEX \`IDX_governance_post_person_compound\` (\`personId\`, \`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query('ALTER TABLE `incentive_pool` ADD `period` varchar(16) NOT NULL');
    await q.query('DROP INDEX `IDX_incentive_pool_compound_firm` ON `incentive_pool`');
    await q.query('CREATE UNIQUE INDEX `IDX_incentive_pool_compound_firm_period` ON `incentive_pool` (`compoundId`, `firmId`, `period`)');
    await q.query("ALTER TABLE `incentive_payout` ADD `outcome` varchar(16) NOT NULL DEFAULT 'BOOKED'");
    await q.query("ALTER TABLE `incentive_payout` ADD `reason` varchar(500) NOT NULL DEFAULT ''");
    await q.query("UPDATE `incentive_payout` SET `outcome` = 'NOTHING_DUE' WHERE `amountFen` = 0");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `incentive_payout` DROP COLUMN `reason`');
    await q.query('ALTER TABLE `incentive_payout` DROP COLUMN `outcome`');
    await q.query('DROP INDEX `IDX_incentive_pool_compound_firm_period` ON `incentive_pool`');
    await q.query('ALTER TABLE `incentive_pool` DROP COLUMN `period`');
    await q.query('CREATE UNIQUE INDEX `IDX_incentive_pool_compound_firm` ON `incentive_pool` (`compoundId`, `firmId`)');
    await q.query('DROP TABLE `governance_post`');
  }
}
