import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RatingInit1764000000001 implements MigrationInterface {
  name = 'RatingInit1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`rating_result\` (
      \`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
      \`compoundId\` varchar(36) NOT NULL,
      \`period\` varchar(7) NOT NULL,
      \`scoreCentipoints\` int NOT NULL,
      \`publishedAt\` datetime(3) NOT NULL,
      UNIQUE INDEX \`IDX_result_compound_period\` (\`compoundId\`, \`period\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE `rating_result`');
  }
}
