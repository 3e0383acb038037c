import { In } from 'typeorm';
import { HubError, recordEvents, uuidv7 } from '@hub/platform';
import { ParkingFeeEntity, ParkingPermitEntity, type FeeKind } from '../parking/parking.entities';
import { applyGateEvents as applyCompoundGateEvents, feeAnnouncement, type CheckedGateEvent } from '../parking/parking.service';
import { normalisePlate } from '../parking/plate';
import { utcDay } from '../scope/period';
import { bulkInsert, findIn } from './bulk-sql';
import { recordParkingFees } from '../stats/property-summary';
import { CLOCK_SKEW_MS, firmRef, instant, reject, scopeProblem, settle, type ApplyContext, type Indexed } from './apply-context';
import type { FeeReceiptRecord, GateEventRecord } from './records';

const FEES_PER_STATEMENT = 500;

/**
 * Gate passages from a firm's ERP, through the same logic as the recordGateEvents mutation
 * (stays, fees, ParkingFeeCollected), one call per compound. Each event is kept once per
 * (compound, "<firmId>:<externalId>"); a resent one counts as unchanged. A compound whose batch
 * fails a whole-batch check (a gate it does not have, no VISITOR price) has all its events in this
 * batch rejected with the reason, and the other compounds go on.
 */
export async function applyGateEvents(ctx: ApplyContext, items: Indexed<GateEventRecord>[]): Promise<void> {
  const byCompound = new Map<string, Array<{ item: Indexed<GateEventRecord>; event: CheckedGateEvent }>>();
  const seen = new Set<string>();
  for (const item of items) {
    const r = item.record;
    const at = instant(r.at);
    if (!at) {
      reject(ctx, item, `at "${r.at}" is not an ISO-8601 instant`);
      continue;
    }
    const plate = normalisePlate(r.plate);
    const problem =
      scopeProblem(ctx, r.compoundId, at) ??
      (at.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS ? `at ${r.at} is in the future` : null) ??
      (plate ? null : `plate "${r.plate}" is not a Chinese vehicle plate (e.g. 浙B12345)`) ??
      (r.direction === 'ENTRY' || r.direction === 'EXIT' ? null : `direction ${String(r.direction)} is not ENTRY or EXIT`) ??
      (r.gate.trim() && r.gate.length <= 40 ? null : 'gate must be 1 to 40 characters');
    if (problem) {
      reject(ctx, item, problem);
      continue;
    }
    const sourceRef = firmRef(ctx, r.externalId);
    if (seen.has(`${r.compoundId}#${sourceRef}`)) {
      // The same passage twice in one batch (a vendor resending within a page).
      ctx.outcome.unchanged++;
      continue;
    }
    seen.add(`${r.compoundId}#${sourceRef}`);
    const group = byCompound.get(r.compoundId) ?? [];
    group.push({ item, event: { index: item.index, sourceRef, plate: plate!, gate: r.gate.trim(), direction: r.direction, at } });
    byCompound.set(r.compoundId, group);
  }
  for (const [compoundId, group] of byCompound) {
    try {
      const result = await applyCompoundGateEvents(ctx.manager, compoundId, group.map((g) => g.event));
      ctx.outcome.applied += result.accepted;
      ctx.outcome.unchanged += result.duplicates;
    } catch (error) {
      // The compound's checks run before it writes anything, so its events can be refused alone.
      if (!(error instanceof HubError)) throw error;
      const reason = `the gate events of compound ${compoundId} in this batch were refused together: ${error.message}`.replace(/events\[(\d+)\]/g, 'record $1');
      for (const g of group) reject(ctx, g.item, reason);
    }
  }
}

const FEE_KINDS: Record<FeeReceiptRecord['feeKind'], FeeKind> = { PARKING_PASS: 'MONTHLY_PASS', PARKING_TEMPORARY: 'SESSION' };

/**
 * Fees the firm collected and recorded in its ERP (a monthly pass sold at the office, a temporary
 * stay paid at the booth): a parking fee kept once per "<firmId>:<receipt number>", announced once
 * as ParkingFeeCollected, so finance books it as the compound's public revenue once. A receipt is
 * final: sent again with the same amount it is unchanged, with another amount it is rejected. The
 * plate's class is that of its permit on the day paid, VISITOR without one.
 */
export async function applyFeeReceipts(ctx: ApplyContext, items: Indexed<FeeReceiptRecord>[]): Promise<void> {
  if (items.length === 0) return;
  const { manager } = ctx;
  const checked: Array<Indexed<FeeReceiptRecord> & { at: Date; plate: string; ref: string }> = [];
  for (const item of items) {
    const r = item.record;
    const at = instant(r.receivedAt);
    if (!at) {
      reject(ctx, item, `receivedAt "${r.receivedAt}" is not an ISO-8601 instant`);
      continue;
    }
    const plate = r.plate === null ? '' : normalisePlate(r.plate);
    const problem =
      scopeProblem(ctx, r.compoundId, at) ??
      (at.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS ? `receivedAt ${r.receivedAt} is in the future` : null) ??
      (Number.isSafeInteger(r.amountFen) && r.amountFen > 0 ? null : `amountFen ${r.amountFen}: a receipt books a whole number of fen above 0`) ??
      (plate !== null ? null : `plate "${r.plate}" is not a Chinese vehicle plate (e.g. 浙B12345)`) ??
      (FEE_KINDS[r.feeKind] ? null : `feeKind ${String(r.feeKind)} is not PARKING_PASS or PARKING_TEMPORARY`);
    if (problem) {
      reject(ctx, item, problem);
      continue;
    }
    checked.push({ ...item, at, plate: plate!, ref: firmRef(ctx, r.externalId) });
  }
  if (checked.length === 0) return;

  const plates = [...new Set(checked.map((c) => c.plate).filter(Boolean))];
  const [booked, permits] = await settle([
    findIn(manager, ParkingFeeEntity, [{ column: 'receiptRef', values: [...new Set(checked.map((c) => c.ref))] }]),
    plates.length ? manager.find(ParkingPermitEntity, { where: { compoundId: In([...new Set(checked.map((c) => c.record.compoundId))]), plate: In(plates) } }) : Promise.resolve([]),
  ] as const);
  const held = new Map(booked.map((f) => [f.receiptRef!, f]));

  const fees: ParkingFeeEntity[] = [];
  for (const item of checked) {
    const r = item.record;
    const previous = held.get(item.ref);
    if (previous) {
      if (previous.compoundId === r.compoundId && Number(previous.amountFen) === r.amountFen) ctx.outcome.unchanged++;
      else reject(ctx, item, `receipt ${r.externalId} was already booked as ${previous.amountFen} fen for compound ${previous.compoundId}; a receipt cannot change, record a correction instead`);
      continue;
    }
    // Beijing calendar day, as permits are issued.
    const day = utcDay(new Date(item.at.getTime() + 8 * 3_600_000));
    const permit = permits.find((p) => p.compoundId === r.compoundId && p.plate === item.plate && p.validFrom <= day && (p.validTo === null || day <= p.validTo) && p.status !== 'REVOKED');
    const fee = manager.create(ParkingFeeEntity, {
      id: uuidv7(),
      compoundId: r.compoundId,
      kind: FEE_KINDS[r.feeKind],
      plate: item.plate,
      plateClass: permit?.plateClass ?? 'VISITOR',
      amountFen: r.amountFen,
      collectedAt: item.at,
      sessionId: null,
      receiptRef: item.ref,
    });
    fees.push(fee);
    held.set(item.ref, fee);
    ctx.outcome.applied++;
  }
  // Sent together: each is built while the one before it runs.
  await settle([
    bulkInsert(manager, ParkingFeeEntity, fees, { perStatement: FEES_PER_STATEMENT }),
    recordParkingFees(manager, fees, ctx.scopePaths),
    recordEvents(
      manager,
      'ParkingFeeCollected',
      fees.map((fee) => ({ aggregateId: fee.compoundId, payload: feeAnnouncement(fee) })),
    ),
  ]);
}
