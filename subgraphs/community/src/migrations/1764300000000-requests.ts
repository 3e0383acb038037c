import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Resident requests, their timeline steps and the routing table. */
export class CommunityRequests1764300000000 implements MigrationInterface {
  name = 'CommunityRequests1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`resident_request\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`compoundId\` varchar(36) NOT NULL,
      \`communityCode\` varchar(12) NOT NULL,
      \`streetCode\` varchar(12) NOT NULL,
      \`districtCode\` varchar(12) NOT NULL,
      \`unitId\` varchar(36) NULL,
      \`reporterId\` varchar(64) NOT NULL,
      \`clientRequestId\` varchar(64) NULL,
      \`category\` varchar(32) NOT NULL,
      \`description\` varchar(2000) NOT NULL,
      \`place\` varchar(200) NULL,
      \`photoUrls\` text NOT NULL,
      \`state\` varchar(16) NOT NULL,
      \`level\` varchar(16) NOT NULL,
      \`responsible\` varchar(32) NOT NULL,
      \`slaSeconds\` int NOT NULL,
      \`submittedAt\` datetime(6) NOT NULL,
      \`dueAt\` datetime(6) NULL,
      \`nextActionAt\` datetime(6) NULL,
      \`dispatchedAt\` datetime(6) NULL,
      \`resolvedAt\` datetime(6) NULL,
      \`closedAt\` datetime(6) NULL,
      \`resolveSeconds\` int NULL,
      \`onTime\` tinyint NULL,
      \`escalations\` int NOT NULL DEFAULT 0,
      \`reopenCount\` int NOT NULL DEFAULT 0,
      \`satisfaction\` int NULL,
      \`feedback\` varchar(1000) NULL,
      UNIQUE INDEX \`IDX_resident_request_client\` (\`reporterId\`, \`clientRequestId\`),
      INDEX \`IDX_resident_request_reporter\` (\`reporterId\`, \`id\`),
      INDEX \`IDX_resident_request_compound\` (\`compoundId\`, \`id\`),
      INDEX \`IDX_resident_request_community\` (\`communityCode\`, \`submittedAt\`),
      INDEX \`IDX_resident_request_street\` (\`streetCode\`, \`submittedAt\`),
      INDEX \`IDX_resident_request_district\` (\`districtCode\`, \`submittedAt\`),
      INDEX \`IDX_resident_request_next_action\` (\`nextActionAt\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`request_step\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`requestId\` varchar(36) NOT NULL,
      \`action\` varchar(16) NOT NULL,
      \`state\` varchar(16) NOT NULL,
      \`level\` varchar(16) NOT NULL,
      \`actorRole\` varchar(32) NOT NULL,
      \`actorId\` varchar(64) NULL,
      \`note\` varchar(1000) NULL,
      \`photoUrls\` text NOT NULL,
      \`at\` datetime(6) NOT NULL,
      INDEX \`IDX_request_step_request\` (\`requestId\`, \`id\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`request_route\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`category\` varchar(32) NOT NULL,
      \`label\` varchar(100) NOT NULL,
      \`responsible\` varchar(32) NOT NULL,
      \`slaSeconds\` int NOT NULL,
      UNIQUE INDEX \`IDX_request_route_category\` (\`category\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `request_route`');
    await q.query('DROP TABLE `request_step`');
    await q.query('DROP TABLE `resident_request`');
  }
}
