import type { EntityManager } from 'typeorm';
import { applyContext, reject, settle, type Indexed } from './apply-context';
import { applyWorkOrders } from './apply-work-orders';
import { applyInspections } from './apply-inspections';
import { applyFeeReceipts, applyGateEvents } from './apply-parking';
import { applyUtilityCoverage, applyUtilityNotices } from './apply-utilities';
import type { ApplyOutcome, ApplyRecords, ApplySource, HubRecord, HubRecordKind } from './records';

const ERP_KINDS: readonly HubRecordKind[] = ['WORK_ORDER', 'INSPECTION', 'GATE_EVENT', 'FEE_RECEIPT'];
const UTILITY_KINDS: readonly HubRecordKind[] = ['UTILITY_COVERAGE', 'UTILITY_NOTICE'];

/**
 * Applies mapped records (数据落库) in bulk inside the caller's transaction. Records are grouped by
 * kind and each group costs a fixed handful of statements (gate events: a few per compound), not
 * some per record. Idempotent: the same records applied again change nothing and count as
 * `unchanged`. A record that fails a check is rejected with a reason and the others go on; only a
 * database error throws, and then the caller's transaction rolls the whole batch back.
 */
export const applyRecords: ApplyRecords = async (manager: EntityManager, source: ApplySource, records: HubRecord[]): Promise<ApplyOutcome> => {
  const ctx = await applyContext(manager, source, records);
  const groups = new Map<HubRecordKind, Indexed[]>();
  records.forEach((record, index) => {
    const item = { index, record };
    const allowed = source.kind === 'ERP' ? ERP_KINDS : UTILITY_KINDS;
    if (!allowed.includes(record.kind)) return reject(ctx, item, `a ${source.kind} source does not send ${String(record.kind)} records`);
    // External ids become part of keys of at most 80 characters ("<firm id>:<external id>").
    if (typeof record.externalId !== 'string' || !/^\S{1,40}$/.test(record.externalId)) return reject(ctx, item, 'externalId must be 1 to 40 characters without spaces');
    const group = groups.get(record.kind);
    if (group) group.push(item);
    else groups.set(record.kind, [item]);
  });
  const of = <K extends HubRecordKind>(kind: K) => (groups.get(kind) ?? []) as Indexed<Extract<HubRecord, { kind: K }>>[];
  // The kinds touch different rows, so their statements go out together: one kind's are built
  // while another's run.
  await settle([
    applyWorkOrders(ctx, of('WORK_ORDER')),
    applyInspections(ctx, of('INSPECTION')),
    applyGateEvents(ctx, of('GATE_EVENT')),
    applyFeeReceipts(ctx, of('FEE_RECEIPT')),
    applyUtilityCoverage(ctx, of('UTILITY_COVERAGE')),
    applyUtilityNotices(ctx, of('UTILITY_NOTICE')),
  ]);
  ctx.outcome.rejected.sort((a, b) => a.index - b.index);
  return ctx.outcome;
};
