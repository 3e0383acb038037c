import { byKeys, canSeeCompound, CompoundScopeEntity, forbidden, loadOneBy, Role, type RequestContext } from '@hub/platform';
import { AccountEntity } from './account.entity';
import { requireAccounts } from '../scope';

interface BalanceRow {
  compoundId: string;
  regionPath: string | null;
  balanceFen: string | number | null;
}

/**
 * Public-revenue balance with the caller's scope checked against where the compound sits:
 * balance and region come back in one statement for all compounds of the request. A compound
 * finance has not yet heard of (its CompoundRegistered event is still on its way) has no scope,
 * so only an admin sees it, as null.
 */
export async function publicRevenueBalance(ctx: RequestContext, compoundId: string): Promise<number | null> {
  if (ctx.claims.role === Role.ANONYMOUS) throw forbidden('Sign in to see a compound\'s public revenue');
  const row = await ctx.loaders
    .get<string, BalanceRow | null>('publicRevenue', async (ids) => {
      const rows: BalanceRow[] = await ctx.ds
        .createQueryBuilder(CompoundScopeEntity, 'scope')
        .select('scope.compoundId', 'compoundId')
        .addSelect('scope.regionPath', 'regionPath')
        .addSelect('account.balanceFen', 'balanceFen')
        .leftJoin(AccountEntity, 'account', "account.compoundId = scope.compoundId AND account.kind = 'PUBLIC_REVENUE' AND account.buildingRef = ''")
        .where('scope.compoundId IN (:...ids)', { ids })
        .getRawMany();
      return byKeys(ids, rows, (r) => r.compoundId);
    })
    .load(compoundId);
  const regionPath = row?.regionPath ? row.regionPath.split(',') : [];
  if (!canSeeCompound(ctx.claims, compoundId, regionPath)) {
    throw forbidden(`Your role ${ctx.claims.role} has no scope over compound ${compoundId}'s accounts`);
  }
  return row?.balanceFen === null || row?.balanceFen === undefined ? null : Number(row.balanceFen);
}

export async function financeAccounts(ctx: RequestContext, compoundId: string): Promise<AccountEntity[]> {
  await requireAccounts(ctx, compoundId);
  return ctx.ds.getRepository(AccountEntity).find({ where: { compoundId }, order: { kind: 'ASC', buildingRef: 'ASC' } });
}

/** For postings: one statement per request, whatever the number of postings. */
export const accountById = (ctx: RequestContext, id: string) => loadOneBy(ctx, AccountEntity, 'id', id);
