import { recordEvents, uuidv7, type EventPayloads } from '@hub/platform';
import { badPhotoUrl } from '../work-orders/sla';
import { NEXT_STATUSES, type WorkOrderStatus } from '../work-orders/status';
import { WorkOrderEntity, WorkOrderTransitionEntity } from '../work-orders/work-order.entity';
import { cancellationAnnouncement, completionAnnouncement, creationTransition, erpWorkOrderRef, newWorkOrderRow } from '../work-orders/work-orders.service';
import { bulkInsert, findIn } from './bulk-sql';
import { recordWorkOrderChanges } from '../stats/property-summary';
import { instant, reject, scopeProblem, settle, type ApplyContext, type Indexed } from './apply-context';
import type { WorkOrderRecord } from './records';

const ORDERS_PER_STATEMENT = 500;
// Four steps at most per order: a 500-record batch writes its history in one statement.
const TRANSITIONS_PER_STATEMENT = 2_000;

/**
 * The steps from one status to another along the status machine, shortest first: an ERP that
 * reports NEW and then COMPLETED skipped ASSIGNED and IN_PROGRESS, and the hub records each step it
 * implies. Null when no forward path exists (a finished order, or a step back).
 */
export function statusPath(from: WorkOrderStatus, to: WorkOrderStatus): WorkOrderStatus[] | null {
  if (from === to) return [];
  const previous = new Map<WorkOrderStatus, WorkOrderStatus>();
  const queue: WorkOrderStatus[] = [from];
  while (queue.length) {
    const at = queue.shift()!;
    for (const next of NEXT_STATUSES[at]) {
      if (next === from || previous.has(next)) continue;
      previous.set(next, at);
      if (next === to) {
        const path: WorkOrderStatus[] = [to];
        for (let s = previous.get(to)!; s !== from; s = previous.get(s)!) path.unshift(s);
        return path;
      }
      queue.push(next);
    }
  }
  return null;
}

interface Working {
  order: WorkOrderEntity;
  isNew: boolean;
  changed: boolean;
}

type TransitionRow = Pick<WorkOrderTransitionEntity, 'id' | 'workOrderId' | 'fromStatus' | 'toStatus' | 'byRole' | 'bySub' | 'note'>;

/**
 * Work orders from a firm's ERP, in a fixed number of statements: one locked read of the orders
 * the batch names, one multi-row upsert, one multi-row insert of transitions, one bulk insert per
 * event topic.
 *
 * - A firm's own order (`hubWorkOrderId` null) is kept once per (ERP, "<firmId>:<externalId>"),
 *   the key ingestErpWorkOrder uses; the firm must serve the compound on the order's creation day.
 * - A hub order the firm works in its ERP (`hubWorkOrderId` set) must be held by that firm in that
 *   compound; only its progress is taken (status, assignee, resolution, completion), the hub keeps
 *   what was asked.
 * - Versions: a record whose `updatedAt` is not newer than the version last applied changes nothing
 *   (a redelivery or an out-of-order page); within a batch, versions apply oldest first.
 * - Status jumps: every step the ERP skipped is recorded as its own transition, marked as implied;
 *   a move the status machine has no forward path for (a finished order changing, a step back) is
 *   rejected with the reason.
 * - A hub order completed needs at least one photo; it announces WorkOrderCompleted, and one
 *   cancelled (made from a resident request) WorkOrderCancelled, each exactly once because a
 *   finished order never moves again.
 */
export async function applyWorkOrders(ctx: ApplyContext, items: Indexed<WorkOrderRecord>[]): Promise<void> {
  if (items.length === 0) return;
  const { manager, source } = ctx;
  const firmId = source.firmId!;
  const valid: Array<Indexed<WorkOrderRecord> & { updatedAt: Date; createdAt: Date; completedAt: Date | null }> = [];
  for (const item of items) {
    const r = item.record;
    const updatedAt = instant(r.updatedAt);
    const createdAt = instant(r.createdAt);
    const completedAt = r.completedAt === null ? null : instant(r.completedAt);
    if (!updatedAt || !createdAt || (r.completedAt !== null && !completedAt)) {
      reject(ctx, item, 'createdAt, updatedAt and completedAt must be ISO-8601 instants');
      continue;
    }
    const problem = scopeProblem(ctx, r.compoundId, r.hubWorkOrderId ? updatedAt : createdAt);
    if (problem) {
      reject(ctx, item, problem);
      continue;
    }
    const bad = badPhotoUrl(r.completionPhotoUrls);
    if (bad) {
      reject(ctx, item, `completionPhotoUrls: "${bad}" is not an http(s) URL`);
      continue;
    }
    valid.push({ ...item, updatedAt, createdAt, completedAt });
  }
  if (valid.length === 0) return;

  const refs = [...new Set(valid.filter((v) => !v.record.hubWorkOrderId).map((v) => erpWorkOrderRef(firmId, v.record.externalId)))];
  const hubIds = [...new Set(valid.map((v) => v.record.hubWorkOrderId).filter((id): id is string => Boolean(id)))];
  // Locked, so two batches touching one order queue instead of both applying the same step.
  const held = await findIn(manager, WorkOrderEntity, [{ column: 'sourceRef', values: refs, and: { source: 'ERP' } }, { column: 'id', values: hubIds }], { lock: true });
  const summarised = held.map((o) => ({ ...o }));
  const working = new Map<string, Working>();
  const asked = new Set(refs);
  for (const order of held) {
    const w = { order, isNew: false, changed: false };
    if (order.source === 'ERP' && asked.has(order.sourceRef)) working.set(`ref:${order.sourceRef}`, w);
    if (hubIds.includes(order.id)) working.set(`id:${order.id}`, w);
  }

  const transitions: TransitionRow[] = [];
  const completed: Array<{ aggregateId: string; payload: EventPayloads['WorkOrderCompleted'] }> = [];
  const cancelled: Array<{ aggregateId: string; payload: EventPayloads['WorkOrderCancelled'] }> = [];
  const by = { role: 'INTEGRATION', sub: source.id };
  const transition = (order: WorkOrderEntity, fromStatus: WorkOrderStatus | null, toStatus: WorkOrderStatus, note: string) =>
    transitions.push({ id: uuidv7(), workOrderId: order.id, fromStatus, toStatus, byRole: by.role, bySub: by.sub, note: note.slice(0, 500) });

  valid.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.index - b.index);
  for (const item of valid) {
    const r = item.record;
    const hub = Boolean(r.hubWorkOrderId);
    const key = hub ? `id:${r.hubWorkOrderId}` : `ref:${erpWorkOrderRef(firmId, r.externalId)}`;
    let w = working.get(key);
    if (!w) {
      if (hub) {
        reject(ctx, item, `hubWorkOrderId ${r.hubWorkOrderId} is not a work order of the hub`);
        continue;
      }
      const input = {
        compoundId: r.compoundId,
        source: 'ERP' as const,
        sourceRef: erpWorkOrderRef(firmId, r.externalId),
        category: r.category,
        priority: r.priority,
        description: r.description,
        place: r.place,
        createdAt: item.createdAt,
        by,
      };
      const order = manager.create(WorkOrderEntity, { id: uuidv7(), ...newWorkOrderRow(input, firmId) });
      transitions.push({ id: uuidv7(), ...creationTransition(order.id, input), note: `from ERP order ${r.externalId}` });
      w = { order, isNew: true, changed: true };
      working.set(key, w);
    }
    const { order } = w;
    if (order.compoundId !== r.compoundId) {
      reject(ctx, item, `${hub ? `work order ${order.id}` : `ERP order ${r.externalId}`} is in compound ${order.compoundId}, not ${r.compoundId}`);
      continue;
    }
    if (hub && order.firmId !== firmId) {
      reject(ctx, item, `work order ${order.id} is not held by firm ${firmId}, so its ERP may not work on it`);
      continue;
    }
    if (order.sourceUpdatedAt && item.updatedAt.getTime() <= order.sourceUpdatedAt.getTime()) {
      ctx.outcome.unchanged++;
      continue;
    }
    const path = statusPath(order.status, r.status);
    if (!path) {
      const next = NEXT_STATUSES[order.status];
      reject(ctx, item, `work order ${hub ? order.id : r.externalId} is ${order.status} and cannot become ${r.status}${next.length ? `; it can become ${next.join(' or ')}` : ''}`);
      continue;
    }
    if (hub && r.status === 'COMPLETED' && order.status !== 'COMPLETED' && r.completionPhotoUrls.length === 0) {
      reject(ctx, item, `completionPhotoUrls: hub work order ${order.id} is completed with at least one photo of the result`);
      continue;
    }

    const version = `ERP order ${r.externalId} of ${r.updatedAt}`;
    const reassigned = path.length === 0 && r.status === 'ASSIGNED' && r.assigneeName !== null && r.assigneeName !== order.assigneeName;
    if (reassigned) transition(order, 'ASSIGNED', 'ASSIGNED', `${version}: reassigned to ${r.assigneeName}`);
    let from = order.status;
    path.forEach((to, i) => {
      transition(order, from, to, i === path.length - 1 ? version : `implied by ${version}, which skipped this step`);
      from = to;
    });
    if (!hub) Object.assign(order, { category: r.category.slice(0, 40), priority: r.priority, description: r.description.slice(0, 1000), place: r.place?.slice(0, 200) ?? null });
    if (path.includes('IN_PROGRESS') && order.startedAt === null) order.startedAt = item.updatedAt;
    if (r.assigneeName !== null || !hub) order.assigneeName = r.assigneeName?.slice(0, 60) ?? null;
    if (r.resolutionNote !== null || !hub) order.resolutionNote = r.resolutionNote?.slice(0, 500) ?? null;
    if (r.status === 'COMPLETED') {
      order.completedAt = item.completedAt ?? order.completedAt ?? item.updatedAt;
      if (r.completionPhotoUrls.length || !hub) order.completionPhotoUrls = r.completionPhotoUrls;
    }
    order.status = r.status;
    order.sourceUpdatedAt = item.updatedAt;
    w.changed = true;
    ctx.outcome.applied++;
    if (hub && path.includes('COMPLETED')) completed.push({ aggregateId: order.id, payload: completionAnnouncement(order, order.completionPhotoUrls ?? [], order.completedAt!) });
    if (hub && path.includes('CANCELLED')) {
      const payload = cancellationAnnouncement(order, order.resolutionNote ?? `cancelled in the firm's ERP (order ${r.externalId})`, item.updatedAt);
      if (payload) cancelled.push({ aggregateId: order.id, payload });
    }
  }

  const now = ctx.now;
  const rows = [...working.values()].filter((w) => w.changed).map((w) => ({ ...w.order, createdAt: w.isNew ? now : w.order.createdAt, updatedAt: now }));
  // Sent together: each is built while the one before it runs.
  await settle([
    bulkInsert(manager, WorkOrderEntity, rows, { perStatement: ORDERS_PER_STATEMENT, upsert: true }),
    recordWorkOrderChanges(manager, summarised, rows, ctx.scopePaths),
    bulkInsert(manager, WorkOrderTransitionEntity, transitions as WorkOrderTransitionEntity[], { perStatement: TRANSITIONS_PER_STATEMENT }),
    recordEvents(manager, 'WorkOrderCompleted', completed),
    recordEvents(manager, 'WorkOrderCancelled', cancelled),
  ]);
}
