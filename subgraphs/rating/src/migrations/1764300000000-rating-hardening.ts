import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook secrets sealed at rest with room for the previous one during a rotation's grace period
 * (the worker seals secrets stored in plain before this, at its start), and schemes keyed by the
 * client's request key so a retried creation returns the first scheme.
 */
export class RatingHardening1764300000000 implements MigrationInterface {
  name = 'RatingHardening1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE \`webhook_endpoint\`
      MODIFY \`secret\` varchar(255) NOT NULL,
      ADD \`previousSecret\` varchar(255) NULL,
      ADD \`previousSecretExpiresAt\` datetime(3) NULL,
      ADD \`secretRotatedAt\` datetime(3) NULL`);
    await q.query(`ALTER TABLE \`rating_scheme\`
      ADD \`requestKey\` varchar(64) NULL,
      ADD UNIQUE INDEX \`IDX_scheme_request_key\` (\`districtCode\`, \`requestKey\`)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `rating_scheme` DROP INDEX `IDX_scheme_request_key`, DROP COLUMN `requestKey`');
    await q.query(`ALTER TABLE \`webhook_endpoint\`
      DROP COLUMN \`secretRotatedAt\`,
      DROP COLUMN \`previousSecretExpiresAt\`,
      DROP COLUMN \`previousSecret\`,
      MODIFY \`secret\` varchar(100) NOT NULL`);
  }
}
