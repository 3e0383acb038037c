import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox and processed-event tables every subgraph has; runs before the subgraph's own. */
export class CreateOutbox1764000000000 implements MigrationInterface {
  name = 'CreateOutbox1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`outbox\` (
      \`id\` varchar(36) NOT NULL,
      \`topic\` varchar(100) NOT NULL,
      \`aggregateId\` varchar(64) NOT NULL,
      \`payload\` text NOT NULL,
      \`occurredAt\` datetime(3) NOT NULL,
      \`publishedAt\` datetime(3) NULL,
      INDEX \`outbox_unpublished\` (\`publishedAt\`, \`id\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`processed_event\` (
      \`id\` varchar(36) NOT NULL,
      \`topic\` varchar(100) NOT NULL,
      \`processedAt\` datetime(3) NOT NULL,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `processed_event`');
    await q.query('DROP TABLE `outbox`');
  }
}
