import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildPropertySummaries } from '../stats/property-summary';

/**
 * Work orders, their SLA and parking fees summed per street or district and UTC month for
 * `propertyStats`, and the index that reads only the open orders for the backlog
 * (docs/adr/0006-analyst-summaries.md). Existing rows are summed in, so a database upgraded in
 * place answers as before.
 */
export class PropertySummaries1765100000000 implements MigrationInterface {
  name = 'PropertySummaries1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`work_order_summary\` (
      \`regionCode\` varchar(12) NOT NULL,
      \`month\` varchar(7) NOT NULL,
      \`category\` varchar(40) NOT NULL,
      \`status\` varchar(12) NOT NULL,
      \`orders\` int NOT NULL,
      PRIMARY KEY (\`regionCode\`, \`month\`, \`category\`, \`status\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`work_order_sla_summary\` (
      \`regionCode\` varchar(12) NOT NULL,
      \`firmId\` varchar(36) NOT NULL,
      \`month\` varchar(7) NOT NULL,
      \`met\` int NOT NULL,
      \`breached\` int NOT NULL,
      PRIMARY KEY (\`regionCode\`, \`firmId\`, \`month\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`parking_fee_summary\` (
      \`regionCode\` varchar(12) NOT NULL,
      \`month\` varchar(7) NOT NULL,
      \`plateClass\` varchar(8) NOT NULL,
      \`fees\` int NOT NULL,
      \`amountFen\` bigint NOT NULL,
      PRIMARY KEY (\`regionCode\`, \`month\`, \`plateClass\`)
    ) ENGINE=InnoDB`);
    await q.query('CREATE INDEX `IDX_work_order_status_created` ON `work_order` (`status`, `createdAt`, `compoundId`)');
    await rebuildPropertySummaries(q.connection, q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_work_order_status_created` ON `work_order`');
    await q.query('DROP TABLE `parking_fee_summary`');
    await q.query('DROP TABLE `work_order_sla_summary`');
    await q.query('DROP TABLE `work_order_summary`');
  }
}
