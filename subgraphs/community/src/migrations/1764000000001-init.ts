import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CommunityInit1764000000001 implements MigrationInterface {
  name = 'CommunityInit1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`region\` (
      \`code\` varchar(12) NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`level\` varchar(16) NOT NULL,
      \`parentCode\` varchar(12) NULL,
      INDEX \`IDX_region_parent\` (\`parentCode\`),
      PRIMARY KEY (\`code\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`compound\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`name\` varchar(100) NOT NULL,
      \`address\` varchar(200) NOT NULL,
      \`communityCode\` varchar(12) NOT NULL,
      \`streetCode\` varchar(12) NOT NULL,
      \`districtCode\` varchar(12) NOT NULL,
      \`households\` int NULL,
      \`scatteredHousing\` tinyint NOT NULL DEFAULT 0,
      INDEX \`IDX_compound_community\` (\`communityCode\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `compound`');
    await q.query('DROP TABLE `region`');
  }
}
