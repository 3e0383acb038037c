import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Ingestion: sources, staged batches of raw records, and quarantined records. */
export class PropertyIngestion1764400000100 implements MigrationInterface {
  name = 'PropertyIngestion1764400000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`ingestion_source\` (
      \`id\` varchar(60) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`kind\` varchar(8) NOT NULL,
      \`adapter\` varchar(40) NOT NULL,
      \`baseUrl\` varchar(500) NOT NULL,
      \`credentialsRef\` varchar(200) NOT NULL,
      \`firmId\` varchar(36) NULL,
      \`scheduleSeconds\` int NOT NULL,
      \`pageSize\` int NOT NULL,
      \`rateLimitPerSecond\` int NOT NULL,
      \`cursor\` varchar(200) NULL,
      \`enabled\` tinyint NOT NULL DEFAULT 1,
      \`pausedReason\` varchar(500) NULL,
      \`consecutiveFailures\` int NOT NULL DEFAULT 0,
      \`retryAt\` datetime(3) NULL,
      \`lastRunAt\` datetime(3) NULL,
      \`lastSuccessAt\` datetime(3) NULL,
      \`lastError\` varchar(1000) NULL,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`ingestion_batch\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`sourceId\` varchar(60) NOT NULL,
      \`origin\` varchar(8) NOT NULL,
      \`pushId\` varchar(200) NULL,
      \`cursorFrom\` varchar(200) NULL,
      \`cursorTo\` varchar(200) NULL,
      \`records\` json NOT NULL,
      \`status\` varchar(8) NOT NULL,
      \`received\` int NOT NULL,
      \`accepted\` int NOT NULL DEFAULT 0,
      \`rejected\` int NOT NULL DEFAULT 0,
      \`applied\` int NOT NULL DEFAULT 0,
      \`unchanged\` int NOT NULL DEFAULT 0,
      \`attempts\` int NOT NULL DEFAULT 0,
      \`lastError\` varchar(1000) NULL,
      \`appliedAt\` datetime(3) NULL,
      UNIQUE INDEX \`IDX_ingestion_batch_push\` (\`sourceId\`, \`pushId\`),
      INDEX \`IDX_ingestion_batch_status\` (\`status\`, \`createdAt\`),
      INDEX \`IDX_ingestion_batch_source\` (\`sourceId\`, \`status\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`ingestion_quarantine\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`sourceId\` varchar(60) NOT NULL,
      \`batchId\` varchar(36) NOT NULL,
      \`position\` int NOT NULL,
      \`externalId\` varchar(200) NULL,
      \`stage\` varchar(8) NOT NULL,
      \`reason\` varchar(1000) NOT NULL,
      \`raw\` json NOT NULL,
      \`replayedAt\` datetime(3) NULL,
      \`replayOutcome\` varchar(12) NULL,
      INDEX \`IDX_quarantine_source\` (\`sourceId\`, \`id\`),
      INDEX \`IDX_quarantine_batch\` (\`batchId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `ingestion_quarantine`');
    await q.query('DROP TABLE `ingestion_batch`');
    await q.query('DROP TABLE `ingestion_source`');
  }
}
