import type { EntityManager } from 'typeorm';
import {
  badInput,
  ErrorCode,
  HubError,
  notFound,
  pageWindow,
  requireRole,
  Role,
  toConnection,
  transaction,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { ensureAccount, ledgerTransaction, postEntry } from '../ledger/ledger.service';
import { assertPositiveFen, assertWholeFen } from '../ledger/postings';
import { matterById } from '../matters/matters.events';
import { actor, canSeeAccounts, requireAccounts, requireCommittee, requireKnownCompound, requireStreetOfficial, requireSupervisor } from '../scope';
import { approvalBasis, transition, type Fund, type SpendingAction, type SpendingStatus } from './approval';
import { SpendingAuthorityEntity } from './spending-authority.entity';
import { SpendingRequestEntity } from './spending-request.entity';

const text = (value: string, argument: string, max: number) => {
  const v = value.trim();
  if (!v || v.length > max) throw badInput(`${argument} must be 1–${max} characters`, { argument });
  return v;
};

export interface RaiseInput {
  compoundId: string;
  fund: Fund;
  buildingRef?: string | null;
  category: string;
  amountFen: number;
  payee: string;
  purpose: string;
  matterId?: string | null;
  emergency?: boolean | null;
  idempotencyKey: string;
}

export async function raiseSpendingRequest(ctx: RequestContext, input: RaiseInput): Promise<SpendingRequestEntity> {
  await requireCommittee(ctx, input.compoundId);
  await requireKnownCompound(ctx, input.compoundId);
  assertPositiveFen(input.amountFen, 'amountFen');
  const emergency = input.emergency ?? false;
  if (emergency && input.fund !== 'MAINTENANCE_FUND') throw badInput('Only the maintenance fund has an emergency path; public revenue is spent by approval', { argument: 'emergency' });
  if (input.buildingRef && input.fund !== 'MAINTENANCE_FUND') throw badInput('buildingRef applies to a per-building maintenance fund only', { argument: 'buildingRef' });
  const row = {
    compoundId: input.compoundId,
    idempotencyKey: text(input.idempotencyKey, 'idempotencyKey', 100),
    fund: input.fund,
    buildingRef: (input.buildingRef ?? '').trim().slice(0, 64),
    category: input.category,
    amountFen: input.amountFen,
    payee: text(input.payee, 'payee', 200),
    purpose: text(input.purpose, 'purpose', 1000),
    matterId: input.matterId ?? null,
    emergency,
    status: 'RAISED' as const,
    raisedBy: actor(ctx),
  };
  const repo = ctx.ds.getRepository(SpendingRequestEntity);
  const earlier = await repo.findOneBy({ compoundId: row.compoundId, idempotencyKey: row.idempotencyKey });
  if (earlier) return earlier;
  await repo.createQueryBuilder().insert().values(repo.create(row)).orIgnore().execute();
  return repo.findOneByOrFail({ compoundId: row.compoundId, idempotencyKey: row.idempotencyKey });
}

/** Loads a request for a change, locked on MySQL so two approvals or payments cannot interleave. */
async function lockedRequest(manager: EntityManager, id: string): Promise<SpendingRequestEntity | null> {
  const qb = manager.createQueryBuilder(SpendingRequestEntity, 'r').where('r.id = :id', { id });
  if (manager.connection.options.type !== 'better-sqlite3') qb.setLock('pessimistic_write');
  return qb.getOne();
}

async function act(
  ctx: RequestContext,
  id: string,
  action: SpendingAction,
  authorise: (r: SpendingRequestEntity) => Promise<void>,
  effect: (manager: EntityManager, r: SpendingRequestEntity, next: SpendingStatus) => Promise<Partial<SpendingRequestEntity>>,
): Promise<SpendingRequestEntity> {
  const visible = await ctx.ds.getRepository(SpendingRequestEntity).findOneBy({ id });
  if (!visible || !(await canSeeAccounts(ctx, visible.compoundId))) throw notFound('Spending request', id);
  await authorise(visible);
  return ledgerTransaction(ctx.ds, async (manager) => {
    const r = (await lockedRequest(manager, id))!;
    const verdict = transition({ status: r.status, emergency: r.emergency, emergencyApproved: r.emergencyApprovedAt !== null }, action);
    if (!verdict.ok) throw new HubError(ErrorCode.INVALID_TRANSITION, `Spending request ${id}: ${verdict.reason}`, { status: r.status });
    const changes = await effect(manager, r, verdict.value);
    await manager.update(SpendingRequestEntity, { id }, { status: verdict.value, ...changes });
    return manager.findOneByOrFail(SpendingRequestEntity, { id });
  });
}

export const approveSpendingRequest = (ctx: RequestContext, id: string) =>
  act(
    ctx,
    id,
    'APPROVE',
    (r) => requireCommittee(ctx, r.compoundId),
    async (manager, r) => {
      const authority = await manager.findOneBy(SpendingAuthorityEntity, { compoundId: r.compoundId });
      const matter = await matterById(manager, r.matterId);
      const verdict = approvalBasis({
        compoundId: r.compoundId,
        fund: r.fund,
        amountFen: r.amountFen,
        emergency: r.emergency,
        authorisedLimitFen: authority?.limitFen ?? 0,
        citesMatter: r.matterId !== null,
        matter,
      });
      if (!verdict.ok) throw new HubError(ErrorCode.INVALID_TRANSITION, `Spending request ${id} cannot be approved: it ${verdict.reason}`);
      const now = new Date();
      return { basis: verdict.value, approvedBy: actor(ctx), approvedAt: now, filedWithCommunityAt: verdict.value === 'WITHIN_LIMIT' ? now : null };
    },
  );

export const approveEmergencyUse = (ctx: RequestContext, id: string) =>
  act(
    ctx,
    id,
    'APPROVE_EMERGENCY',
    (r) => requireStreetOfficial(ctx, r.compoundId),
    async () => ({ emergencyApprovedBy: actor(ctx), emergencyApprovedAt: new Date() }),
  );

export const coSignSpendingRequest = (ctx: RequestContext, id: string) =>
  act(
    ctx,
    id,
    'CO_SIGN',
    (r) => requireSupervisor(ctx, r.compoundId),
    async () => ({ coSignedBy: actor(ctx), coSignedAt: new Date() }),
  );

export const rejectSpendingRequest = (ctx: RequestContext, id: string, reason: string) =>
  act(
    ctx,
    id,
    'REJECT',
    async (r) => {
      // Either side of 业账社管 may stop a payment: the owners' committee or the supervisor.
      if (ctx.claims.role === Role.OWNERS_COMMITTEE) await requireCommittee(ctx, r.compoundId);
      else await requireSupervisor(ctx, r.compoundId);
    },
    async () => ({ rejectedBy: actor(ctx), rejectionReason: text(reason, 'reason', 1000) }),
  );

/** Pays a co-signed request: the spending is booked against its fund and can never overdraw it. */
export const paySpendingRequest = (ctx: RequestContext, id: string) =>
  act(
    ctx,
    id,
    'PAY',
    (r) => requireCommittee(ctx, r.compoundId),
    async (manager, r) => {
      const fund = await ensureAccount(manager, r.compoundId, r.fund, r.fund === 'MAINTENANCE_FUND' ? r.buildingRef : '');
      const bank = await ensureAccount(manager, r.compoundId, 'BANK');
      const { entry } = await postEntry(manager, {
        compoundId: r.compoundId,
        kind: 'SPENDING',
        sourceReference: `spending:${r.id}`,
        description: `${r.category} to ${r.payee}: ${r.purpose}`.slice(0, 500),
        spendingRequestId: r.id,
        postings: [
          { accountId: fund.id, amountFen: r.amountFen, category: r.category },
          { accountId: bank.id, amountFen: -r.amountFen, category: r.category },
        ],
        closedPeriod: 'REFUSE',
      });
      return { paidAt: entry.bookedAt, entryId: entry.id };
    },
  );

export async function spendingRequest(ctx: RequestContext, id: string): Promise<SpendingRequestEntity | null> {
  requireRole(ctx.claims, Role.ADMIN, Role.OWNERS_COMMITTEE, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  const r = await ctx.ds.getRepository(SpendingRequestEntity).findOneBy({ id });
  return r && (await canSeeAccounts(ctx, r.compoundId)) ? r : null;
}

export async function spendingRequests(ctx: RequestContext, compoundId: string, status: SpendingStatus | null | undefined, args: PageArgs) {
  await requireAccounts(ctx, compoundId);
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const qb = ctx.ds.getRepository(SpendingRequestEntity).createQueryBuilder('r').where('r.compoundId = :compoundId', { compoundId });
  if (status) qb.andWhere('r.status = :status', { status });
  if (afterId) qb.andWhere('r.id > :afterId', { afterId });
  return toConnection(await qb.orderBy('r.id', 'ASC').take(limit + 1).getMany(), limit, afterId !== null);
}

export async function spendingAuthority(ctx: RequestContext, compoundId: string) {
  await requireAccounts(ctx, compoundId);
  return ctx.ds.getRepository(SpendingAuthorityEntity).findOneBy({ compoundId });
}

/** The owners' assembly authorises a limit by a passed matter; the committee records it. */
export async function authoriseSpendingLimit(ctx: RequestContext, compoundId: string, limitFen: number, matterId: string) {
  await requireCommittee(ctx, compoundId);
  await requireKnownCompound(ctx, compoundId);
  assertWholeFen(limitFen, 'limitFen');
  if (limitFen < 0) throw badInput(`limitFen must be 0 or more, got ${limitFen}`, { argument: 'limitFen' });
  return transaction(ctx.ds, async (manager) => {
    const matter = await matterById(manager, matterId);
    if (!matter || matter.compoundId !== compoundId) throw badInput(`Matter ${matterId} is not a decided matter of compound ${compoundId} (yet)`, { argument: 'matterId' });
    if (!matter.passed) throw new HubError(ErrorCode.INVALID_TRANSITION, `Matter ${matterId} was rejected by the owners' assembly; it authorises nothing`);
    const existing = await manager.findOneBy(SpendingAuthorityEntity, { compoundId });
    if (existing) await manager.update(SpendingAuthorityEntity, { id: existing.id }, { limitFen, matterId });
    else await manager.insert(SpendingAuthorityEntity, manager.create(SpendingAuthorityEntity, { compoundId, limitFen, matterId }));
    return manager.findOneByOrFail(SpendingAuthorityEntity, { compoundId });
  });
}
