import { canSeeScopedCompound, ErrorCode, forbidden, HubError, regionPathOf, requireRole, Role, type RequestContext } from '@hub/platform';

/**
 * Who may see and do what with a compound's money (业账社管): the owners' committee keeps the
 * accounts, the community (officials and Party organisations of the region) supervises them,
 * residents see what is published, firms see only their own payouts.
 */
const SUPERVISORS: Role[] = [Role.OFFICIAL, Role.PARTY_ORGANISATION];

const ownCompound = (ctx: RequestContext, compoundId: string) => (ctx.claims.compounds ?? []).includes(compoundId);

/** Accounts, entries and spending requests: the compound's committee, its supervisors, admins. */
export async function canSeeAccounts(ctx: RequestContext, compoundId: string): Promise<boolean> {
  const { role } = ctx.claims;
  if (role === Role.ADMIN) return true;
  if (role === Role.OWNERS_COMMITTEE) return ownCompound(ctx, compoundId);
  if (SUPERVISORS.includes(role)) return canSeeScopedCompound(ctx, compoundId);
  return false;
}

export async function requireAccounts(ctx: RequestContext, compoundId: string): Promise<void> {
  requireRole(ctx.claims, Role.ADMIN, Role.OWNERS_COMMITTEE, ...SUPERVISORS);
  if (!(await canSeeAccounts(ctx, compoundId))) throw forbidden(`Your ${ctx.claims.role} scope does not include compound ${compoundId}'s accounts`);
}

/** Published statements: also the compound's residents. */
export async function canSeeStatements(ctx: RequestContext, compoundId: string): Promise<boolean> {
  if (ctx.claims.role === Role.RESIDENT) return ownCompound(ctx, compoundId);
  return canSeeAccounts(ctx, compoundId);
}

/**
 * Re-verifying the ledger: whoever may see the compound's published statements, residents
 * included, since the chain exists so that the owners need not take the books on trust.
 */
export async function requireLedgerVerifier(ctx: RequestContext, compoundId: string): Promise<void> {
  requireRole(ctx.claims, Role.ADMIN, Role.OWNERS_COMMITTEE, Role.RESIDENT, ...SUPERVISORS);
  if (!(await canSeeStatements(ctx, compoundId))) throw forbidden(`Your ${ctx.claims.role} scope does not include compound ${compoundId}'s ledger`);
}

/** Acting for the owners: the compound's owners' committee (or an admin). */
export async function requireCommittee(ctx: RequestContext, compoundId: string): Promise<void> {
  requireRole(ctx.claims, Role.OWNERS_COMMITTEE, Role.ADMIN);
  if (ctx.claims.role === Role.OWNERS_COMMITTEE && !ownCompound(ctx, compoundId)) {
    throw forbidden(`You act for the owners' committee of other compounds, not ${compoundId}`);
  }
}

/** Supervising for the community: an official or Party organisation whose region holds the compound. */
export async function requireSupervisor(ctx: RequestContext, compoundId: string): Promise<void> {
  requireRole(ctx.claims, ...SUPERVISORS, Role.ADMIN);
  if (ctx.claims.role !== Role.ADMIN && !(await canSeeScopedCompound(ctx, compoundId))) {
    throw forbidden(`Compound ${compoundId} is not in a region you supervise`);
  }
}

/** Emergency use of the maintenance fund: an official of the compound's street or district. */
export async function requireStreetOfficial(ctx: RequestContext, compoundId: string): Promise<void> {
  requireRole(ctx.claims, Role.OFFICIAL, Role.ADMIN);
  if (ctx.claims.role === Role.ADMIN) return;
  const [, street, district] = await regionPathOf(ctx, compoundId);
  const regions = ctx.claims.regions ?? [];
  if (!regions.some((r) => r === street || r === district)) {
    throw forbidden(`Emergency use needs an official of the street or district of compound ${compoundId}`);
  }
}

/** Who the record says acted: the caller's subject, or their role when the token has none. */
export const actor = (ctx: RequestContext): string => ctx.claims.sub ?? ctx.claims.role;

/**
 * Money is booked from the API only for a compound the community has registered (its
 * CompoundRegistered reached finance): a mistyped id by an admin or an integration opens no ledger.
 */
export async function requireKnownCompound(ctx: RequestContext, compoundId: string): Promise<void> {
  if ((await regionPathOf(ctx, compoundId)).length === 0) {
    throw new HubError(ErrorCode.NOT_FOUND, `Compound ${compoundId} is not registered with the community (or its registration has not reached finance yet); nothing was booked`, { id: compoundId });
  }
}
