import { In, type EntityManager } from 'typeorm';
import {
  badInput,
  byKeys,
  HubError,
  ErrorCode,
  notFound,
  pageWindow,
  recordEvent,
  Role,
  toConnection,
  transaction,
  type EventEnvelope,
  type EventPayloads,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { assertCompoundRole, canAccessCompound, compoundsServedBy, contractInForce, firmServesCompound, lockKnownCompound } from '../scope/compound-access';
import { groupByKeys } from '../scope/paging';
import { utcDay } from '../scope/period';
import { writeLock } from './access';
import { optionalText, requiredText } from './input';
import { badPhotoUrl, defaultDueAt, SLA_HOURS, type WorkOrderPriority } from './sla';
import { requestRoundOf, requestSourceRef } from './request-round';
import { assertMove, type WorkOrderStatus } from './status';
import { WorkOrderEntity, WorkOrderTransitionEntity, type WorkOrderSource } from './work-order.entity';
import { recordWorkOrderChanges } from '../stats/property-summary';

const HOUR = 3_600_000;

/* ---- creation: from a dispatched request, an inspection finding, or a firm's ERP ---- */

export interface NewWorkOrder {
  compoundId: string;
  source: WorkOrderSource;
  sourceRef: string;
  requestId?: string | null;
  category: string;
  priority: WorkOrderPriority;
  description: string;
  place?: string | null;
  photoUrls?: string[];
  dueAt?: Date | null;
  createdAt: Date;
  /** Who caused the creation, for the history. */
  by: { role: string; sub: string | null };
  /** Set when the creator is the firm itself (ERP); otherwise the firm whose contract covers the day. */
  firmId?: string | null;
}

/**
 * Creates a work order once per (source, sourceRef) inside the caller's transaction: a repeat
 * returns the order made the first time and changes nothing.
 */
export async function createWorkOrder(manager: EntityManager, input: NewWorkOrder): Promise<WorkOrderEntity> {
  const existing = await manager.findOne(WorkOrderEntity, { where: { source: input.source, sourceRef: input.sourceRef } });
  if (existing) return existing;
  const firmId = input.firmId !== undefined ? input.firmId : ((await contractInForce(manager, input.compoundId, utcDay(input.createdAt)))?.firmId ?? null);
  const order = await manager.save(manager.create(WorkOrderEntity, newWorkOrderRow(input, firmId)));
  await manager.insert(WorkOrderTransitionEntity, manager.create(WorkOrderTransitionEntity, creationTransition(order.id, input)));
  await recordWorkOrderChanges(manager, [], [order]);
  return order;
}

/** The row of a new order, NEW, as every creation path writes it (bulk ingestion inserts many at once). */
export function newWorkOrderRow(input: NewWorkOrder, firmId: string | null): Omit<WorkOrderEntity, 'id' | 'createdAt' | 'updatedAt' | 'assignId'> {
  return {
    compoundId: input.compoundId,
    firmId,
    source: input.source,
    sourceRef: input.sourceRef,
    requestId: input.requestId ?? null,
    category: input.category.slice(0, 40),
    priority: input.priority,
    description: input.description.slice(0, 1000),
    place: input.place?.slice(0, 200) ?? null,
    photoUrls: input.photoUrls ?? [],
    status: 'NEW',
    assigneeName: null,
    assigneePersonId: null,
    dueAt: input.dueAt ?? defaultDueAt(input.priority, input.createdAt),
    startedAt: null,
    completedAt: null,
    completionPhotoUrls: null,
    resolutionNote: null,
    sourceUpdatedAt: null,
  };
}

/** The first line of every order's history. */
export const creationTransition = (workOrderId: string, input: Pick<NewWorkOrder, 'source' | 'by'>) => ({
  workOrderId,
  fromStatus: null,
  toStatus: 'NEW' as const,
  byRole: input.by.role,
  bySub: input.by.sub,
  note: `from ${input.source}`,
});

/** The sourceRef of a firm's own ERP order: the firm's ERP order numbers are unique within the firm. */
export const erpWorkOrderRef = (firmId: string, externalId: string): string => `${firmId}:${externalId}`;

type AnnouncedOrder = Pick<WorkOrderEntity, 'id' | 'requestId' | 'compoundId' | 'firmId' | 'source' | 'sourceRef'>;

/** WorkOrderCompleted for an order that has just been completed; an order from a request names its dispatch round. */
export function completionAnnouncement(order: AnnouncedOrder, photoUrls: string[], completedAt: Date): EventPayloads['WorkOrderCompleted'] {
  return {
    workOrderId: order.id,
    requestId: order.requestId,
    compoundId: order.compoundId,
    firmId: order.firmId,
    photoUrls,
    completedAt: completedAt.toISOString(),
    ...(order.source === 'RESIDENT_REQUEST' ? { requestRound: requestRoundOf(order.sourceRef) } : {}),
  };
}

/** WorkOrderCancelled for an order made from a resident request; null for other orders, which nobody waits on. */
export function cancellationAnnouncement(order: AnnouncedOrder, reason: string, cancelledAt: Date): EventPayloads['WorkOrderCancelled'] | null {
  if (order.source !== 'RESIDENT_REQUEST' || !order.requestId) return null;
  return {
    workOrderId: order.id,
    requestId: order.requestId,
    requestRound: requestRoundOf(order.sourceRef),
    compoundId: order.compoundId,
    firmId: order.firmId,
    reason,
    cancelledAt: cancelledAt.toISOString(),
  };
}

/**
 * RequestDispatched from the community subgraph: a request the property firm is responsible for
 * becomes a work order of the firm holding the compound's contract on the dispatch day (none for
 * a self-managed compound, whose owners' committee then handles it). Requests for other parties
 * are not property's.
 */
export async function applyRequestDispatched(manager: EntityManager, event: EventEnvelope<'RequestDispatched'>): Promise<void> {
  const p = event.payload;
  if (p.responsible !== 'PROPERTY_FIRM') return;
  const dispatchedAt = new Date(p.dispatchedAt);
  const dueAt = new Date(p.dueAt);
  const priority: WorkOrderPriority = dueAt.getTime() - dispatchedAt.getTime() <= SLA_HOURS.URGENT * HOUR ? 'URGENT' : 'NORMAL';
  await createWorkOrder(manager, {
    compoundId: p.compoundId,
    source: 'RESIDENT_REQUEST',
    // A request reopened (or returned) and dispatched again is a new job for the firm: one order per dispatch round.
    sourceRef: requestSourceRef(p.requestId, p.round),
    requestId: p.requestId,
    category: p.category,
    priority,
    description: p.description,
    place: p.place,
    photoUrls: p.photoUrls,
    dueAt: Number.isNaN(dueAt.getTime()) ? null : dueAt,
    createdAt: Number.isNaN(dispatchedAt.getTime()) ? new Date() : dispatchedAt,
    by: { role: 'EVENT', sub: event.id },
  });
}

export interface ErpWorkOrder {
  firmId: string;
  /** The ERP's own order number, unique within the firm. */
  externalId: string;
  compoundId: string;
  category: string;
  priority: WorkOrderPriority;
  description: string;
  place?: string | null;
  dueAt?: Date | null;
  createdAt: Date;
}

/**
 * The entry the ERP ingestion workers call: a firm's own order for a compound it serves on the
 * order's day, idempotent on (firm, ERP order number). Refuses an order for a compound the firm
 * does not serve.
 */
export async function ingestErpWorkOrder(manager: EntityManager, input: ErpWorkOrder): Promise<WorkOrderEntity> {
  const contract = await contractInForce(manager, input.compoundId, utcDay(input.createdAt));
  if (contract?.firmId !== input.firmId) throw badInput(`Firm ${input.firmId} does not serve compound ${input.compoundId} on ${utcDay(input.createdAt)}`, { field: 'compoundId' });
  return createWorkOrder(manager, {
    compoundId: input.compoundId,
    source: 'ERP',
    sourceRef: erpWorkOrderRef(input.firmId, input.externalId),
    category: input.category,
    priority: input.priority,
    description: input.description,
    place: input.place ?? null,
    dueAt: input.dueAt ?? null,
    createdAt: input.createdAt,
    firmId: input.firmId,
    by: { role: 'INTEGRATION', sub: input.firmId },
  });
}

/* ---- reading ---- */

/**
 * Whether the caller may see (and, if `act`, work on) an order: admins all; the firm only its own
 * orders in compounds it serves today; owners' committees their compounds' orders (acting only on
 * orders without a firm); officials and Party organisations read in their regions.
 */
async function mayTouch(ctx: RequestContext, order: WorkOrderEntity, act: boolean): Promise<boolean> {
  const { claims } = ctx;
  switch (claims.role) {
    case Role.ADMIN:
      return true;
    case Role.PROPERTY_FIRM:
      return Boolean(claims.firm) && order.firmId === claims.firm && (await firmServesCompound(ctx, claims.firm!, order.compoundId));
    case Role.OWNERS_COMMITTEE:
      return (!act || order.firmId === null) && (await canAccessCompound(ctx, order.compoundId));
    case Role.OFFICIAL:
    case Role.PARTY_ORGANISATION:
      return !act && (await canAccessCompound(ctx, order.compoundId));
    default:
      return false;
  }
}

export async function workOrderById(ctx: RequestContext, id: string): Promise<WorkOrderEntity | null> {
  const order = await ctx.loaders
    .get<string, WorkOrderEntity | null>('WorkOrder.id', async (ids) => byKeys(ids, await ctx.ds.getRepository(WorkOrderEntity).findBy({ id: In([...ids]) }), (o) => o.id))
    .load(id);
  if (!order) return null;
  if (!(await mayTouch(ctx, order, false))) throw notFound('Work order', id);
  return order;
}

export interface WorkOrderFilter {
  compoundId?: string | null;
  status?: WorkOrderStatus | null;
}

/** Work orders the caller may see, oldest first, optionally of one compound and status. */
export async function listWorkOrders(ctx: RequestContext, filter: WorkOrderFilter, page: PageArgs) {
  const { claims } = ctx;
  const { limit, afterId } = pageWindow(page, ctx.config.limits.maxPageSize);
  const q = ctx.ds.getRepository(WorkOrderEntity).createQueryBuilder('w');
  if (filter.compoundId) q.andWhere('w.compoundId = :compoundId', { compoundId: filter.compoundId });
  if (filter.status) q.andWhere('w.status = :status', { status: filter.status });
  switch (claims.role) {
    case Role.ADMIN:
      break;
    case Role.PROPERTY_FIRM: {
      const served = claims.firm ? await compoundsServedBy(ctx, claims.firm) : [];
      if (filter.compoundId && !served.includes(filter.compoundId)) throw forbiddenCompound(ctx, filter.compoundId);
      if (served.length === 0) return toConnection([], limit);
      q.andWhere('w.firmId = :firmId', { firmId: claims.firm }).andWhere('w.compoundId IN (:...served)', { served });
      break;
    }
    case Role.OWNERS_COMMITTEE: {
      const own = claims.compounds ?? [];
      if (filter.compoundId && !own.includes(filter.compoundId)) throw forbiddenCompound(ctx, filter.compoundId);
      if (own.length === 0) return toConnection([], limit);
      q.andWhere('w.compoundId IN (:...own)', { own });
      break;
    }
    case Role.OFFICIAL:
    case Role.PARTY_ORGANISATION: {
      if (filter.compoundId) {
        if (!(await canAccessCompound(ctx, filter.compoundId))) throw forbiddenCompound(ctx, filter.compoundId);
        break;
      }
      const regions = claims.regions ?? [];
      if (regions.length === 0) return toConnection([], limit);
      const { sql, params } = inRegions('w', regions);
      q.andWhere(sql, params);
      break;
    }
    default:
      throw new HubError(ErrorCode.FORBIDDEN, `Your role ${claims.role} may not list work orders; analysts read propertyStats`);
  }
  if (afterId) q.andWhere('w.id > :afterId', { afterId });
  return toConnection(await q.orderBy('w.id', 'ASC').take(limit + 1).getMany(), limit, Boolean(afterId));
}

/** Orders (alias `alias`) of compounds whose region path holds one of `regions`. */
function inRegions(alias: string, regions: readonly string[]): { sql: string; params: Record<string, string> } {
  // compound_scope.regionPath is "community,street,district": match a whole code.
  const conditions = regions.map((_, i) => `CONCAT(',', s.regionPath, ',') LIKE :region${i}`).join(' OR ');
  return {
    sql: `${alias}.compoundId IN (SELECT s.compoundId FROM compound_scope s WHERE ${conditions})`,
    params: Object.fromEntries(regions.map((r, i) => [`region${i}`, `%,${r},%`])),
  };
}

/* ---- per compound and per firm: one page for each parent, all parents in one statement ---- */

/** A condition on the orders (alias `x`) every parent's page shares: the caller's scope. */
interface SharedCondition {
  name: string;
  sql: string | null;
  params: Record<string, unknown>;
}

/**
 * The first `limit + 1` orders after `afterId` of each parent (`compoundId` or `firmId`), oldest
 * first: every parent asked about in one request is read in one statement, ranking the rows of
 * each parent with ROW_NUMBER, so the cost does not grow with the number of parents.
 */
function pagesByParent(
  ctx: RequestContext,
  column: 'compoundId' | 'firmId',
  parentId: string,
  status: WorkOrderStatus | null | undefined,
  page: PageArgs,
  shared: SharedCondition,
) {
  const { limit, afterId } = pageWindow(page, ctx.config.limits.maxPageSize);
  const name = `WorkOrder.pageBy.${column}:${status ?? ''}:${afterId ?? ''}:${limit}:${shared.name}`;
  return ctx.loaders
    .get<string, WorkOrderEntity[]>(name, async (keys) => {
      const filters = [`x.${column} IN (:...keys)`];
      if (status) filters.push('x.status = :status');
      if (afterId) filters.push('x.id > :afterId');
      if (shared.sql) filters.push(shared.sql);
      const params = { keys: [...keys], status, afterId, take: limit + 1, ...shared.params };
      if (keys.length === 1) {
        // One parent: a plain keyset page, which the (parent, …, id) indexes stop early.
        const rows = await ctx.ds.getRepository(WorkOrderEntity).createQueryBuilder('x').where(filters.join(' AND '), params).orderBy('x.id', 'ASC').take(limit + 1).getMany();
        return [rows];
      }
      const rows = await ctx.ds
        .getRepository(WorkOrderEntity)
        .createQueryBuilder('w')
        .where(
          `w.id IN (SELECT ranked.id FROM (SELECT x.id, ROW_NUMBER() OVER (PARTITION BY x.${column} ORDER BY x.id) AS rn FROM work_order x WHERE ${filters.join(' AND ')}) ranked WHERE ranked.rn <= :take)`,
          params,
        )
        .orderBy('w.id', 'ASC')
        .getMany();
      return groupByKeys(keys, rows, (r) => r[column] as string);
    })
    .load(parentId)
    .then((rows) => toConnection(rows, limit, afterId !== null));
}

/**
 * Compound.workOrders: a firm its own orders while it serves the compound; the compound's owners'
 * committee, officials and Party organisations of its region, and admins all of them. Everyone
 * else, and anyone outside the compound's scope, is FORBIDDEN.
 */
export async function workOrdersOfCompound(ctx: RequestContext, compoundId: string, status: WorkOrderStatus | null | undefined, page: PageArgs) {
  const { claims } = ctx;
  const readers: string[] = [Role.ADMIN, Role.PROPERTY_FIRM, Role.OWNERS_COMMITTEE, Role.OFFICIAL, Role.PARTY_ORGANISATION];
  if (!readers.includes(claims.role)) throw new HubError(ErrorCode.FORBIDDEN, `Your role ${claims.role} may not see work orders; residents follow their requests, analysts read propertyStats`);
  if (!(await canAccessCompound(ctx, compoundId))) throw forbiddenCompound(ctx, compoundId);
  const shared: SharedCondition =
    claims.role === Role.PROPERTY_FIRM ? { name: `firm:${claims.firm}`, sql: 'x.firmId = :ownFirm', params: { ownFirm: claims.firm } } : { name: 'all', sql: null, params: {} };
  return pagesByParent(ctx, 'compoundId', compoundId, status, page, shared);
}

/** The compounds a firm serves today, read once per request. */
const servedToday = (ctx: RequestContext, firmId: string) =>
  ctx.loaders.get<string, string[]>('WorkOrder.servedToday', (ids) => Promise.all(ids.map((id) => compoundsServedBy(ctx, id)))).load(firmId);

/**
 * PropertyFirm.workOrders: the firm itself its orders in compounds it serves today; owners'
 * committees the firm's orders in their compounds; officials and Party organisations those in their
 * regions; admins all. Another firm, residents, analysts and the rest are FORBIDDEN.
 */
export async function workOrdersOfFirm(ctx: RequestContext, firmId: string, status: WorkOrderStatus | null | undefined, page: PageArgs) {
  const { claims } = ctx;
  let shared: SharedCondition;
  switch (claims.role) {
    case Role.ADMIN:
      shared = { name: 'all', sql: null, params: {} };
      break;
    case Role.PROPERTY_FIRM: {
      if (claims.firm !== firmId) throw new HubError(ErrorCode.FORBIDDEN, `Firm ${firmId} is not your firm; a firm sees only its own work orders`);
      const served = await servedToday(ctx, firmId);
      shared = served.length ? { name: 'served', sql: 'x.compoundId IN (:...served)', params: { served } } : { name: 'none', sql: '1 = 0', params: {} };
      break;
    }
    case Role.OWNERS_COMMITTEE: {
      const own = claims.compounds ?? [];
      shared = own.length ? { name: 'own', sql: 'x.compoundId IN (:...own)', params: { own } } : { name: 'none', sql: '1 = 0', params: {} };
      break;
    }
    case Role.OFFICIAL:
    case Role.PARTY_ORGANISATION: {
      const regions = claims.regions ?? [];
      shared = regions.length ? { name: 'regions', ...inRegions('x', regions) } : { name: 'none', sql: '1 = 0', params: {} };
      break;
    }
    default:
      throw new HubError(ErrorCode.FORBIDDEN, `Your role ${claims.role} may not see a firm's work orders; analysts read propertyStats`);
  }
  return pagesByParent(ctx, 'firmId', firmId, status, page, shared);
}

const forbiddenCompound = (ctx: RequestContext, compoundId: string) =>
  new HubError(
    ErrorCode.FORBIDDEN,
    ctx.claims.role === Role.PROPERTY_FIRM
      ? `Your firm does not serve compound ${compoundId} today, so you may not see its work orders`
      : `Compound ${compoundId} is outside your scope`,
  );

export function historyOf(ctx: RequestContext, workOrderId: string): Promise<WorkOrderTransitionEntity[]> {
  return ctx.loaders
    .get<string, WorkOrderTransitionEntity[]>('WorkOrderTransition.workOrderId', async (ids) => {
      const rows = await ctx.ds.getRepository(WorkOrderTransitionEntity).find({ where: { workOrderId: In([...ids]) }, order: { id: 'ASC' } });
      return ids.map((id) => rows.filter((r) => r.workOrderId === id));
    })
    .load(workOrderId);
}

/* ---- moving through the states ---- */

async function move(
  ctx: RequestContext,
  id: string,
  to: WorkOrderStatus,
  note: string | null,
  change: (order: WorkOrderEntity, now: Date) => Partial<WorkOrderEntity>,
  after?: (manager: EntityManager, order: WorkOrderEntity) => Promise<void>,
): Promise<WorkOrderEntity> {
  const found = await ctx.ds.getRepository(WorkOrderEntity).findOneBy({ id });
  if (!found || !(await mayTouch(ctx, found, false))) throw notFound('Work order', id);
  if (!(await mayTouch(ctx, found, true))) {
    throw new HubError(ErrorCode.FORBIDDEN, found.firmId ? 'Only the firm holding this work order (or an admin) may work on it' : 'Only the compound’s owners’ committee (or an admin) may work on an order without a firm');
  }
  return transaction(ctx.ds, async (manager) => {
    const order = await manager.findOneOrFail(WorkOrderEntity, { where: { id }, ...writeLock(ctx.ds) });
    assertMove(order.status, to);
    const now = new Date();
    await manager.update(WorkOrderEntity, { id }, { ...change(order, now), status: to });
    await manager.insert(WorkOrderTransitionEntity, manager.create(WorkOrderTransitionEntity, { workOrderId: id, fromStatus: order.status, toStatus: to, byRole: ctx.claims.role, bySub: ctx.claims.sub, note }));
    const updated = await manager.findOneByOrFail(WorkOrderEntity, { id });
    await recordWorkOrderChanges(manager, [order], [updated]);
    await after?.(manager, updated);
    return updated;
  });
}

export function assignWorkOrder(ctx: RequestContext, id: string, assigneeName: string, assigneePersonId?: string | null) {
  const name = requiredText(assigneeName, 'assigneeName', 60);
  const personId = optionalText(assigneePersonId, 'assigneePersonId', 36);
  return move(ctx, id, 'ASSIGNED', `assigned to ${name}`, () => ({ assigneeName: name, assigneePersonId: personId }));
}

export const startWorkOrder = (ctx: RequestContext, id: string) => move(ctx, id, 'IN_PROGRESS', null, (_o, now) => ({ startedAt: now }));

/**
 * Cancels an open order with a reason. An order made from a resident request announces
 * WorkOrderCancelled in the same transaction, so the request goes back to ACCEPTED in the community
 * subgraph and can be dispatched again (a new round, a new order).
 */
export function cancelWorkOrder(ctx: RequestContext, id: string, reason: string) {
  const why = requiredText(reason, 'reason', 500);
  return move(
    ctx,
    id,
    'CANCELLED',
    why,
    () => ({ resolutionNote: why }),
    async (manager, order) => {
      const announcement = cancellationAnnouncement(order, why, new Date());
      if (announcement) await recordEvent(manager, 'WorkOrderCancelled', order.id, announcement);
    },
  );
}

/**
 * Completion (完工) needs at least one photo of the result. WorkOrderCompleted is written in the
 * same transaction, so the request it came from moves to RESOLVED in the community subgraph.
 */
export function completeWorkOrder(ctx: RequestContext, id: string, photoUrls: string[], note?: string | null) {
  if (photoUrls.length === 0 || photoUrls.length > 20) throw badInput('Give 1 to 20 photo URLs of the finished work', { field: 'photoUrls' });
  const bad = badPhotoUrl(photoUrls);
  if (bad) throw badInput(`Photo URL "${bad}" is not an http(s) URL`, { field: 'photoUrls' });
  const text = optionalText(note, 'note', 500);
  return move(
    ctx,
    id,
    'COMPLETED',
    text,
    (_o, now) => ({ completedAt: now, completionPhotoUrls: photoUrls, resolutionNote: text }),
    async (manager, order) => {
      await recordEvent(manager, 'WorkOrderCompleted', order.id, completionAnnouncement(order, photoUrls, order.completedAt!));
    },
  );
}


/* ---- handover when the firm changes (物业交接) ---- */

const OPEN_STATUSES: WorkOrderStatus[] = ['NEW', 'ASSIGNED', 'IN_PROGRESS'];

/**
 * When a compound changes firm, the departing firm loses sight of the compound the day after its
 * contract ends, and its open orders would be left with nobody able to work them. This hands every
 * open order of the compound held by someone other than today's server over to it: the firm of the
 * contract in force, or no firm (the owners' committee) in a self-managed compound. Each starts
 * again as NEW under its new holder, its due time kept (the resident has been waiting all along),
 * and the handover is kept in its history. Runs in one transaction with the compound locked.
 */
export async function handOverWorkOrders(ctx: RequestContext, compoundId: string): Promise<number> {
  await assertCompoundRole(ctx, compoundId, [Role.ADMIN, Role.PROPERTY_FIRM, Role.OWNERS_COMMITTEE, Role.OFFICIAL], 'the work orders');
  return transaction(ctx.ds, async (manager) => {
    await lockKnownCompound(manager, compoundId);
    const contract = await contractInForce(manager, compoundId, utcDay());
    if (!contract) {
      throw new HubError(ErrorCode.CONFLICT, `Compound ${compoundId} has no contract in force today, so there is nobody to hand its work orders to; sign one first`);
    }
    const to = contract.firmId;
    const q = manager
      .getRepository(WorkOrderEntity)
      .createQueryBuilder('o')
      .where('o.compoundId = :compoundId', { compoundId })
      .andWhere('o.status IN (:...open)', { open: OPEN_STATUSES });
    if (to === null) q.andWhere('o.firmId IS NOT NULL');
    else q.andWhere('(o.firmId IS NULL OR o.firmId <> :to)', { to });
    if (manager.connection.options.type !== 'better-sqlite3') q.setLock('pessimistic_write');
    const orders = await q.orderBy('o.id', 'ASC').getMany();
    for (let i = 0; i < orders.length; i += 500) {
      const chunk = orders.slice(i, i + 500);
      await manager.update(WorkOrderEntity, { id: In(chunk.map((o) => o.id)) }, { firmId: to, status: 'NEW', assigneeName: null, assigneePersonId: null, startedAt: null });
      await manager.insert(
        WorkOrderTransitionEntity,
        chunk.map((o) =>
          manager.create(WorkOrderTransitionEntity, {
            workOrderId: o.id,
            fromStatus: o.status,
            toStatus: 'NEW',
            byRole: ctx.claims.role,
            bySub: ctx.claims.sub,
            note: `handed over from ${o.firmId ? `firm ${o.firmId}` : 'the owners’ committee'} to ${to ? `firm ${to}` : 'the owners’ committee'} (contract ${contract.id})`,
          }),
        ),
      );
    }
    await recordWorkOrderChanges(manager, orders, orders.map((o) => ({ ...o, firmId: to, status: 'NEW' as const })));
    return orders.length;
  });
}
