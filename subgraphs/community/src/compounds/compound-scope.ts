import { canSeeCompound, ErrorCode, forbidden, HubError, notFound, Role, type RequestContext } from '@hub/platform';
import type { CompoundEntity } from './compound.entity';

/** The compound's place in the region tree, community first, as scope checks want it. */
export const regionPathOfCompound = (c: CompoundEntity): string[] => [c.communityCode, c.streetCode, c.districtCode];

export const seesCompound = (ctx: RequestContext, c: CompoundEntity): boolean => canSeeCompound(ctx.claims, c.id, regionPathOfCompound(c));

/** Refuses a caller who may not see the compound's non-public records (units, owners, organisations). */
export function assertSeesCompound(ctx: RequestContext, c: CompoundEntity): void {
  if (!seesCompound(ctx, c)) throw forbidden(`You may not see the records of compound ${c.id}; your role ${ctx.claims.role} is scoped elsewhere`);
}

/** Officials and Party organisations act within their regions; admins everywhere. */
export function seesRegion(ctx: RequestContext, regionPath: readonly string[]): boolean {
  const { claims } = ctx;
  if (claims.role === Role.ADMIN) return true;
  if (claims.role === Role.OFFICIAL || claims.role === Role.PARTY_ORGANISATION) {
    return (claims.regions ?? []).some((r) => regionPath.includes(r));
  }
  return false;
}

export function requireFound<T>(row: T | null | undefined, what: string, id: string): T {
  if (!row) throw notFound(what, id);
  return row;
}

export const conflict = (message: string) => new HubError(ErrorCode.CONFLICT, message);
export const invalidTransition = (message: string) => new HubError(ErrorCode.INVALID_TRANSITION, message);
