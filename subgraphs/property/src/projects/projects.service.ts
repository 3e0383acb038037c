import { In, LessThan } from 'typeorm';
import { badInput, CompoundScopeEntity, ErrorCode, forbidden, HubError, loadOneBy, notFound, pageWindow, requireRole, Role, toConnection, transaction, type PageArgs, type RequestContext, regionLevel, regionPathOfCode, regionPrefix } from '@hub/platform';
import { canAccessCompound, lockKnownCompound } from '../scope/compound-access';
import { groupByKeys } from '../scope/paging';
import { isIsoDate } from '../scope/period';
import { parseInstant } from '../utilities/utility-rules';
import { PropertyFirmEntity } from '../firms/property-firm.entity';
import { ProjectIncidentEntity, ProjectMilestoneEntity, RenovationProjectEntity, type ProjectIncidentKind, type ProjectKind } from './renovation-project.entity';
import { progressProblem, projectProblems, type IncidentCounts } from './project-rules';

/**
 * Who sees a project: for a compound project, whoever may see the compound's property records;
 * the firm doing the work; for a community-wide project, admins and officials or Party
 * organisations of its region; analysts see every project (they carry counts, not people).
 */
export async function canSeeProject(ctx: RequestContext, p: RenovationProjectEntity): Promise<boolean> {
  const { claims } = ctx;
  if (claims.role === Role.ADMIN || claims.role === Role.ANALYST) return true;
  if (claims.role === Role.PROPERTY_FIRM && p.firmId !== null && claims.firm === p.firmId) return true;
  if (claims.role === Role.OFFICIAL || claims.role === Role.PARTY_ORGANISATION) {
    const path = regionPathOfCode(p.communityCode);
    return (claims.regions ?? []).some((r) => path.includes(r));
  }
  return p.compoundId !== null && canAccessCompound(ctx, p.compoundId);
}

/** Who changes a project: admins, officials of its region, the firm doing it or serving its compound. */
async function assertMayManage(ctx: RequestContext, p: { compoundId: string | null; communityCode: string; firmId: string | null }): Promise<void> {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PROPERTY_FIRM);
  const { claims } = ctx;
  if (claims.role === Role.ADMIN) return;
  if (claims.role === Role.OFFICIAL && (claims.regions ?? []).some((r) => regionPathOfCode(p.communityCode).includes(r))) return;
  if (claims.role === Role.PROPERTY_FIRM) {
    if (p.firmId !== null && claims.firm === p.firmId) return;
    if (p.compoundId !== null && (await canAccessCompound(ctx, p.compoundId))) return;
  }
  throw forbidden('This project is outside your scope: only admins, officials of its region and the firm doing the work manage it');
}

export async function projectById(ctx: RequestContext, id: string): Promise<RenovationProjectEntity | null> {
  const p = await loadOneBy(ctx, RenovationProjectEntity, 'id', id);
  return p && (await canSeeProject(ctx, p)) ? p : null;
}

/** Projects of a region, newest first. The caller must see the whole region (admins, analysts, officials of it or above). */
export async function projectsInRegion(ctx: RequestContext, regionCode: string, threeZerosOnly: boolean | null | undefined, args: PageArgs) {
  const prefix = regionPrefix(regionCode);
  if (!prefix) throw badInput(`regionCode must be a 12-digit district, street or community code; got ${regionCode}`, { argument: 'regionCode' });
  requireRole(ctx.claims, Role.ADMIN, Role.ANALYST, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  if (ctx.claims.role === Role.OFFICIAL || ctx.claims.role === Role.PARTY_ORGANISATION) {
    const path = regionPathOfCode(regionCode);
    if (!(ctx.claims.regions ?? []).some((r) => path.includes(r))) throw forbidden(`Region ${regionCode} is outside your regions`);
  }
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const qb = ctx.ds
    .getRepository(RenovationProjectEntity)
    .createQueryBuilder('p')
    .where('p.communityCode LIKE :prefix', { prefix: `${prefix}%` })
    .orderBy('p.id', 'DESC')
    .take(limit + 1);
  if (afterId) qb.andWhere('p.id < :afterId', { afterId });
  if (threeZerosOnly != null) {
    qb.andWhere(`${threeZerosOnly ? 'NOT ' : ''}EXISTS (SELECT 1 FROM project_incident i WHERE i.projectId = p.id)`);
  }
  return toConnection(await qb.getMany(), limit, afterId !== null);
}

/** Projects in one compound, newest first, within the compound's scope: one statement per request. */
export async function compoundProjects(ctx: RequestContext, compoundId: string, args: PageArgs) {
  if (!(await canAccessCompound(ctx, compoundId))) throw forbidden(`You may not see the projects of compound ${compoundId}; it is outside your scope`);
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const rows = await ctx.loaders
    .get<string, RenovationProjectEntity[]>(`RenovationProject.byCompound.${afterId ?? ''}`, async (ids) => {
      const found = await ctx.ds.getRepository(RenovationProjectEntity).find({
        where: { compoundId: In([...ids]), ...(afterId ? { id: LessThan(afterId) } : {}) },
        order: { id: 'DESC' },
      });
      return groupByKeys(ids, found, (p) => p.compoundId as string);
    })
    .load(compoundId);
  return toConnection(rows.slice(0, limit + 1), limit, afterId !== null);
}

export function milestonesOf(ctx: RequestContext, projectId: string): Promise<ProjectMilestoneEntity[]> {
  return ctx.loaders
    .get<string, ProjectMilestoneEntity[]>('ProjectMilestone.byProject', async (ids) => {
      const rows = await ctx.ds.getRepository(ProjectMilestoneEntity).find({ where: { projectId: In([...ids]) }, order: { dueOn: 'ASC', id: 'ASC' } });
      return groupByKeys(ids, rows, (m) => m.projectId);
    })
    .load(projectId);
}

/** Incidents counted by kind for every project of the request: one grouped statement. */
export function incidentCounts(ctx: RequestContext, projectId: string): Promise<IncidentCounts> {
  return ctx.loaders
    .get<string, IncidentCounts>('ProjectIncident.counts', async (ids) => {
      const rows: { projectId: string; kind: ProjectIncidentKind; n: string | number }[] = await ctx.ds
        .getRepository(ProjectIncidentEntity)
        .createQueryBuilder('i')
        .select('i.projectId', 'projectId')
        .addSelect('i.kind', 'kind')
        .addSelect('COUNT(*)', 'n')
        .where('i.projectId IN (:...ids)', { ids })
        .groupBy('i.projectId')
        .addGroupBy('i.kind')
        .getRawMany();
      return ids.map((id) => {
        const count = (kind: ProjectIncidentKind) => Number(rows.find((r) => r.projectId === id && r.kind === kind)?.n ?? 0);
        return { accidents: count('ACCIDENT'), disturbances: count('DISTURBANCE'), complaints: count('COMPLAINT') };
      });
    })
    .load(projectId);
}

export const projectFirm = (ctx: RequestContext, p: RenovationProjectEntity) =>
  p.firmId ? loadOneBy(ctx, PropertyFirmEntity, 'id', p.firmId) : Promise.resolve(null);

export interface StartProjectInput {
  name: string;
  kind: ProjectKind;
  compoundId?: string | null;
  communityCode?: string | null;
  firmId?: string | null;
  contractor?: string | null;
  unitsPlanned: number;
  budgetReference?: string | null;
  budgetFen?: number | null;
  startsOn: string;
  endsOn?: string | null;
  milestones?: { name: string; dueOn: string }[] | null;
}

export async function startProject(ctx: RequestContext, input: StartProjectInput): Promise<RenovationProjectEntity> {
  const milestones = input.milestones ?? [];
  const problems = projectProblems({ ...input, milestones });
  if ((input.compoundId == null) === (input.communityCode == null)) problems.push('give either compoundId or communityCode, not both and not neither');
  if (input.communityCode != null && regionLevel(input.communityCode) !== 'COMMUNITY') problems.push(`communityCode must be a 12-digit community code; got ${input.communityCode}`);
  if (input.contractor != null && (!input.contractor.trim() || input.contractor.length > 100)) problems.push('contractor must be 1 to 100 characters, or left out');
  if (input.budgetReference != null && (!input.budgetReference.trim() || input.budgetReference.length > 64)) problems.push('budgetReference must be 1 to 64 characters, or left out');
  if (problems.length) throw badInput(problems.join('; '));
  if (input.firmId && !(await loadOneBy(ctx, PropertyFirmEntity, 'id', input.firmId))) throw badInput(`Firm ${input.firmId} is not registered`, { argument: 'firmId' });

  let communityCode = input.communityCode ?? null;
  if (input.compoundId) {
    const scope = await ctx.ds.getRepository(CompoundScopeEntity).findOne({ where: { compoundId: input.compoundId } });
    if (!scope) throw notFound('Compound', input.compoundId);
    communityCode = scope.regionPath.split(',')[0];
  }
  const fields = { compoundId: input.compoundId ?? null, communityCode: communityCode as string, firmId: input.firmId ?? null };
  await assertMayManage(ctx, fields);
  return transaction(ctx.ds, async (manager) => {
    if (fields.compoundId) await lockKnownCompound(manager, fields.compoundId);
    const project = await manager.save(
      manager.create(RenovationProjectEntity, {
        ...fields,
        name: input.name.trim(),
        kind: input.kind,
        contractor: input.contractor?.trim() || null,
        unitsPlanned: input.unitsPlanned,
        unitsDone: 0,
        budgetReference: input.budgetReference?.trim() || null,
        budgetFen: input.budgetFen ?? null,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
      }),
    );
    if (milestones.length) {
      await manager.insert(
        ProjectMilestoneEntity,
        milestones.map((m) => manager.create(ProjectMilestoneEntity, { projectId: project.id, name: m.name.trim(), dueOn: m.dueOn, reachedOn: null })),
      );
    }
    return project;
  });
}

async function managedProject(ctx: RequestContext, id: string): Promise<RenovationProjectEntity> {
  const p = await ctx.ds.getRepository(RenovationProjectEntity).findOne({ where: { id } });
  if (!p || !(await canSeeProject(ctx, p))) throw notFound('Renovation project', id);
  await assertMayManage(ctx, p);
  return p;
}

export async function recordProgress(ctx: RequestContext, projectId: string, unitsDone: number): Promise<RenovationProjectEntity> {
  await managedProject(ctx, projectId);
  return transaction(ctx.ds, async (manager) => {
    const p = await manager.findOneOrFail(RenovationProjectEntity, { where: { id: projectId } });
    const problem = progressProblem(p.unitsDone, p.unitsPlanned, unitsDone);
    if (problem) throw badInput(problem, { argument: 'unitsDone' });
    p.unitsDone = unitsDone;
    return manager.save(p);
  });
}

export async function reachMilestone(ctx: RequestContext, milestoneId: string, reachedOn: string): Promise<ProjectMilestoneEntity> {
  const m = await ctx.ds.getRepository(ProjectMilestoneEntity).findOne({ where: { id: milestoneId } });
  if (!m) throw notFound('Milestone', milestoneId);
  const p = await managedProject(ctx, m.projectId);
  if (!isIsoDate(reachedOn)) throw badInput('reachedOn must be a date written YYYY-MM-DD', { argument: 'reachedOn' });
  if (reachedOn < p.startsOn) throw badInput(`reachedOn ${reachedOn} is before the project started on ${p.startsOn}`, { argument: 'reachedOn' });
  return transaction(ctx.ds, async (manager) => {
    const row = await manager.findOneOrFail(ProjectMilestoneEntity, { where: { id: milestoneId } });
    if (row.reachedOn) throw new HubError(ErrorCode.INVALID_TRANSITION, `Milestone ${milestoneId} was already reached on ${row.reachedOn}`);
    row.reachedOn = reachedOn;
    return manager.save(row);
  });
}

export async function recordIncident(
  ctx: RequestContext,
  input: { projectId: string; kind: ProjectIncidentKind; occurredAt: string; note: string },
): Promise<RenovationProjectEntity> {
  const p = await managedProject(ctx, input.projectId);
  const at = parseInstant(input.occurredAt);
  const problems: string[] = [];
  if (!at) problems.push('occurredAt must be an ISO-8601 instant with its offset');
  else if (at.getTime() > Date.now()) problems.push('occurredAt lies in the future');
  if (!input.note.trim() || input.note.length > 500) problems.push('note must say in 1 to 500 characters what happened');
  if (problems.length) throw badInput(problems.join('; '));
  await transaction(ctx.ds, (manager) => manager.insert(ProjectIncidentEntity, manager.create(ProjectIncidentEntity, { projectId: p.id, kind: input.kind, occurredAt: at!, note: input.note.trim() })));
  return p;
}
