import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CommunityCompoundContracts1764600000000 implements MigrationInterface {
  name = 'CommunityCompoundContracts1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`compound_contract\` (
      \`contractId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`firmId\` varchar(36) NULL,
      \`startsOn\` date NOT NULL,
      \`endsOn\` date NULL,
      INDEX \`IDX_compound_contract_compound\` (\`compoundId\`),
      PRIMARY KEY (\`contractId\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `compound_contract`');
  }
}
