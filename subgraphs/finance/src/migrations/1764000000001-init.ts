import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FinanceInit1764000000001 implements MigrationInterface {
  name = 'FinanceInit1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`account\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`compoundId\` varchar(36) NOT NULL,
      \`kind\` varchar(32) NOT NULL,
      \`balanceFen\` bigint NOT NULL DEFAULT 0,
      UNIQUE INDEX \`IDX_account_compound_kind\` (\`compoundId\`, \`kind\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`compound_scope\` (
      \`compoundId\` varchar(36) NOT NULL,
      \`regionPath\` varchar(120) NOT NULL,
      PRIMARY KEY (\`compoundId\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `compound_scope`');
    await q.query('DROP TABLE `account`');
  }
}
