import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PropertyInit1764000000001 implements MigrationInterface {
  name = 'PropertyInit1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`property_firm\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`name\` varchar(100) NOT NULL,
      \`creditCode\` varchar(18) NOT NULL,
      UNIQUE INDEX \`IDX_firm_credit_code\` (\`creditCode\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`service_contract\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`compoundId\` varchar(36) NOT NULL,
      \`firmId\` varchar(36) NULL,
      \`model\` varchar(24) NOT NULL,
      \`startsOn\` date NOT NULL,
      \`endsOn\` date NULL,
      \`feeFenPerM2Month\` int NOT NULL,
      \`status\` varchar(16) NOT NULL DEFAULT 'ACTIVE',
      INDEX \`IDX_contract_compound_status\` (\`compoundId\`, \`status\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `service_contract`');
    await q.query('DROP TABLE `property_firm`');
  }
}
