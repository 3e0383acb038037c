import { ErrorCode, HubError, type RequestContext } from '@hub/platform';
import { ensureAccount, ledgerTransaction, postEntry } from '../ledger/ledger.service';
import { assertPositiveFen } from '../ledger/postings';
import { matterById } from '../matters/matters.events';
import { requireCommittee, requireKnownCompound } from '../scope';
import { raisingAllowed } from '../spending/approval';
import { parseInstant } from '../time';

export interface RaiseFundInput {
  compoundId: string;
  buildingRef?: string | null;
  amountFen: number;
  matterId: string;
  receivedAt?: string | null;
  sourceReference: string;
}

/**
 * Money raised into the maintenance fund (筹集维修资金) under a passed art. 278 item 6 matter,
 * kept per building when a building is named. Using it goes through a spending request.
 */
export async function raiseMaintenanceFund(ctx: RequestContext, input: RaiseFundInput) {
  await requireCommittee(ctx, input.compoundId);
  await requireKnownCompound(ctx, input.compoundId);
  assertPositiveFen(input.amountFen, 'amountFen');
  const bookedAt = input.receivedAt ? parseInstant(input.receivedAt, 'receivedAt') : undefined;
  const buildingRef = (input.buildingRef ?? '').trim().slice(0, 64);
  return ledgerTransaction(ctx.ds, async (manager) => {
    const verdict = raisingAllowed(input.compoundId, await matterById(manager, input.matterId));
    if (!verdict.ok) throw new HubError(ErrorCode.INVALID_TRANSITION, `Cannot book the raising: ${verdict.reason}`);
    const bank = await ensureAccount(manager, input.compoundId, 'BANK');
    const fund = await ensureAccount(manager, input.compoundId, 'MAINTENANCE_FUND', buildingRef);
    const { entry } = await postEntry(manager, {
      compoundId: input.compoundId,
      kind: 'FUND_RAISING',
      bookedAt,
      sourceReference: `fund-raising:${input.sourceReference}`,
      description: `Maintenance fund raised${buildingRef ? ` for ${buildingRef}` : ''} under matter ${input.matterId}`,
      postings: [
        { accountId: bank.id, amountFen: input.amountFen, category: 'FUND_RAISED' },
        { accountId: fund.id, amountFen: -input.amountFen, category: 'FUND_RAISED' },
      ],
      closedPeriod: 'REFUSE',
    });
    return entry;
  });
}
