import { In, LessThan, type EntityManager } from 'typeorm';
import {
  badInput,
  forbidden,
  HubError,
  ErrorCode,
  loadOneBy,
  notFound,
  pageWindow,
  recordEvent,
  requireRole,
  Role,
  toConnection,
  transaction,
  type Claims,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { CompoundEntity } from '../compounds/compound.entity';
import { RegionEntity } from '../regions/region.entity';
import { regionByCode } from '../regions/regions.service';
import { UnitEntity } from '../units/unit.entity';
import { dueAfter, isOnTime, nextActionAt, nextLevel, type RequestLevel } from '../escalation/escalation';
import { RESPONSIBLE_PARTIES, type ResponsibleParty } from '../routing/routing-table';
import { routeForCategory } from '../routing/routing.service';
import { nextState, OPEN_STATES, satisfactionProblem, type RequestState, type TransitionAction } from './lifecycle';
import { ResidentRequestEntity } from './resident-request.entity';
import { RequestStepEntity } from './request-step.entity';
import { canSeeRequest } from './request-scope';
import { recordRequestChange } from '../stats/request-summary';

/* ---- who may see and do what ---- */

const HANDLER_ROLES = [Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.OWNERS_COMMITTEE];

/** Accepting, dispatching and handling are for the compound's committee and the officials above it. */
function assertHandler(claims: Claims, r: ResidentRequestEntity): void {
  requireRole(claims, ...HANDLER_ROLES);
  if (!canSeeRequest(claims, r)) throw forbidden(`Request ${r.id} is outside your scope; only its compound's committee and officials of its region may handle it`);
}

/** Closing or rejecting the fix is the reporter's word alone. */
function assertReporter(claims: Claims, r: ResidentRequestEntity): void {
  requireRole(claims, Role.RESIDENT);
  if (claims.sub !== r.reporterId) throw forbidden(`Only the resident who reported request ${r.id} may close or reopen it`);
}

/* ---- reading ---- */

/** One request by id, batched; FORBIDDEN when it exists but is not the caller's to see. */
export async function requestById(ctx: RequestContext, id: string): Promise<ResidentRequestEntity | null> {
  requireRole(ctx.claims, ...HANDLER_ROLES, Role.RESIDENT);
  const r = await loadOneBy(ctx, ResidentRequestEntity, 'id', id);
  if (!r) return null;
  if (!canSeeRequest(ctx.claims, r)) throw forbidden(`Request ${id} is not yours to see`);
  return r;
}

/** The caller's own requests, newest first: what the reporter follows in the app. */
export async function myRequests(ctx: RequestContext, args: PageArgs) {
  requireRole(ctx.claims, Role.RESIDENT);
  const reporterId = ctx.claims.sub;
  if (!reporterId) throw forbidden('Your token names no person; sign in again');
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const rows = await ctx.ds.getRepository(ResidentRequestEntity).find({
    where: { reporterId, ...(afterId ? { id: LessThan(afterId) } : {}) },
    order: { id: 'DESC' },
    take: limit + 1,
  });
  return toConnection(rows, limit, afterId !== null);
}

export interface RequestListArgs extends PageArgs {
  compoundId?: string | null;
  regionCode?: string | null;
  state?: RequestState | null;
  level?: RequestLevel | null;
  overdueOnly?: boolean | null;
}

const REGION_COLUMN = { COMMUNITY: 'communityCode', STREET: 'streetCode', DISTRICT: 'districtCode' } as const;

/** The region itself and the regions above it, walked through the per-request region loader. */
async function regionPathUp(ctx: RequestContext, code: string): Promise<RegionEntity[]> {
  const path: RegionEntity[] = [];
  for (let r = await regionByCode(ctx, code); r && path.length < 4; r = r.parentCode ? await regionByCode(ctx, r.parentCode) : null) path.push(r);
  return path;
}

/** A handler's queue: the requests of a compound or a region, oldest first, optionally narrowed. */
export async function listRequests(ctx: RequestContext, args: RequestListArgs) {
  requireRole(ctx.claims, ...HANDLER_ROLES);
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  if (!args.compoundId === !args.regionCode) throw badInput('Give exactly one of compoundId and regionCode', { fields: ['compoundId', 'regionCode'] });
  const qb = ctx.ds.getRepository(ResidentRequestEntity).createQueryBuilder('r');
  if (args.compoundId) {
    const compound = await loadOneBy(ctx, CompoundEntity, 'id', args.compoundId);
    if (!compound) throw notFound('Compound', args.compoundId);
    const path = [compound.communityCode, compound.streetCode, compound.districtCode];
    const visible =
      ctx.claims.role === Role.ADMIN ||
      (ctx.claims.role === Role.OWNERS_COMMITTEE && (ctx.claims.compounds ?? []).includes(compound.id)) ||
      ((ctx.claims.role === Role.OFFICIAL || ctx.claims.role === Role.PARTY_ORGANISATION) && (ctx.claims.regions ?? []).some((c) => path.includes(c)));
    if (!visible) throw forbidden(`Compound ${compound.id} is outside your scope`);
    qb.where('r.compoundId = :compoundId', { compoundId: compound.id });
  } else {
    const path = await regionPathUp(ctx, args.regionCode!);
    if (path.length === 0) throw notFound('Region', args.regionCode!);
    const visible =
      ctx.claims.role === Role.ADMIN ||
      ((ctx.claims.role === Role.OFFICIAL || ctx.claims.role === Role.PARTY_ORGANISATION) && path.some((r) => (ctx.claims.regions ?? []).includes(r.code)));
    if (!visible) throw forbidden(`Region ${args.regionCode} is outside your scope`);
    qb.where(`r.${REGION_COLUMN[path[0].level]} = :code`, { code: path[0].code });
  }
  if (args.state) qb.andWhere('r.state = :state', { state: args.state });
  if (args.level) qb.andWhere('r.level = :level', { level: args.level });
  if (args.overdueOnly) qb.andWhere('r.dueAt <= :now AND r.state IN (:...open)', { now: new Date(), open: OPEN_STATES });
  if (afterId) qb.andWhere('r.id > :afterId', { afterId });
  const rows = await qb.orderBy('r.id', 'ASC').take(limit + 1).getMany();
  return toConnection(rows, limit, afterId !== null);
}

/** The timeline of a request, oldest step first; all requests of one response in one statement. */
export function timelineOf(ctx: RequestContext, requestId: string): Promise<RequestStepEntity[]> {
  return ctx.loaders
    .get<string, RequestStepEntity[]>('RequestStep.byRequest', async (ids) => {
      const rows = await ctx.ds.getRepository(RequestStepEntity).find({ where: { requestId: In([...ids]) }, order: { id: 'ASC' } });
      const byRequest = new Map<string, RequestStepEntity[]>(ids.map((id) => [id, []]));
      for (const row of rows) byRequest.get(row.requestId)!.push(row);
      return ids.map((id) => byRequest.get(id)!);
    })
    .load(requestId);
}

/* ---- submitting ---- */

export interface SubmitRequestInput {
  compoundId: string;
  unitId?: string | null;
  category: string;
  description: string;
  place?: string | null;
  photoUrls?: string[] | null;
  clientRequestId?: string | null;
}

const PHOTO_MAX = 9;
const URL_PATTERN = /^https?:\/\/[^\s]{1,490}$/;

function photoProblems(urls: readonly string[], field: string): string[] {
  const problems: string[] = [];
  if (urls.length > PHOTO_MAX) problems.push(`${field}: at most ${PHOTO_MAX} photos`);
  urls.forEach((u, i) => {
    if (!URL_PATTERN.test(u)) problems.push(`${field}[${i}] must be an http(s) URL of at most 500 characters`);
  });
  return problems;
}

function textProblem(value: string | null | undefined, field: string, max: number, required: boolean): string | null {
  const v = value?.trim() ?? '';
  if (required && v.length === 0) return `${field} must not be empty`;
  if (v.length > max) return `${field} must be at most ${max} characters (got ${v.length})`;
  return null;
}

/**
 * A resident reports something (诉求一键达): routed at once to the party the routing table names
 * for its category, with the SLA clock running at compound level. A retried submission with the
 * same clientRequestId returns the request already filed.
 */
export async function submitRequest(ctx: RequestContext, input: SubmitRequestInput): Promise<ResidentRequestEntity> {
  requireRole(ctx.claims, Role.RESIDENT);
  const reporterId = ctx.claims.sub;
  if (!reporterId) throw forbidden('Your token names no person; sign in again');
  const photoUrls = input.photoUrls ?? [];
  const problems = [
    textProblem(input.description, 'description', 2000, true),
    textProblem(input.place, 'place', 200, false),
    textProblem(input.clientRequestId, 'clientRequestId', 64, false),
    ...photoProblems(photoUrls, 'photoUrls'),
  ].filter((p): p is string => p !== null);
  if (problems.length) throw badInput(problems.join('; '), { problems });
  if (!(ctx.claims.compounds ?? []).includes(input.compoundId)) throw forbidden(`You are not a resident of compound ${input.compoundId}; report in your own compound`);
  if (input.unitId && !(ctx.claims.units ?? []).includes(input.unitId)) throw forbidden(`Unit ${input.unitId} is not one of yours; leave unitId out for a common area`);

  const clientRequestId = input.clientRequestId?.trim() || null;
  if (clientRequestId) {
    const earlier = await ctx.ds.getRepository(ResidentRequestEntity).findOne({ where: { reporterId, clientRequestId } });
    if (earlier) return earlier;
  }
  const compound = await loadOneBy(ctx, CompoundEntity, 'id', input.compoundId);
  if (!compound) throw notFound('Compound', input.compoundId);
  if (input.unitId) {
    const unit = await loadOneBy(ctx, UnitEntity, 'id', input.unitId);
    if (!unit) throw notFound('Unit', input.unitId);
    if (unit.compoundId !== compound.id) throw badInput(`Unit ${input.unitId} is not in compound ${compound.id}`, { field: 'unitId' });
  }

  try {
    return await transaction(ctx.ds, (manager) =>
      fileRequest(manager, compound, { ...input, reporterId, clientRequestId, photoUrls }, new Date()),
    );
  } catch (error) {
    // Two taps racing with one clientRequestId: the unique index lets one in; answer with it.
    if (clientRequestId && isDuplicateKey(error)) {
      const earlier = await ctx.ds.getRepository(ResidentRequestEntity).findOne({ where: { reporterId, clientRequestId } });
      if (earlier) return earlier;
    }
    throw error;
  }
}

/**
 * Writes a new request, routed by its category, with its first timeline step, inside the
 * caller's transaction; input already checked.
 */
export async function fileRequest(
  manager: EntityManager,
  compound: Pick<CompoundEntity, 'id' | 'communityCode' | 'streetCode' | 'districtCode'>,
  input: { id?: string; unitId?: string | null; reporterId: string; clientRequestId: string | null; category: string; description: string; place?: string | null; photoUrls: string[] },
  now: Date,
): Promise<ResidentRequestEntity> {
  const route = await routeForCategory(manager, input.category);
  const request = manager.create(ResidentRequestEntity, {
    ...(input.id ? { id: input.id } : {}),
    compoundId: compound.id,
    communityCode: compound.communityCode,
    streetCode: compound.streetCode,
    districtCode: compound.districtCode,
    unitId: input.unitId ?? null,
    reporterId: input.reporterId,
    clientRequestId: input.clientRequestId,
    category: route.category,
    description: input.description.trim(),
    place: input.place?.trim() || null,
    photoUrls: input.photoUrls,
    state: 'SUBMITTED',
    level: 'COMPOUND',
    responsible: route.responsible,
    slaSeconds: route.slaSeconds,
    submittedAt: now,
    dueAt: dueAfter(now, route.slaSeconds),
    nextActionAt: null,
    dispatchedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolveSeconds: null,
    onTime: null,
    escalations: 0,
    reopenCount: 0,
    satisfaction: null,
    feedback: null,
  });
  request.nextActionAt = nextActionAt(request);
  await manager.save(request);
  await recordRequestChange(manager, null, request);
  await addStep(manager, request, 'SUBMIT', { role: Role.RESIDENT, id: input.reporterId }, null, input.photoUrls, now);
  return request;
}

const isDuplicateKey = (error: unknown) => /ER_DUP_ENTRY|UNIQUE constraint failed/.test(String((error as { code?: string })?.code ?? '') + String((error as Error)?.message ?? ''));

/* ---- moving it along ---- */

export interface Actor {
  role: string;
  id: string | null;
}

async function addStep(
  manager: EntityManager,
  r: ResidentRequestEntity,
  action: RequestStepEntity['action'],
  actor: Actor,
  note: string | null,
  photoUrls: string[],
  at: Date,
): Promise<void> {
  await manager.save(
    manager.create(RequestStepEntity, { requestId: r.id, action, state: r.state, level: r.level, actorRole: actor.role, actorId: actor.id, note, photoUrls, at }),
  );
}

/**
 * Writes a changed request only if nobody changed it meanwhile (same state and escalation count
 * as read), so two hands acting at once cannot both succeed.
 */
async function compareAndSet(manager: EntityManager, before: ResidentRequestEntity, patch: Partial<ResidentRequestEntity>): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(ResidentRequestEntity)
    .set(patch)
    .where('id = :id AND state = :state AND escalations = :escalations', { id: before.id, state: before.state, escalations: before.escalations })
    .execute();
  if (result.affected !== 1) return false;
  await recordRequestChange(manager, before, { ...before, ...patch });
  return true;
}

export interface TransitionOptions {
  note?: string | null;
  photoUrls?: string[];
  responsible?: ResponsibleParty | null;
  satisfaction?: number | null;
  feedback?: string | null;
}

/**
 * Applies one lifecycle step to a loaded request inside the caller's transaction: new state,
 * times, SLA clock, timeline step and the events others act on. Shared by people's mutations,
 * completed work orders and the hub's own sweep.
 */
export async function applyTransition(
  manager: EntityManager,
  r: ResidentRequestEntity,
  action: TransitionAction,
  actor: Actor,
  options: TransitionOptions,
  now: Date,
): Promise<ResidentRequestEntity> {
  const to = nextState(r.state, action);
  const after: ResidentRequestEntity = Object.assign(Object.create(Object.getPrototypeOf(r)), r, { state: to });
  switch (action) {
    case 'DISPATCH':
      after.responsible = options.responsible ?? r.responsible;
      after.dispatchedAt = now;
      after.dispatchRound = r.dispatchRound + 1;
      break;
    case 'RESOLVE': {
      // A work order may report completion a moment before the request reached the hub.
      const at = now.getTime() < r.submittedAt.getTime() ? r.submittedAt : now;
      after.resolvedAt = at;
      after.resolveSeconds = Math.floor((at.getTime() - r.submittedAt.getTime()) / 1000);
      after.onTime = isOnTime(r.submittedAt, at, r.slaSeconds);
      after.dueAt = null;
      break;
    }
    case 'CLOSE':
      after.closedAt = now;
      after.satisfaction = options.satisfaction ?? null;
      after.feedback = options.feedback?.trim() || null;
      after.dueAt = null;
      break;
    case 'REOPEN':
      // The fix was rejected: the request is owed an answer again, with a fresh window at its level.
      after.reopenCount = r.reopenCount + 1;
      after.feedback = options.feedback?.trim() || null;
      after.resolvedAt = null;
      after.resolveSeconds = null;
      after.onTime = null;
      after.dueAt = dueAfter(now, r.slaSeconds);
      break;
    default:
      break;
  }
  after.nextActionAt = nextActionAt(after);
  const patch: Partial<ResidentRequestEntity> = {
    state: after.state,
    responsible: after.responsible,
    dispatchedAt: after.dispatchedAt,
    resolvedAt: after.resolvedAt,
    resolveSeconds: after.resolveSeconds,
    onTime: after.onTime,
    closedAt: after.closedAt,
    satisfaction: after.satisfaction,
    feedback: after.feedback,
    reopenCount: after.reopenCount,
    dispatchRound: after.dispatchRound,
    dueAt: after.dueAt,
    nextActionAt: after.nextActionAt,
  };
  if (!(await compareAndSet(manager, r, patch))) {
    throw new HubError(ErrorCode.CONFLICT, `Request ${r.id} changed while you were acting on it; reload it and try again`, { id: r.id });
  }
  const note = (action === 'CLOSE' || action === 'REOPEN' ? after.feedback : null) ?? (options.note?.trim() || null);
  await addStep(manager, after, action, actor, note, options.photoUrls ?? [], now);
  if (action === 'DISPATCH') {
    await recordEvent(manager, 'RequestDispatched', after.id, {
      requestId: after.id,
      compoundId: after.compoundId,
      category: after.category,
      description: after.description,
      place: after.place,
      photoUrls: after.photoUrls,
      responsible: after.responsible,
      dueAt: (after.dueAt ?? dueAfter(now, after.slaSeconds)).toISOString(),
      dispatchedAt: now.toISOString(),
      // every dispatch is a new round: the first, after each reopening, after the firm gave it back
      round: after.dispatchRound,
    });
  }
  if (action === 'CLOSE') {
    await recordEvent(manager, 'RequestClosed', after.id, {
      requestId: after.id,
      compoundId: after.compoundId,
      category: after.category,
      satisfaction: after.satisfaction,
      closedAt: now.toISOString(),
    });
  }
  return after;
}

/** One step by a person through the API: validate, check who they are, apply, all in one transaction. */
export async function transitionRequest(ctx: RequestContext, id: string, action: TransitionAction, options: TransitionOptions): Promise<ResidentRequestEntity> {
  requireRole(ctx.claims, ...HANDLER_ROLES, Role.RESIDENT);
  const problems = [
    textProblem(options.note, 'note', 1000, false),
    textProblem(options.feedback, 'feedback', 1000, action === 'REOPEN'),
    ...photoProblems(options.photoUrls ?? [], 'photoUrls'),
  ].filter((p): p is string => p !== null);
  if (action === 'CLOSE') {
    const p = satisfactionProblem(options.satisfaction ?? Number.NaN);
    if (p) problems.push(p);
  }
  if (options.responsible && !(RESPONSIBLE_PARTIES as readonly string[]).includes(options.responsible)) problems.push(`responsible must be one of ${RESPONSIBLE_PARTIES.join(', ')}`);
  if (problems.length) throw badInput(problems.join('; '), { problems });

  return transaction(ctx.ds, async (manager) => {
    const r = await manager.findOne(ResidentRequestEntity, { where: { id } });
    if (!r || !canSeeRequest(ctx.claims, r)) {
      if (!r) throw notFound('Request', id);
      throw forbidden(`Request ${id} is outside your scope`);
    }
    if (action === 'CLOSE' || action === 'REOPEN') assertReporter(ctx.claims, r);
    else assertHandler(ctx.claims, r);
    return applyTransition(manager, r, action, { role: ctx.claims.role, id: ctx.claims.sub }, options, new Date());
  });
}

/* ---- what the hub does by itself ---- */

/**
 * Moves an overdue request one level up with a fresh SLA window, or closes a resolved one whose
 * feedback window has passed. Returns what it did; nothing when someone changed it meanwhile.
 */
export async function applySelfAction(manager: EntityManager, r: ResidentRequestEntity, action: 'ESCALATE' | 'CLOSE', now: Date): Promise<boolean> {
  const system: Actor = { role: 'SYSTEM', id: null };
  if (action === 'CLOSE') {
    try {
      await applyTransition(manager, r, 'CLOSE', system, { feedback: null, satisfaction: null, note: 'Closed without feedback after the feedback window' }, now);
      return true;
    } catch (error) {
      if (error instanceof HubError) return false;
      throw error;
    }
  }
  const level = nextLevel(r.level);
  if (!level) return false;
  const after: ResidentRequestEntity = Object.assign(Object.create(Object.getPrototypeOf(r)), r, {
    level,
    escalations: r.escalations + 1,
    dueAt: dueAfter(now, r.slaSeconds),
  });
  after.nextActionAt = nextActionAt(after);
  if (!(await compareAndSet(manager, r, { level, escalations: after.escalations, dueAt: after.dueAt, nextActionAt: after.nextActionAt }))) return false;
  await addStep(manager, after, 'ESCALATE', system, `Not answered within ${r.slaSeconds} s at ${r.level.toLowerCase()} level; now the ${level.toLowerCase()}'s to answer`, [], now);
  return true;
}

/** Requests the hub must act on now, oldest due first. */
export function dueForSelfAction(manager: EntityManager, now: Date, limit: number): Promise<ResidentRequestEntity[]> {
  return manager.getRepository(ResidentRequestEntity).find({ where: { nextActionAt: LessThan(new Date(now.getTime() + 1)) }, order: { nextActionAt: 'ASC' }, take: limit });
}

/* ---- completed and cancelled work orders ---- */

type WorkOrderNews = { workOrderId: string; requestId: string | null; requestRound?: number };

/**
 * The request a work order's news is about, when that news still applies: the request exists, is
 * in one of `states`, and the order belongs to its current dispatch round (an order of an older
 * round, finished or dropped late, does not move the new dispatch). Logs why otherwise.
 */
async function requestForWorkOrder(
  manager: EntityManager,
  payload: WorkOrderNews,
  states: readonly RequestState[],
  what: string,
  log: { info(obj: object, msg: string): void },
): Promise<ResidentRequestEntity | null> {
  if (!payload.requestId) return null;
  const r = await manager.findOne(ResidentRequestEntity, { where: { id: payload.requestId } });
  const round = payload.requestRound ?? 1;
  if (!r || !states.includes(r.state) || round < r.dispatchRound) {
    log.info({ requestId: payload.requestId, workOrderId: payload.workOrderId, state: r?.state ?? null, round, currentRound: r?.dispatchRound ?? null }, `${what} work order left the request as it is`);
    return null;
  }
  return r;
}

/**
 * A work order the property firm completed resolves the request it came from. A request already
 * resolved or closed, or not yet dispatched, or dispatched again since the order was made, is left
 * as it is: the event is then only history.
 */
export async function resolveFromWorkOrder(
  manager: EntityManager,
  payload: WorkOrderNews & { firmId: string | null; photoUrls: string[]; completedAt: string },
  log: { info(obj: object, msg: string): void },
): Promise<boolean> {
  const r = await requestForWorkOrder(manager, payload, ['DISPATCHED', 'IN_PROGRESS'], 'completed', log);
  if (!r) return false;
  const firm: Actor = { role: Role.PROPERTY_FIRM, id: payload.firmId };
  const completedAt = new Date(payload.completedAt);
  const at = Number.isNaN(completedAt.getTime()) ? new Date() : completedAt;
  let current = r;
  if (current.state === 'DISPATCHED') current = await applyTransition(manager, current, 'START', firm, { note: `Work order ${payload.workOrderId}` }, at);
  await applyTransition(manager, current, 'RESOLVE', firm, { note: `Work order ${payload.workOrderId} completed`, photoUrls: payload.photoUrls.slice(0, PHOTO_MAX) }, at);
  return true;
}

/**
 * The firm cancelled the work order made for the request's current dispatch (退单): the request
 * goes back to ACCEPTED, with the firm's reason on the timeline, so that its committee or an
 * official can dispatch it again (a new round). Cancellations of an older round's order, or of a
 * request no longer dispatched, are only history.
 */
export async function returnFromCancelledWorkOrder(
  manager: EntityManager,
  payload: WorkOrderNews & { firmId: string | null; reason: string; cancelledAt: string },
  log: { info(obj: object, msg: string): void },
): Promise<boolean> {
  const r = await requestForWorkOrder(manager, payload, ['DISPATCHED', 'IN_PROGRESS'], 'cancelled', log);
  if (!r) return false;
  const cancelledAt = new Date(payload.cancelledAt);
  const at = Number.isNaN(cancelledAt.getTime()) ? new Date() : cancelledAt;
  // An order without a firm (a self-managed compound) is worked, and so cancelled, by the owners' committee.
  const by: Actor = payload.firmId ? { role: Role.PROPERTY_FIRM, id: payload.firmId } : { role: Role.OWNERS_COMMITTEE, id: null };
  const who = payload.firmId ? 'the firm' : "the owners' committee";
  const note = `Work order ${payload.workOrderId} cancelled by ${who}: ${payload.reason}`.slice(0, 1000);
  await applyTransition(manager, r, 'RETURN', by, { note }, at);
  return true;
}
