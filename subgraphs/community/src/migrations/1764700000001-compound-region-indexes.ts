import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A street's or district's compounds, for the coverage and three-noes figures of communityStats. */
export class CommunityCompoundRegionIndexes1764700000001 implements MigrationInterface {
  name = 'CommunityCompoundRegionIndexes1764700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX `IDX_compound_street` ON `compound` (`streetCode`)');
    await q.query('CREATE INDEX `IDX_compound_district` ON `compound` (`districtCode`)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_compound_district` ON `compound`');
    await q.query('DROP INDEX `IDX_compound_street` ON `compound`');
  }
}
