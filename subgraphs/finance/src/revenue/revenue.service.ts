import type { EntityManager } from 'typeorm';
import { badInput, requireRole, Role, type EventPayloads, type RequestContext } from '@hub/platform';
import type { AccountEntity } from '../accounts/account.entity';
import { ensureAccount, ensureAccounts, ledgerTransaction, postEntries, postEntry, type EntryDraft } from '../ledger/ledger.service';
import { assertPositiveFen, assertWholeFen } from '../ledger/postings';
import { requireCommittee, requireKnownCompound } from '../scope';
import { parseInstant } from '../time';

export interface RevenueInput {
  compoundId: string;
  category: string;
  amountFen: number;
  costFen?: number | null;
  receivedAt?: string | null;
  description: string;
  sourceReference: string;
}

/**
 * Income is its own line (收支两条线): the gross amount is credited to public revenue under its
 * category and its reasonable costs are debited beside it as REVENUE_COST, so the statement shows
 * both; only the net reaches the bank. Nothing is ever spent by netting it against income.
 */
export async function bookRevenue(manager: EntityManager, input: RevenueInput, closedPeriod: 'REFUSE' | 'BOOK_TODAY', valueAt?: Date) {
  return postEntry(manager, revenueDraft(input, await revenueAccounts(manager, input.compoundId), closedPeriod, valueAt));
}

async function revenueAccounts(manager: EntityManager, compoundId: string): Promise<{ bank: AccountEntity; revenue: AccountEntity }> {
  return { bank: await ensureAccount(manager, compoundId, 'BANK'), revenue: await ensureAccount(manager, compoundId, 'PUBLIC_REVENUE') };
}

function revenueDraft(input: RevenueInput, { bank, revenue }: { bank: AccountEntity; revenue: AccountEntity }, closedPeriod: 'REFUSE' | 'BOOK_TODAY', valueAt?: Date): EntryDraft {
  const cost = input.costFen ?? 0;
  const bookedAt = input.receivedAt ? parseInstant(input.receivedAt, 'receivedAt') : undefined;
  return {
    compoundId: input.compoundId,
    kind: 'REVENUE',
    bookedAt,
    valueAt: valueAt ?? bookedAt,
    sourceReference: input.sourceReference,
    description: input.description,
    postings: [
      { accountId: bank.id, amountFen: input.amountFen - cost, category: input.category },
      { accountId: revenue.id, amountFen: -input.amountFen, category: input.category },
      ...(cost > 0 ? [{ accountId: revenue.id, amountFen: cost, category: 'REVENUE_COST' }] : []),
    ],
    closedPeriod,
  };
}

export async function recordRevenue(ctx: RequestContext, input: RevenueInput) {
  requireRole(ctx.claims, Role.OWNERS_COMMITTEE, Role.ADMIN, Role.INTEGRATION);
  if (ctx.claims.role === Role.OWNERS_COMMITTEE) await requireCommittee(ctx, input.compoundId);
  await requireKnownCompound(ctx, input.compoundId);
  assertPositiveFen(input.amountFen, 'amountFen');
  const cost = input.costFen ?? 0;
  assertWholeFen(cost, 'costFen');
  if (cost < 0 || cost >= input.amountFen) throw badInput(`costFen must be from 0 up to less than the income (${input.amountFen} fen), got ${cost}`, { argument: 'costFen' });
  const description = input.description.trim();
  if (!description || description.length > 500) throw badInput('description must be 1–500 characters', { argument: 'description' });
  // An integration may only book records of its own source, so two ERPs cannot collide.
  const sourceReference = ctx.claims.role === Role.INTEGRATION ? `${ctx.claims.source ?? 'integration'}:${input.sourceReference}` : `revenue:${input.sourceReference}`;
  const { entry } = await ledgerTransaction(ctx.ds, (m) => bookRevenue(m, { ...input, description, sourceReference }, 'REFUSE'));
  return entry;
}

/**
 * Parking fees collected by the property side (停车收费), each booked once per feeId, all in one
 * `postEntries` whatever the number of compounds. A fee dated in a closed period is booked today.
 */
export async function bookParkingFees(manager: EntityManager, fees: readonly EventPayloads['ParkingFeeCollected'][]): Promise<void> {
  for (const fee of fees) {
    if (!Number.isSafeInteger(fee.amountFen) || fee.amountFen <= 0) throw new Error(`ParkingFeeCollected ${fee.feeId} has amount ${fee.amountFen}; expected whole fen above 0`);
  }
  const compoundIds = [...new Set(fees.map((f) => f.compoundId))];
  const found = await ensureAccounts(manager, compoundIds.flatMap((compoundId) => [{ compoundId, kind: 'BANK' as const }, { compoundId, kind: 'PUBLIC_REVENUE' as const }]));
  const accounts = new Map(compoundIds.map((id, i) => [id, { bank: found[2 * i], revenue: found[2 * i + 1] }]));
  const drafts = fees.map((fee) => {
    const collectedAt = new Date(fee.collectedAt);
    const known = !Number.isNaN(collectedAt.getTime());
    return revenueDraft(
      {
        compoundId: fee.compoundId,
        category: 'PARKING',
        amountFen: fee.amountFen,
        description: `Parking fee (${fee.plateClass.toLowerCase()}) ${fee.feeId}`,
        sourceReference: `parking-fee:${fee.feeId}`,
        receivedAt: !known || collectedAt.getTime() > Date.now() ? null : fee.collectedAt,
      },
      accounts.get(fee.compoundId)!,
      'BOOK_TODAY',
      known ? collectedAt : undefined,
    );
  });
  await postEntries(manager, drafts);
}
