import { In } from 'typeorm';
import { badInput, byKeys, HubError, ErrorCode, notFound, pageWindow, Role, toConnection, transaction, type PageArgs, type RequestContext } from '@hub/platform';
import { assertCompoundAccess, contractInForce, lockKnownCompound } from '../scope/compound-access';
import { utcDay } from '../scope/period';
import { assertCompoundOperator, isDuplicateKey, writeLock } from '../work-orders/access';
import { optionalText, parseInstant, parseWindow, requiredText } from '../work-orders/input';
import { badPhotoUrl, type WorkOrderPriority } from '../work-orders/sla';
import { createWorkOrder } from '../work-orders/work-orders.service';
import { MAX_JUDGED_WINDOWS, missedCheckpoints } from './missed';
import { InspectionCheckpointEntity, InspectionPlanEntity, InspectionRecordEntity, type InspectionResult } from './inspection.entities';

export interface CreatePlanInput {
  compoundId: string;
  name: string;
  intervalHours: number;
  startsAt: string;
  checkpoints: { name: string; location?: string | null }[];
}

/** A plan with its route: checkpoints in the order given. */
export async function createPlan(ctx: RequestContext, input: CreatePlanInput): Promise<InspectionPlanEntity> {
  await assertCompoundOperator(ctx, input.compoundId, 'inspection plans');
  const name = requiredText(input.name, 'name', 100);
  if (!Number.isInteger(input.intervalHours) || input.intervalHours < 1 || input.intervalHours > 24 * 31) {
    throw badInput('intervalHours must be a whole number of hours from 1 to 744 (a month)', { field: 'intervalHours' });
  }
  const startsAt = parseInstant(input.startsAt, 'startsAt');
  if (input.checkpoints.length === 0 || input.checkpoints.length > 200) throw badInput('A route has 1 to 200 checkpoints', { field: 'checkpoints' });
  const checkpoints = input.checkpoints.map((c, i) => ({ sequence: i + 1, name: requiredText(c.name, `checkpoints[${i}].name`, 100), location: optionalText(c.location, `checkpoints[${i}].location`, 200) }));
  return transaction(ctx.ds, async (manager) => {
    await lockKnownCompound(manager, input.compoundId);
    const firmId = ctx.claims.role === Role.PROPERTY_FIRM ? ctx.claims.firm! : ((await contractInForce(manager, input.compoundId, utcDay()))?.firmId ?? null);
    const plan = await manager.save(manager.create(InspectionPlanEntity, { compoundId: input.compoundId, firmId, name, intervalHours: input.intervalHours, startsAt, active: true }));
    await manager.save(checkpoints.map((c) => manager.create(InspectionCheckpointEntity, { ...c, planId: plan.id })));
    return plan;
  });
}

async function visiblePlan(ctx: RequestContext, planId: string): Promise<InspectionPlanEntity> {
  const plan = await ctx.ds.getRepository(InspectionPlanEntity).findOneBy({ id: planId });
  if (!plan) throw notFound('Inspection plan', planId);
  if (ctx.claims.role === Role.RESIDENT) throw notFound('Inspection plan', planId);
  await assertCompoundAccess(ctx, plan.compoundId, 'inspections');
  return plan;
}

export async function planById(ctx: RequestContext, planId: string): Promise<InspectionPlanEntity> {
  return visiblePlan(ctx, planId);
}

/** A compound's plans, oldest first; operators and officials. */
export async function listPlans(ctx: RequestContext, compoundId: string, page: PageArgs) {
  if (ctx.claims.role === Role.RESIDENT) throw new HubError(ErrorCode.FORBIDDEN, 'Residents do not see inspection plans');
  await assertCompoundAccess(ctx, compoundId, 'inspections');
  const { limit, afterId } = pageWindow(page, ctx.config.limits.maxPageSize);
  const q = ctx.ds.getRepository(InspectionPlanEntity).createQueryBuilder('p').where('p.compoundId = :compoundId', { compoundId });
  if (afterId) q.andWhere('p.id > :afterId', { afterId });
  return toConnection(await q.orderBy('p.id', 'ASC').take(limit + 1).getMany(), limit, Boolean(afterId));
}

/** The route of each plan, batched: one statement for all plans in the request. */
export function checkpointsOf(ctx: RequestContext, planId: string): Promise<InspectionCheckpointEntity[]> {
  return ctx.loaders
    .get<string, InspectionCheckpointEntity[]>('InspectionCheckpoint.planId', async (ids) => {
      const rows = await ctx.ds.getRepository(InspectionCheckpointEntity).find({ where: { planId: In([...ids]) }, order: { sequence: 'ASC' } });
      return ids.map((id) => rows.filter((r) => r.planId === id));
    })
    .load(planId);
}

export function checkpointById(ctx: RequestContext, id: string): Promise<InspectionCheckpointEntity | null> {
  return ctx.loaders
    .get<string, InspectionCheckpointEntity | null>('InspectionCheckpoint.id', async (ids) =>
      byKeys(ids, await ctx.ds.getRepository(InspectionCheckpointEntity).findBy({ id: In([...ids]) }), (c) => c.id),
    )
    .load(id);
}

export interface RecordInspectionInput {
  planId: string;
  checkpointId: string;
  sourceRef: string;
  inspectedAt: string;
  inspector: string;
  result: InspectionResult;
  note?: string | null;
  photoUrls?: string[] | null;
  finding?: { category: string; description: string; priority: WorkOrderPriority } | null;
}

/**
 * Records a checkpoint inspected. A FINDING must describe what was found and opens a work order
 * in the same transaction. The patrol device's sourceRef makes a resend return the first record.
 */
export async function recordInspection(ctx: RequestContext, input: RecordInspectionInput): Promise<InspectionRecordEntity> {
  const plan = await ctx.ds.getRepository(InspectionPlanEntity).findOneBy({ id: input.planId });
  if (!plan) throw notFound('Inspection plan', input.planId);
  await assertCompoundOperator(ctx, plan.compoundId, 'inspections');
  const checkpoint = await ctx.ds.getRepository(InspectionCheckpointEntity).findOneBy({ id: input.checkpointId, planId: plan.id });
  if (!checkpoint) throw badInput(`Checkpoint ${input.checkpointId} is not on plan ${plan.id}'s route`, { field: 'checkpointId' });
  const sourceRef = requiredText(input.sourceRef, 'sourceRef', 80);
  const inspectedAt = parseInstant(input.inspectedAt, 'inspectedAt');
  if (inspectedAt.getTime() > Date.now() + 5 * 60_000) throw badInput('inspectedAt is in the future', { field: 'inspectedAt' });
  const inspector = requiredText(input.inspector, 'inspector', 60);
  const photoUrls = input.photoUrls ?? [];
  const bad = badPhotoUrl(photoUrls);
  if (bad) throw badInput(`Photo URL "${bad}" is not an http(s) URL`, { field: 'photoUrls' });
  if (input.result !== 'OK' && input.result !== 'FINDING') throw badInput('result must be OK or FINDING', { field: 'result' });
  const finding = input.result === 'FINDING' ? input.finding : null;
  if (input.result === 'FINDING' && !finding) throw badInput('A FINDING needs finding { category, description, priority } for its work order', { field: 'finding' });
  if (input.result === 'OK' && input.finding) throw badInput('An OK inspection has no finding', { field: 'finding' });
  const category = finding ? requiredText(finding.category, 'finding.category', 40) : null;
  const description = finding ? requiredText(finding.description, 'finding.description', 1000) : null;
  const note = optionalText(input.note, 'note', 500);
  if (plan.endsAt && inspectedAt.getTime() >= plan.endsAt.getTime()) {
    throw new HubError(ErrorCode.CONFLICT, `Inspection plan ${plan.id} ended at ${plan.endsAt.toISOString()}; records after its end are not taken`, { field: 'inspectedAt' });
  }

  const existing = await ctx.ds.getRepository(InspectionRecordEntity).findOneBy({ planId: plan.id, sourceRef });
  if (existing) return existing;
  try {
    return await transaction(ctx.ds, async (manager) => {
      const record = manager.create(InspectionRecordEntity, {
        planId: plan.id,
        checkpointId: checkpoint.id,
        compoundId: plan.compoundId,
        inspectedAt,
        inspector,
        result: input.result,
        note,
        photoUrls,
        workOrderId: null,
        sourceRef,
      });
      await manager.save(record);
      if (finding) {
        const order = await createWorkOrder(manager, {
          compoundId: plan.compoundId,
          source: 'INSPECTION',
          sourceRef: record.id,
          category: category!,
          priority: finding.priority,
          description: description!,
          place: checkpoint.location ?? checkpoint.name,
          photoUrls,
          createdAt: inspectedAt,
          by: { role: ctx.claims.role, sub: ctx.claims.sub },
        });
        await manager.update(InspectionRecordEntity, { id: record.id }, { workOrderId: order.id });
        record.workOrderId = order.id;
      }
      return record;
    });
  } catch (error) {
    if (isDuplicateKey(error)) {
      const first = await ctx.ds.getRepository(InspectionRecordEntity).findOneBy({ planId: plan.id, sourceRef });
      if (first) return first;
    }
    throw error;
  }
}

/**
 * Ends a plan (a firm leaving the compound, a route replaced by a new plan): from `endsAt` (now when
 * not given) no window is judged for missed checkpoints and no record is taken. Records made before
 * the end may still be uploaded. Ending twice is INVALID_TRANSITION; nothing is changed then.
 */
export async function endPlan(ctx: RequestContext, planId: string, endsAtInput: string | null | undefined): Promise<InspectionPlanEntity> {
  const plan = await ctx.ds.getRepository(InspectionPlanEntity).findOneBy({ id: planId });
  if (!plan) throw notFound('Inspection plan', planId);
  await assertCompoundOperator(ctx, plan.compoundId, 'inspection plans');
  const endsAt = endsAtInput == null ? new Date() : parseInstant(endsAtInput, 'endsAt');
  if (endsAt.getTime() > Date.now() + 5 * 60_000) throw badInput('endsAt is in the future; end the plan when it stops', { field: 'endsAt' });
  if (endsAt.getTime() < plan.startsAt.getTime()) throw badInput(`endsAt is before the plan started (${plan.startsAt.toISOString()})`, { field: 'endsAt' });
  return transaction(ctx.ds, async (manager) => {
    const current = await manager.findOneOrFail(InspectionPlanEntity, { where: { id: planId }, ...writeLock(ctx.ds) });
    if (current.endsAt) {
      throw new HubError(ErrorCode.INVALID_TRANSITION, `Inspection plan ${planId} already ended at ${current.endsAt.toISOString()}`, { from: 'ENDED', to: 'ENDED' });
    }
    await manager.update(InspectionPlanEntity, { id: planId }, { endsAt, active: false });
    return manager.findOneByOrFail(InspectionPlanEntity, { id: planId });
  });
}

/** Records of a plan in [from, to), oldest first. */
export async function listRecords(ctx: RequestContext, planId: string, from: string, to: string, page: PageArgs) {
  await visiblePlan(ctx, planId);
  const window = parseWindow(from, to);
  const { limit, afterId } = pageWindow(page, ctx.config.limits.maxPageSize);
  const q = ctx.ds
    .getRepository(InspectionRecordEntity)
    .createQueryBuilder('r')
    .where('r.planId = :planId', { planId })
    .andWhere('r.inspectedAt >= :from AND r.inspectedAt < :to', window);
  if (afterId) q.andWhere('r.id > :afterId', { afterId });
  return toConnection(await q.orderBy('r.id', 'ASC').take(limit + 1).getMany(), limit, Boolean(afterId));
}

/** Checkpoints of a plan's route missed in the whole windows inside [from, to) (漏检). */
export async function listMissed(ctx: RequestContext, planId: string, from: string, to: string) {
  const plan = await visiblePlan(ctx, planId);
  const window = parseWindow(from, to);
  const checkpoints = await checkpointsOf(ctx, planId);
  const records = await ctx.ds
    .getRepository(InspectionRecordEntity)
    .createQueryBuilder('r')
    .select(['r.checkpointId', 'r.inspectedAt'])
    .where('r.planId = :planId', { planId })
    .andWhere('r.inspectedAt >= :from AND r.inspectedAt < :to', window)
    .getMany();
  try {
    const missed = missedCheckpoints(plan, checkpoints.map((c) => c.id), records, window.from, window.to);
    const byId = new Map(checkpoints.map((c) => [c.id, c]));
    return missed.map((m) => ({ checkpoint: byId.get(m.checkpointId)!, windowStart: m.windowStart.toISOString(), windowEnd: m.windowEnd.toISOString() }));
  } catch (error) {
    if (error instanceof RangeError) throw badInput(`Ask for at most ${MAX_JUDGED_WINDOWS} windows of ${plan.intervalHours} h at once`, { field: 'to' });
    throw error;
  }
}
