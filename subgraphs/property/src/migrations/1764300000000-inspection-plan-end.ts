import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An inspection plan can be ended: after its end no window is judged and no record is taken. */
export class PropertyInspectionPlanEnd1764300000000 implements MigrationInterface {
  name = 'PropertyInspectionPlanEnd1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `inspection_plan` ADD `endsAt` datetime(6) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `inspection_plan` DROP COLUMN `endsAt`');
  }
}
