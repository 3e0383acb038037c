import { In, type DataSource } from 'typeorm';
import { OutboxEvent } from '@hub/platform';
import type { Expected, ExpectedRecord } from '@hub/simulators';
import { IngestionBatchEntity } from '../subgraphs/property/src/ingestion/ingestion-batch.entity';
import { QuarantinedRecordEntity } from '../subgraphs/property/src/ingestion/quarantined-record.entity';
import { WorkOrderEntity } from '../subgraphs/property/src/work-orders/work-order.entity';
import { ParkingFeeEntity, ParkingGateEventEntity } from '../subgraphs/property/src/parking/parking.entities';
import { InspectionRecordEntity } from '../subgraphs/property/src/inspections/inspection.entities';
import { JournalEntryEntity } from '../subgraphs/finance/src/ledger/journal-entry.entity';

/**
 * What the crash and Redis-restart tests compare after the dust settles: what the hub holds
 * from one ERP source against what the simulator says it served.
 */
export interface Reconciliation {
  /** Items in batches, summed; equals `served` when no page was staged twice or lost. */
  staged: number;
  served: number;
  notApplied: number;
  /** Pull batches whose cursor range does not start where the previous one ended. */
  cursorGaps: number;
  /** Per kind: keys expected (minus those the hub quarantined) that the hub lacks, and keys it has that it should not. */
  missing: Record<string, string[]>;
  extra: Record<string, string[]>;
  workOrderStatusMismatches: string[];
  /** Rows of work orders, gate events, fees and inspection visits for the firm; must equal the distinct expected. */
  rows: Record<string, number>;
  expectedRows: Record<string, number>;
  /** New fees with an amount that have exactly one ParkingFeeCollected event in the outbox, and those fees. */
  feeEvents: number;
  fees: number;
  /** Fees announced more than once. */
  duplicateEvents: number;
  feeTotalFen: number;
  /** The new fees with an amount, each of which finance must book once. */
  paidFeeIds: string[];
}

/** `feesBefore`: ids of parking fees that existed before the feed started (seeded ones). */
export async function reconcileSource(ds: DataSource, sourceId: string, firmId: string, expected: Expected, feesBefore: Set<string>): Promise<Reconciliation> {
  const batches = await ds.getRepository(IngestionBatchEntity).find({ where: { sourceId }, select: { id: true, status: true, received: true, cursorFrom: true, cursorTo: true, origin: true }, order: { id: 'ASC' } });
  const pulls = batches.filter((b) => b.origin === 'PULL');
  let cursorGaps = 0;
  for (let i = 1; i < pulls.length; i++) if (pulls[i].cursorFrom !== pulls[i - 1].cursorTo) cursorGaps++;
  const quarantined = await ds.getRepository(QuarantinedRecordEntity).find({ where: { sourceId }, select: { externalId: true } });
  const refused = new Set(quarantined.map((q) => q.externalId));
  const ref = (externalId: string) => `${firmId}:${externalId}`;

  const want: Record<string, Set<string>> = {};
  for (const r of expected.latest) {
    if (refused.has(r.externalId) || (r.kind === 'WORK_ORDER' && r.hubWorkOrderId)) continue;
    (want[r.kind] ??= new Set()).add(ref(r.externalId));
  }
  const orders = await ds.getRepository(WorkOrderEntity).find({ where: { firmId, source: 'ERP' as never }, select: { id: true, sourceRef: true, status: true } });
  const gates = await ds.getRepository(ParkingGateEventEntity).createQueryBuilder('g').select(['g.id', 'g.sourceRef']).where('g.sourceRef LIKE :p', { p: `${firmId}:%` }).getMany();
  const fees = await ds.getRepository(ParkingFeeEntity).find({ select: { id: true, receiptRef: true, amountFen: true, sessionId: true }, where: {} });
  const ours = fees.filter((f) => !feesBefore.has(f.id));
  const visits = await ds.getRepository(InspectionRecordEntity).createQueryBuilder('v').select(['v.id', 'v.sourceRef']).where('v.sourceRef LIKE :p', { p: `${firmId}:%` }).getMany();
  const have: Record<string, string[]> = {
    WORK_ORDER: orders.map((o) => o.sourceRef!),
    GATE_EVENT: gates.map((g) => g.sourceRef),
    FEE_RECEIPT: fees.filter((f) => f.receiptRef?.startsWith(`${firmId}:`)).map((f) => f.receiptRef!),
    INSPECTION: visits.map((v) => (v as unknown as { sourceRef: string }).sourceRef),
  };
  const missing: Record<string, string[]> = {};
  const extra: Record<string, string[]> = {};
  const rows: Record<string, number> = {};
  const expectedRows: Record<string, number> = {};
  for (const kind of Object.keys(have)) {
    const got = new Set(have[kind]);
    const w = want[kind] ?? new Set<string>();
    rows[kind] = have[kind].length;
    expectedRows[kind] = w.size;
    missing[kind] = [...w].filter((k) => !got.has(k)).slice(0, 5);
    extra[kind] = [...got].filter((k) => !w.has(k)).slice(0, 5);
  }
  const latestOrder = new Map(expected.latest.filter((r): r is Extract<ExpectedRecord, { kind: 'WORK_ORDER' }> => r.kind === 'WORK_ORDER').map((r) => [ref(r.externalId), r.status]));
  const workOrderStatusMismatches = orders.filter((o) => latestOrder.has(o.sourceRef!) && latestOrder.get(o.sourceRef!) !== o.status).map((o) => o.sourceRef!);

  // One ParkingFeeCollected per fee with an amount (a free stay announces nothing), never two.
  const announced = new Map<string, number>();
  for (const e of await ds.getRepository(OutboxEvent).find({ where: { topic: 'ParkingFeeCollected' }, select: { payload: true } })) {
    const feeId = (JSON.parse(e.payload) as { feeId: string }).feeId;
    announced.set(feeId, (announced.get(feeId) ?? 0) + 1);
  }
  const paid = ours.filter((f) => f.amountFen > 0);
  const feeEvents = paid.filter((f) => announced.get(f.id) === 1).length;
  const duplicateEvents = [...announced.values()].filter((n) => n > 1).length;
  return {
    staged: batches.reduce((n, b) => n + b.received, 0),
    served: expected.served,
    notApplied: batches.filter((b) => b.status !== 'APPLIED').length,
    cursorGaps,
    missing,
    extra,
    workOrderStatusMismatches,
    rows,
    expectedRows,
    feeEvents,
    fees: paid.length,
    duplicateEvents,
    feeTotalFen: ours.reduce((n, f) => n + f.amountFen, 0),
    paidFeeIds: paid.map((f) => f.id),
  };
}

/** Everything that must hold for "nothing lost, nothing doubled". */
export function expectExactlyOnce(r: Reconciliation): void {
  expect({ staged: r.staged, notApplied: r.notApplied, cursorGaps: r.cursorGaps }).toEqual({ staged: r.served, notApplied: 0, cursorGaps: 0 });
  expect(r.missing).toEqual({ WORK_ORDER: [], GATE_EVENT: [], FEE_RECEIPT: [], INSPECTION: [] });
  expect(r.extra).toEqual({ WORK_ORDER: [], GATE_EVENT: [], FEE_RECEIPT: [], INSPECTION: [] });
  expect(r.rows).toEqual(r.expectedRows);
  expect(r.workOrderStatusMismatches).toEqual([]);
  expect(r.feeEvents).toBe(r.fees);
  expect(r.duplicateEvents).toBe(0);
  expect(r.rows.WORK_ORDER).toBeGreaterThan(100);
}


/**
 * Finance books a ParkingFeeCollected under `parking-fee:<feeId>`, a unique source reference, so
 * a fee is booked at most once; `missing` are the fees it has not booked (yet), first few only.
 */
export async function financeBookings(finance: DataSource, feeIds: string[]): Promise<{ booked: number; missing: string[] }> {
  const booked = new Set<string>();
  for (let i = 0; i < feeIds.length; i += 1_000) {
    const refs = feeIds.slice(i, i + 1_000).map((id) => `parking-fee:${id}`);
    const entries = await finance.getRepository(JournalEntryEntity).find({ where: { sourceReference: In(refs) }, select: { sourceReference: true } });
    for (const e of entries) booked.add(e.sourceReference.slice('parking-fee:'.length));
  }
  return { booked: booked.size, missing: feeIds.filter((id) => !booked.has(id)).slice(0, 5) };
}
