import type { MigrationInterface, QueryRunner } from 'typeorm';

const base = `\`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),`;

/** Organisations and the compounds they serve, posts, firm posts announced by property, Party-member liaison and service. */
export class CommunityOrganisations1764110000000 implements MigrationInterface {
  name = 'CommunityOrganisations1764110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`organisation\` (
      ${base}
      \`kind\` varchar(32) NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`partyLevel\` varchar(16) NULL,
      \`status\` varchar(16) NOT NULL,
      \`communityCode\` varchar(12) NOT NULL,
      \`streetCode\` varchar(12) NOT NULL,
      \`districtCode\` varchar(12) NOT NULL,
      \`buildingId\` varchar(36) NULL,
      \`parentId\` varchar(36) NULL,
      \`termStartsOn\` date NULL,
      \`termEndsOn\` date NULL,
      \`reelectionFlaggedAt\` datetime(6) NULL,
      \`reelectionYears\` varchar(60) NOT NULL DEFAULT '',
      INDEX \`IDX_organisation_community\` (\`communityCode\`),
      INDEX \`IDX_organisation_street\` (\`streetCode\`),
      INDEX \`IDX_organisation_parent\` (\`parentId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`organisation_compound\` (
      \`organisationId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      INDEX \`IDX_organisation_compound_compound\` (\`compoundId\`),
      PRIMARY KEY (\`organisationId\`, \`compoundId\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`post\` (
      ${base}
      \`personId\` varchar(36) NOT NULL,
      \`organisationId\` varchar(36) NOT NULL,
      \`role\` varchar(50) NOT NULL,
      \`memberType\` varchar(20) NULL,
      \`startsOn\` date NOT NULL,
      \`endsOn\` date NULL,
      INDEX \`IDX_post_person\` (\`personId\`),
      INDEX \`IDX_post_organisation\` (\`organisationId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`firm_post\` (
      \`id\` varchar(36) NOT NULL,
      \`firmId\` varchar(36) NOT NULL,
      \`personId\` varchar(36) NOT NULL,
      \`role\` varchar(50) NOT NULL,
      \`startsOn\` date NOT NULL,
      \`endsOn\` date NULL,
      INDEX \`IDX_firm_post_person\` (\`personId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`household_liaison\` (
      ${base}
      \`memberId\` varchar(36) NOT NULL,
      \`unitId\` varchar(36) NOT NULL,
      \`since\` date NOT NULL,
      INDEX \`IDX_household_liaison_unit\` (\`unitId\`),
      UNIQUE INDEX \`IDX_household_liaison_member_unit\` (\`memberId\`, \`unitId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`serving_member\` (
      ${base}
      \`memberId\` varchar(36) NOT NULL,
      \`communityCode\` varchar(12) NOT NULL,
      \`employer\` varchar(100) NOT NULL,
      \`serviceMinutes\` int NOT NULL DEFAULT 0,
      INDEX \`IDX_serving_member_community\` (\`communityCode\`),
      UNIQUE INDEX \`IDX_serving_member_member_community\` (\`memberId\`, \`communityCode\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`service_entry\` (
      ${base}
      \`registrationId\` varchar(36) NOT NULL,
      \`servedOn\` date NOT NULL,
      \`minutes\` int NOT NULL,
      \`activity\` varchar(200) NOT NULL,
      INDEX \`IDX_service_entry_registration\` (\`registrationId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['service_entry', 'serving_member', 'household_liaison', 'firm_post', 'post', 'organisation_compound', 'organisation']) {
      await q.query(`DROP TABLE \`${t}\``);
    }
  }
}
