import {
  badInput,
  ErrorCode,
  forbidden,
  HubError,
  notFound,
  requireRole,
  Role,
  type RequestContext,
} from '@hub/platform';
import { In } from 'typeorm';
import { actor, canSeeStatements, requireAccounts, requireCommittee, requireSupervisor } from '../scope';
import { view, visibleStatement } from '../statements/statements.service';
import { AuditFindingEntity } from './audit-finding.entity';
import { AuditSignOffEntity } from './audit-sign-off.entity';
import { auditStatus, missingAuditors, type AuditorRole } from './audit-status';
import { BODY_OF, entitles } from './entitlement';
import { GovernancePostEntity } from './governance-post.entity';
import { changeAudit } from './statement-audit';

/**
 * Who may audit as what: the community side is an official or Party organisation of the
 * compound's region; owner representatives and the supervisory board are people (their token's
 * `sub` is their community Person id) holding, today, a post in the compound's owners' committee
 * or supervisory board, as the community announced it (PostChanged).
 */
async function requireAuditor(ctx: RequestContext, compoundId: string, as: AuditorRole): Promise<void> {
  if (ctx.claims.role === Role.ADMIN) return;
  if (as === 'COMMUNITY') return requireSupervisor(ctx, compoundId);
  requireRole(ctx.claims, Role.RESIDENT, Role.OWNERS_COMMITTEE);
  const body = BODY_OF[as] === 'OWNERS_COMMITTEE' ? "owners' committee" : 'supervisory board';
  const personId = ctx.claims.sub;
  const posts = personId ? await ctx.ds.getRepository(GovernancePostEntity).findBy({ personId, compoundId }) : [];
  if (!entitles(posts, as, compoundId, new Date().toISOString().slice(0, 10))) {
    throw forbidden(`Signing as ${as} needs a current post in the ${body} of compound ${compoundId}; you hold none there (posts are appointed in the community)`);
  }
}

const note = (value: string | null | undefined, argument: string, required: boolean) => {
  const v = (value ?? '').trim();
  if (required && !v) throw badInput(`${argument} must not be empty`, { argument });
  if (v.length > 1000) throw badInput(`${argument} must be at most 1000 characters`, { argument });
  return v || null;
};

export async function signOffStatement(ctx: RequestContext, statementId: string, as: AuditorRole, text?: string | null) {
  const s = await visibleStatement(ctx, statementId);
  await requireAuditor(ctx, s.compoundId, as);
  const auditorId = actor(ctx);
  const signOff = { statementId, auditorRole: as, auditorId, note: note(text, 'note', false) };
  await changeAudit(ctx.ds, statementId, async (m) => {
    if (await m.findOneBy(AuditSignOffEntity, { statementId, auditorRole: as, auditorId })) {
      throw new HubError(ErrorCode.CONFLICT, `You have already signed off the ${s.period} statement as ${as}`);
    }
    await m.insert(AuditSignOffEntity, m.create(AuditSignOffEntity, signOff));
  });
  return view(s);
}

export async function raiseAuditFinding(ctx: RequestContext, statementId: string, as: AuditorRole, description: string) {
  const s = await visibleStatement(ctx, statementId);
  await requireAuditor(ctx, s.compoundId, as);
  const finding = ctx.ds.getRepository(AuditFindingEntity).create({
    statementId,
    compoundId: s.compoundId,
    auditorRole: as,
    raisedBy: actor(ctx),
    description: note(description, 'description', true)!,
    status: 'OPEN',
    resolution: null,
    resolvedBy: null,
    resolvedAt: null,
  });
  await changeAudit(ctx.ds, statementId, (m) => m.insert(AuditFindingEntity, finding));
  return ctx.ds.getRepository(AuditFindingEntity).findOneByOrFail({ id: finding.id });
}

/** The owners' committee answers a finding; a resolved finding stays on record. */
export async function resolveAuditFinding(ctx: RequestContext, findingId: string, resolution: string) {
  const repo = ctx.ds.getRepository(AuditFindingEntity);
  const f = await repo.findOneBy({ id: findingId });
  if (!f || !(await canSeeStatements(ctx, f.compoundId))) throw notFound('Audit finding', findingId);
  await requireCommittee(ctx, f.compoundId);
  if (f.status !== 'OPEN') throw new HubError(ErrorCode.INVALID_TRANSITION, `Finding ${findingId} was already resolved on ${f.resolvedAt?.toISOString()}`);
  const resolved = { status: 'RESOLVED' as const, resolution: note(resolution, 'resolution', true), resolvedBy: actor(ctx), resolvedAt: new Date() };
  await changeAudit(ctx.ds, f.statementId, async (m) => {
    // Only the first of two answers given at once resolves it.
    const { affected } = await m.update(AuditFindingEntity, { id: findingId, status: 'OPEN' }, resolved);
    if (!affected) throw new HubError(ErrorCode.INVALID_TRANSITION, `Finding ${findingId} was already resolved`);
  });
  return repo.findOneByOrFail({ id: findingId });
}

export async function auditFindings(ctx: RequestContext, compoundId: string, openOnly: boolean) {
  await requireAccounts(ctx, compoundId);
  return ctx.ds.getRepository(AuditFindingEntity).find({ where: { compoundId, ...(openOnly ? { status: 'OPEN' as const } : {}) }, order: { id: 'ASC' } });
}

/** Batched per request: one statement for the sign-offs of every statement asked about. */
export const signOffsOf = (ctx: RequestContext, statementId: string) =>
  ctx.loaders
    .get<string, AuditSignOffEntity[]>('AuditSignOff.statementId', async (ids) => {
      const rows = await ctx.ds.getRepository(AuditSignOffEntity).find({ where: { statementId: In([...ids]) }, order: { id: 'ASC' } });
      return ids.map((id) => rows.filter((r) => r.statementId === id));
    })
    .load(statementId);

export const findingsOf = (ctx: RequestContext, statementId: string) =>
  ctx.loaders
    .get<string, AuditFindingEntity[]>('AuditFinding.statementId', async (ids) => {
      const rows = await ctx.ds.getRepository(AuditFindingEntity).find({ where: { statementId: In([...ids]) }, order: { id: 'ASC' } });
      return ids.map((id) => rows.filter((r) => r.statementId === id));
    })
    .load(statementId);

export async function auditOf(ctx: RequestContext, statementId: string) {
  const [signOffs, findings] = await Promise.all([signOffsOf(ctx, statementId), findingsOf(ctx, statementId)]);
  const roles = [...new Set(signOffs.map((s) => s.auditorRole))];
  return {
    status: auditStatus(roles, findings.filter((f) => f.status === 'OPEN').length, findings.length),
    missing: missingAuditors(roles),
  };
}
