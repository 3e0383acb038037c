import { In } from 'typeorm';
import { uuidv7 } from '@hub/platform';
import { InspectionCheckpointEntity, InspectionPlanEntity, InspectionRecordEntity } from '../inspections/inspection.entities';
import { badPhotoUrl } from '../work-orders/sla';
import { WorkOrderEntity, WorkOrderTransitionEntity } from '../work-orders/work-order.entity';
import { recordWorkOrderChanges } from '../stats/property-summary';
import { creationTransition, newWorkOrderRow } from '../work-orders/work-orders.service';
import { CLOCK_SKEW_MS, firmRef, instant, reject, scopeProblem, type ApplyContext, type Indexed } from './apply-context';
import type { InspectionRecord } from './records';

const ROWS_PER_STATEMENT = 500;

/** The category of the work order an inspection finding opens when the ERP gives none. */
export const FINDING_CATEGORY = 'inspection finding';

/**
 * Checkpoint visits from a firm's ERP (巡检记录), kept once per (plan, "<firmId>:<externalId>"):
 * a record already held is unchanged (visits do not change once made). The plan must be the
 * compound's and still running at the visit, the checkpoint on its route by name. A FINDING must
 * say what was found and opens a NORMAL work order in the same transaction, as recordInspection
 * does. Reads plans, checkpoints and held records once each; writes records, orders and their
 * transitions in one multi-row insert each.
 */
export async function applyInspections(ctx: ApplyContext, items: Indexed<InspectionRecord>[]): Promise<void> {
  if (items.length === 0) return;
  const { manager, source } = ctx;
  const checked: Array<Indexed<InspectionRecord> & { at: Date; sourceRef: string }> = [];
  for (const item of items) {
    const r = item.record;
    const at = instant(r.inspectedAt);
    if (!at) {
      reject(ctx, item, `inspectedAt "${r.inspectedAt}" is not an ISO-8601 instant`);
      continue;
    }
    const problem = scopeProblem(ctx, r.compoundId, at) ?? (at.getTime() > ctx.now.getTime() + CLOCK_SKEW_MS ? `inspectedAt ${r.inspectedAt} is in the future` : null);
    if (problem) {
      reject(ctx, item, problem);
      continue;
    }
    if (r.result === 'FINDING' && !r.note?.trim()) {
      reject(ctx, item, 'note: a FINDING must say what was found; it becomes the work order’s description');
      continue;
    }
    const bad = badPhotoUrl(r.photoUrls);
    if (bad) {
      reject(ctx, item, `photoUrls: "${bad}" is not an http(s) URL`);
      continue;
    }
    checked.push({ ...item, at, sourceRef: firmRef(ctx, r.externalId) });
  }
  if (checked.length === 0) return;

  const planIds = [...new Set(checked.map((c) => c.record.planId))];
  const plans = new Map((await manager.find(InspectionPlanEntity, { where: { id: In(planIds) } })).map((p) => [p.id, p]));
  const checkpoints = plans.size ? await manager.find(InspectionCheckpointEntity, { where: { planId: In([...plans.keys()]) } }) : [];
  const held = new Set(
    (await manager.find(InspectionRecordEntity, { select: { planId: true, sourceRef: true }, where: { sourceRef: In([...new Set(checked.map((c) => c.sourceRef))]) } })).map((r) => `${r.planId}#${r.sourceRef}`),
  );

  const records: InspectionRecordEntity[] = [];
  const orders: WorkOrderEntity[] = [];
  const transitions: WorkOrderTransitionEntity[] = [];
  const by = { role: 'INTEGRATION', sub: source.id };
  for (const item of checked) {
    const r = item.record;
    const plan = plans.get(r.planId);
    if (!plan || plan.compoundId !== r.compoundId) {
      reject(ctx, item, `planId ${r.planId} is not an inspection plan of compound ${r.compoundId}`);
      continue;
    }
    if (plan.endsAt && item.at.getTime() >= plan.endsAt.getTime()) {
      reject(ctx, item, `inspection plan ${plan.id} ended at ${plan.endsAt.toISOString()}; visits after its end are not taken`);
      continue;
    }
    const checkpoint = checkpoints.find((c) => c.planId === plan.id && c.name === r.checkpointName.trim());
    if (!checkpoint) {
      reject(ctx, item, `checkpointName "${r.checkpointName}" is not on the route of plan ${plan.id}`);
      continue;
    }
    const key = `${plan.id}#${item.sourceRef}`;
    if (held.has(key)) {
      ctx.outcome.unchanged++;
      continue;
    }
    held.add(key);
    const recordId = uuidv7();
    let workOrderId: string | null = null;
    if (r.result === 'FINDING') {
      const input = {
        compoundId: plan.compoundId,
        source: 'INSPECTION' as const,
        sourceRef: recordId,
        category: FINDING_CATEGORY,
        priority: 'NORMAL' as const,
        description: r.note!.trim(),
        place: checkpoint.location ?? checkpoint.name,
        photoUrls: r.photoUrls,
        createdAt: item.at,
        by,
      };
      const order = manager.create(WorkOrderEntity, { id: uuidv7(), ...newWorkOrderRow(input, source.firmId) });
      orders.push(order);
      transitions.push(manager.create(WorkOrderTransitionEntity, { id: uuidv7(), ...creationTransition(order.id, input) }));
      workOrderId = order.id;
    }
    records.push(
      manager.create(InspectionRecordEntity, {
        id: recordId,
        planId: plan.id,
        checkpointId: checkpoint.id,
        compoundId: plan.compoundId,
        inspectedAt: item.at,
        inspector: r.inspector.trim().slice(0, 60),
        result: r.result,
        note: r.note?.trim().slice(0, 500) || null,
        photoUrls: r.photoUrls,
        workOrderId,
        sourceRef: item.sourceRef,
      }),
    );
    ctx.outcome.applied++;
  }
  for (let i = 0; i < records.length; i += ROWS_PER_STATEMENT) await manager.insert(InspectionRecordEntity, records.slice(i, i + ROWS_PER_STATEMENT));
  for (let i = 0; i < orders.length; i += ROWS_PER_STATEMENT) await manager.insert(WorkOrderEntity, orders.slice(i, i + ROWS_PER_STATEMENT));
  await recordWorkOrderChanges(manager, [], orders, ctx.scopePaths);
  for (let i = 0; i < transitions.length; i += ROWS_PER_STATEMENT) await manager.insert(WorkOrderTransitionEntity, transitions.slice(i, i + ROWS_PER_STATEMENT));
}
