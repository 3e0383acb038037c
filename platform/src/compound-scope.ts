import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { canSeeCompound, type Claims } from './auth';
import { byKeys, type Loaders } from './loaders';
import type { DataSource } from 'typeorm';
import type { EventHandlers } from './subgraph';

/**
 * Where a compound sits in the region tree, as announced by the community subgraph's
 * CompoundRegistered events. Subgraphs other than community keep this projection to decide
 * which officials may see a compound's records; each creates the table in its own migration.
 */
@Entity('compound_scope')
export class CompoundScopeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  compoundId: string;

  /**
   * Region codes from community up to district, comma-separated. Digits and commas only, so
   * ASCII: the analysts' figures match a region's code in every path of a city, and with
   * utf8mb4's Unicode collation those matches took about nine times as long.
   */
  @Column({ type: 'varchar', length: 120, charset: 'ascii' })
  regionPath: string;
}

/** `compound_scope.regionPath` becomes ASCII; in each subgraph that keeps the projection. */
export class CompoundScopeAsciiPath1765300000001 implements MigrationInterface {
  name = 'CompoundScopeAsciiPath1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `compound_scope` MODIFY `regionPath` varchar(120) CHARACTER SET ascii NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE `compound_scope` MODIFY `regionPath` varchar(120) CHARACTER SET utf8mb4 NOT NULL');
  }
}

export const compoundScopeEvents: EventHandlers = {
  CompoundRegistered: async (_ctx, manager, event) => {
    await manager.upsert(
      CompoundScopeEntity,
      { compoundId: event.payload.compoundId, regionPath: event.payload.regionPath.join(',') },
      ['compoundId'],
    );
  },
};

/**
 * The region path of a compound ([community, street, district]), batched per request; empty for a
 * compound whose CompoundRegistered event has not arrived yet, so only admins see it until then.
 */
export async function regionPathOf(ctx: { loaders: Loaders; ds: DataSource }, compoundId: string): Promise<string[]> {
  const row = await ctx.loaders
    .get<string, CompoundScopeEntity | null>('CompoundScope.regionPath', async (ids) =>
      byKeys(ids, await ctx.ds.getRepository(CompoundScopeEntity).createQueryBuilder('s').where('s.compoundId IN (:...ids)', { ids }).getMany(), (r) => r.compoundId),
    )
    .load(compoundId);
  return row ? row.regionPath.split(',') : [];
}

/** canSeeCompound with the region path looked up from the projection. */
export async function canSeeScopedCompound(ctx: { loaders: Loaders; ds: DataSource; claims: Claims }, compoundId: string): Promise<boolean> {
  return canSeeCompound(ctx.claims, compoundId, await regionPathOf(ctx, compoundId));
}
