import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Buildings, units with registered area, people, and the compound's "three noes" flags. */
export class CommunityPlaces1764100000000 implements MigrationInterface {
  name = 'CommunityPlaces1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`compound\`
      ADD \`noOwnersCommittee\` tinyint NOT NULL DEFAULT 0,
      ADD \`noPropertyFirm\` tinyint NOT NULL DEFAULT 0,
      ADD \`noMaintenanceFund\` tinyint NOT NULL DEFAULT 0`);
    await q.query(`CREATE TABLE \`building\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`compoundId\` varchar(36) NOT NULL,
      \`name\` varchar(50) NOT NULL,
      UNIQUE INDEX \`IDX_building_compound_name\` (\`compoundId\`, \`name\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`unit\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`compoundId\` varchar(36) NOT NULL,
      \`buildingId\` varchar(36) NOT NULL,
      \`number\` varchar(20) NOT NULL,
      \`use\` varchar(16) NOT NULL,
      \`areaCentiM2\` bigint NOT NULL,
      \`ownerId\` varchar(36) NULL,
      INDEX \`IDX_unit_compound\` (\`compoundId\`),
      INDEX \`IDX_unit_owner\` (\`ownerId\`),
      UNIQUE INDEX \`IDX_unit_building_number\` (\`buildingId\`, \`number\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`person\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`name\` varchar(100) NOT NULL,
      \`kind\` varchar(16) NOT NULL,
      \`phone\` varchar(20) NULL,
      \`idNumber\` varchar(18) NULL,
      \`partyMember\` tinyint NOT NULL DEFAULT 0,
      INDEX \`IDX_person_phone\` (\`phone\`),
      INDEX \`IDX_person_id_number\` (\`idNumber\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `person`');
    await q.query('DROP TABLE `unit`');
    await q.query('DROP TABLE `building`');
    await q.query('ALTER TABLE `compound` DROP COLUMN `noMaintenanceFund`, DROP COLUMN `noPropertyFirm`, DROP COLUMN `noOwnersCommittee`');
  }
}
