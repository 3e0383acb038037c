import type { EntityManager } from 'typeorm';
import { canSeeCompound, CompoundScopeEntity, forbidden, notFound, regionPathOf, requireRole, Role, type RequestContext } from '@hub/platform';
import { ServiceContractEntity } from '../contracts/service-contract.entity';
import { groupByKeys } from './paging';
import { coversDay, utcDay } from './period';

/**
 * Who may read or act on a compound's property records, the one rule every property feature uses:
 * - ADMIN: every compound;
 * - PROPERTY_FIRM: only compounds its firm holds a contract for, and only on days the contract
 *   covers (a firm whose contract ended loses sight of the compound the day after);
 * - OFFICIAL and PARTY_ORGANISATION: compounds in their regions (from the compound_scope projection);
 * - OWNERS_COMMITTEE and RESIDENT: their own compounds;
 * - everyone else (ANALYST, PARTNER, INTEGRATION, anonymous): no compound's records; analysts
 *   read aggregates only.
 */
export async function canAccessCompound(ctx: RequestContext, compoundId: string): Promise<boolean> {
  const { claims } = ctx;
  if (claims.role === Role.PROPERTY_FIRM) return claims.firm ? firmServesCompound(ctx, claims.firm, compoundId) : false;
  if (claims.role === Role.OFFICIAL || claims.role === Role.PARTY_ORGANISATION) {
    return canSeeCompound(claims, compoundId, await regionPathOf(ctx, compoundId));
  }
  return canSeeCompound(claims, compoundId);
}

/** canAccessCompound or FORBIDDEN, with a message that names what was refused. */
export async function assertCompoundAccess(ctx: RequestContext, compoundId: string, what = 'this compound’s property records'): Promise<void> {
  if (!(await canAccessCompound(ctx, compoundId))) {
    throw forbidden(
      ctx.claims.role === Role.PROPERTY_FIRM
        ? `Your firm does not serve compound ${compoundId} today, so you may not see ${what}`
        : `You may not see ${what} of compound ${compoundId}; it is outside your scope`,
    );
  }
}

/** Keeps the ids the caller may access, in their order; batched like canAccessCompound. */
export async function filterAccessibleCompounds(ctx: RequestContext, compoundIds: readonly string[]): Promise<string[]> {
  const allowed = await Promise.all(compoundIds.map((id) => canAccessCompound(ctx, id)));
  return compoundIds.filter((_, i) => allowed[i]);
}

/**
 * Whether `firmId` holds a contract covering `day` (today by default) for the compound. The
 * contracts of all compounds asked about in one request are read in one statement.
 */
export async function firmServesCompound(ctx: RequestContext, firmId: string, compoundId: string, day: string = utcDay()): Promise<boolean> {
  const periods = await ctx.loaders
    .get<string, ServiceContractEntity[]>(`firmContracts:${firmId}`, async (ids) => {
      const rows = await ctx.ds
        .getRepository(ServiceContractEntity)
        .createQueryBuilder('c')
        .where('c.firmId = :firmId', { firmId })
        .andWhere('c.compoundId IN (:...ids)', { ids })
        .getMany();
      return groupByKeys(ids, rows, (r) => r.compoundId);
    })
    .load(compoundId);
  return periods.some((c) => coversDay(c, day));
}

/** The compounds a firm serves on `day` (today by default), for a firm's own lists. */
export async function compoundsServedBy(ctx: Pick<RequestContext, 'ds'>, firmId: string, day: string = utcDay()): Promise<string[]> {
  const rows = await ctx.ds.getRepository(ServiceContractEntity).find({ where: { firmId } });
  return [...new Set(rows.filter((c) => coversDay(c, day)).map((c) => c.compoundId))];
}

/**
 * The contract covering `day` for a compound, read inside a transaction (event handlers, e.g. to
 * assign a dispatched request to the compound's firm); null when none covers the day.
 */
export async function contractInForce(manager: EntityManager, compoundId: string, day: string = utcDay()): Promise<ServiceContractEntity | null> {
  const rows = await manager.getRepository(ServiceContractEntity).find({ where: { compoundId } });
  return rows.find((c) => coversDay(c, day)) ?? null;
}

/**
 * For writes: the caller's role must be one of `roles` and the compound within their scope
 * (UNAUTHENTICATED / FORBIDDEN otherwise). E.g. facilities: ADMIN, the serving PROPERTY_FIRM, the
 * compound's OWNERS_COMMITTEE.
 */
export async function assertCompoundRole(ctx: RequestContext, compoundId: string, roles: Role[], what: string): Promise<void> {
  requireRole(ctx.claims, ...roles);
  await assertCompoundAccess(ctx, compoundId, what);
}

/**
 * Refuses a compound the hub does not know (no CompoundRegistered has arrived for it), and locks its
 * scope row until the transaction ends, so that concurrent writes about one compound (two contracts
 * signed at once) queue instead of both passing their checks.
 */
export async function lockKnownCompound(manager: EntityManager, compoundId: string): Promise<void> {
  const qb = manager.getRepository(CompoundScopeEntity).createQueryBuilder('s').where('s.compoundId = :compoundId', { compoundId });
  if (manager.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  if (!(await qb.getOne())) throw notFound('Compound', compoundId);
}
