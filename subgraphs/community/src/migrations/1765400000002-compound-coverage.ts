import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recountCoverage } from '../organisations/compound-coverage';

/**
 * Coverage counted on the compound row, from the organisation links, and the contracts' compound
 * index made covering (docs/adr/0006-analyst-summaries.md).
 */
export class CommunityCompoundCoverage1765400000002 implements MigrationInterface {
  name = 'CommunityCompoundCoverage1765400000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `compound` ADD `ownersCommittees` int NOT NULL DEFAULT 0, ADD `partyBranches` int NOT NULL DEFAULT 0');
    await recountCoverage(q.manager);
    await q.query('DROP INDEX `IDX_compound_contract_compound` ON `compound_contract`');
    await q.query('CREATE INDEX `IDX_compound_contract_compound` ON `compound_contract` (`compoundId`, `startsOn`, `endsOn`, `firmId`)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX `IDX_compound_contract_compound` ON `compound_contract`');
    await q.query('CREATE INDEX `IDX_compound_contract_compound` ON `compound_contract` (`compoundId`)');
    await q.query('ALTER TABLE `compound` DROP COLUMN `partyBranches`, DROP COLUMN `ownersCommittees`');
  }
}
