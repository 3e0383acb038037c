import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The ordered rating event log partners read (feed, subscriptions, webhooks) and its counters. */
export class RatingPartnerLog1764200000000 implements MigrationInterface {
  name = 'RatingPartnerLog1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`rating_event\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`seq\` bigint NOT NULL,
      \`type\` varchar(40) NOT NULL,
      \`resultId\` varchar(36) NOT NULL,
      \`roundId\` varchar(36) NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`firmId\` varchar(36) NULL,
      \`period\` varchar(7) NOT NULL,
      \`scoreCentipoints\` int NOT NULL,
      \`regionPath\` varchar(120) NOT NULL,
      \`occurredAt\` datetime(3) NOT NULL,
      UNIQUE INDEX \`IDX_rating_event_seq\` (\`seq\`),
      UNIQUE INDEX \`IDX_rating_event_type_result\` (\`type\`, \`resultId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`rating_event_region\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`regionCode\` varchar(20) NOT NULL,
      \`eventSeq\` bigint NOT NULL,
      UNIQUE INDEX \`IDX_rating_event_region_code_seq\` (\`regionCode\`, \`eventSeq\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`rating_counter\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`value\` bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `rating_counter`');
    await q.query('DROP TABLE `rating_event_region`');
    await q.query('DROP TABLE `rating_event`');
  }
}
