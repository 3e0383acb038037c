import type { MigrationInterface, QueryRunner } from 'typeorm';

const BASE = `\`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),`;

/** Firms' Party building and posts, contract end reasons, facilities, projects, utility status and the compound scope projection. */
export class PropertyFirmsFacilities1764100000000 implements MigrationInterface {
  name = 'PropertyFirmsFacilities1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `property_firm` ADD `partyOrganisation` varchar(100) NULL, ADD `partyInstructorPersonId` varchar(36) NULL');
    await q.query('ALTER TABLE `service_contract` ADD `endReason` varchar(200) NULL');
    await q.query('CREATE INDEX `IDX_contract_firm` ON `service_contract` (`firmId`)');
    await q.query(`CREATE TABLE \`firm_post\` (
      ${BASE}
      \`firmId\` varchar(36) NOT NULL,
      \`personId\` varchar(36) NOT NULL,
      \`role\` varchar(40) NOT NULL,
      \`startsOn\` date NOT NULL,
      \`endsOn\` date NULL,
      INDEX \`IDX_firm_post_firm\` (\`firmId\`, \`startsOn\`),
      INDEX \`IDX_firm_post_person\` (\`personId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`compound_scope\` (
      \`compoundId\` varchar(36) NOT NULL,
      \`regionPath\` varchar(120) NOT NULL,
      PRIMARY KEY (\`compoundId\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`parking_area\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`underground\` tinyint NOT NULL DEFAULT 0,
      INDEX \`IDX_parking_area_compound\` (\`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`parking_entrance\` (
      ${BASE}
      \`areaId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`gateCode\` varchar(40) NULL,
      INDEX \`IDX_parking_entrance_area\` (\`areaId\`),
      UNIQUE INDEX \`IDX_parking_entrance_gate\` (\`compoundId\`, \`gateCode\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`parking_space\` (
      ${BASE}
      \`areaId\` varchar(36) NOT NULL,
      \`number\` varchar(20) NOT NULL,
      \`kind\` varchar(16) NOT NULL,
      UNIQUE INDEX \`IDX_parking_space_number\` (\`areaId\`, \`number\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`elevator\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`building\` varchar(60) NOT NULL,
      \`installedYear\` int NOT NULL,
      \`status\` varchar(16) NOT NULL DEFAULT 'IN_SERVICE',
      INDEX \`IDX_elevator_compound\` (\`compoundId\`, \`building\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`fire_lane\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`lengthM\` int NOT NULL,
      \`clear\` tinyint NOT NULL DEFAULT 1,
      INDEX \`IDX_fire_lane_compound\` (\`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`activity_room\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`areaCentiM2\` bigint NOT NULL,
      \`freeOfCharge\` tinyint NOT NULL,
      \`usedBy\` varchar(100) NULL,
      INDEX \`IDX_activity_room_compound\` (\`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`renovation_project\` (
      ${BASE}
      \`name\` varchar(120) NOT NULL,
      \`kind\` varchar(20) NOT NULL,
      \`compoundId\` varchar(36) NULL,
      \`communityCode\` varchar(12) NOT NULL,
      \`firmId\` varchar(36) NULL,
      \`contractor\` varchar(100) NULL,
      \`unitsPlanned\` int NOT NULL,
      \`unitsDone\` int NOT NULL DEFAULT 0,
      \`budgetReference\` varchar(64) NULL,
      \`budgetFen\` bigint NULL,
      \`startsOn\` date NOT NULL,
      \`endsOn\` date NULL,
      INDEX \`IDX_project_compound\` (\`compoundId\`),
      INDEX \`IDX_project_community\` (\`communityCode\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`project_milestone\` (
      ${BASE}
      \`projectId\` varchar(36) NOT NULL,
      \`name\` varchar(120) NOT NULL,
      \`dueOn\` date NOT NULL,
      \`reachedOn\` date NULL,
      INDEX \`IDX_milestone_project\` (\`projectId\`, \`dueOn\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`project_incident\` (
      ${BASE}
      \`projectId\` varchar(36) NOT NULL,
      \`kind\` varchar(16) NOT NULL,
      \`occurredAt\` datetime(3) NOT NULL,
      \`note\` varchar(500) NOT NULL,
      INDEX \`IDX_incident_project\` (\`projectId\`, \`kind\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`utility_coverage\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`utility\` varchar(8) NOT NULL,
      \`provider\` varchar(100) NULL,
      \`householdsConnected\` int NOT NULL,
      \`householdsTotal\` int NULL,
      \`reportedAt\` datetime(3) NOT NULL,
      UNIQUE INDEX \`IDX_coverage_compound_utility\` (\`compoundId\`, \`utility\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`utility_notice\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`utility\` varchar(8) NOT NULL,
      \`kind\` varchar(24) NOT NULL,
      \`title\` varchar(200) NOT NULL,
      \`startsAt\` datetime(3) NOT NULL,
      \`endsAt\` datetime(3) NULL,
      \`source\` varchar(40) NOT NULL,
      \`externalId\` varchar(100) NOT NULL,
      UNIQUE INDEX \`IDX_notice_source_external\` (\`source\`, \`externalId\`),
      INDEX \`IDX_notice_compound_start\` (\`compoundId\`, \`startsAt\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'utility_notice',
      'utility_coverage',
      'project_incident',
      'project_milestone',
      'renovation_project',
      'activity_room',
      'fire_lane',
      'elevator',
      'parking_space',
      'parking_entrance',
      'parking_area',
      'compound_scope',
      'firm_post',
    ]) {
      await q.query(`DROP TABLE \`${table}\``);
    }
    await q.query('DROP INDEX `IDX_contract_firm` ON `service_contract`');
    await q.query('ALTER TABLE `service_contract` DROP COLUMN `endReason`');
    await q.query('ALTER TABLE `property_firm` DROP COLUMN `partyInstructorPersonId`, DROP COLUMN `partyOrganisation`');
  }
}
