import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partner webhook endpoints, their deliveries and the log of every attempt. */
export class RatingWebhooks1764200000001 implements MigrationInterface {
  name = 'RatingWebhooks1764200000001';

  async up(q: QueryRunner): Promise<void> {
    const base = `\`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),`;
    await q.query(`CREATE TABLE \`webhook_endpoint\` (
      ${base}
      \`url\` varchar(2000) NOT NULL,
      \`events\` varchar(200) NOT NULL,
      \`regionCode\` varchar(20) NOT NULL,
      \`secret\` varchar(100) NOT NULL,
      \`ownerSub\` varchar(100) NOT NULL,
      \`status\` varchar(10) NOT NULL,
      \`disabledReason\` varchar(500) NULL,
      \`disabledAt\` datetime(3) NULL,
      \`consecutiveFailures\` int NOT NULL DEFAULT 0,
      INDEX \`IDX_webhook_endpoint_owner\` (\`ownerSub\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`webhook_delivery\` (
      ${base}
      \`endpointId\` varchar(36) NOT NULL,
      \`eventId\` varchar(36) NOT NULL,
      \`eventSeq\` bigint NOT NULL,
      \`status\` varchar(10) NOT NULL,
      \`attempts\` int NOT NULL DEFAULT 0,
      \`lastStatusCode\` int NULL,
      \`lastError\` varchar(500) NULL,
      \`nextAttemptAt\` datetime(3) NULL,
      \`deliveredAt\` datetime(3) NULL,
      UNIQUE INDEX \`IDX_webhook_delivery_endpoint_event\` (\`endpointId\`, \`eventId\`),
      INDEX \`IDX_webhook_delivery_status_next\` (\`status\`, \`nextAttemptAt\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`webhook_attempt\` (
      ${base}
      \`deliveryId\` varchar(36) NOT NULL,
      \`attempt\` int NOT NULL,
      \`statusCode\` int NULL,
      \`error\` varchar(500) NULL,
      \`durationMs\` int NOT NULL,
      \`attemptedAt\` datetime(3) NOT NULL,
      UNIQUE INDEX \`IDX_webhook_attempt_delivery\` (\`deliveryId\`, \`attempt\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `webhook_attempt`');
    await q.query('DROP TABLE `webhook_delivery`');
    await q.query('DROP TABLE `webhook_endpoint`');
  }
}
