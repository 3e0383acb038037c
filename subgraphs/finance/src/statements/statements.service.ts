import { Between, In, type DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  HubError,
  notFound,
  pageWindow,
  requireRole,
  Role,
  toConnection,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { AccountEntity } from '../accounts/account.entity';
import { GENESIS_HASH } from '../ledger/chain';
import { closeThrough, ledgerTransaction, lockHead } from '../ledger/ledger.service';
import { LedgerHeadEntity } from '../ledger/ledger-head.entity';
import { PostingEntity } from '../ledger/posting.entity';
import { actor, canSeeStatements, requireAccounts, requireCommittee, requireKnownCompound } from '../scope';
import { SpendingRequestEntity } from '../spending/spending-request.entity';
import { hasEnded, parsePeriod, type Period } from './period';
import { buildSection, contentHash, toCsv, type CategoryMovement, type PaidRequest, type StatementContent } from './statement-content';
import { StatementEntity } from './statement.entity';
import { openStatementAudit } from '../audits/statement-audit';

/** What Statement resolvers receive: a published statement, or a preview (id and hash null). */
export interface StatementView {
  id: string | null;
  compoundId: string;
  content: StatementContent;
  hash: string | null;
  publishedAt: Date | null;
  /** The stored JSON of a published statement, exactly as hashed. */
  json: string | null;
}

const FUND_KINDS = ['PUBLIC_REVENUE', 'MAINTENANCE_FUND'] as const;

/**
 * Computes a statement from the ledger: per owners' fund, the balance before the period and the
 * period's postings by category, plus the paid requests behind the spending. Two aggregate
 * statements over the postings, whatever the number of entries.
 */
export async function computeStatement(manager: EntityManager | DataSource, compoundId: string, period: Period): Promise<StatementContent> {
  const head = (await manager.getRepository(LedgerHeadEntity).findOneBy({ compoundId })) ?? { sequence: 0, hash: GENESIS_HASH };
  const accounts = await manager.getRepository(AccountEntity).find({ where: { compoundId, kind: In([...FUND_KINDS]) }, order: { kind: 'DESC', buildingRef: 'ASC' } });
  if (accounts.length === 0) return { compoundId, period: period.label, firstDay: period.firstDay, lastDay: period.lastDay, sections: [], ledgerSequence: head.sequence, ledgerHash: head.hash };
  const ids = accounts.map((a) => a.id);
  const openings: { accountId: string; total: string | null }[] = await manager
    .getRepository(PostingEntity)
    .createQueryBuilder('p')
    .select('p.accountId', 'accountId')
    .addSelect('SUM(p.amountFen)', 'total')
    .where('p.accountId IN (:...ids) AND p.bookedAt < :start', { ids, start: period.start })
    .groupBy('p.accountId')
    .getRawMany();
  const movements: { accountId: string; category: string; debit: string | null; credit: string | null }[] = await manager
    .getRepository(PostingEntity)
    .createQueryBuilder('p')
    .select('p.accountId', 'accountId')
    .addSelect('p.category', 'category')
    .addSelect('SUM(CASE WHEN p.amountFen > 0 THEN p.amountFen ELSE 0 END)', 'debit')
    .addSelect('SUM(CASE WHEN p.amountFen < 0 THEN -p.amountFen ELSE 0 END)', 'credit')
    .where('p.accountId IN (:...ids) AND p.bookedAt >= :start AND p.bookedAt < :end', { ids, start: period.start, end: period.end })
    .groupBy('p.accountId')
    .addGroupBy('p.category')
    .getRawMany();
  const paid = await manager.getRepository(SpendingRequestEntity).find({
    where: { compoundId, status: 'PAID', paidAt: Between(period.start, new Date(period.end.getTime() - 1)) },
    order: { paidAt: 'ASC' },
  });
  const sections = accounts.map((a) => {
    // Owners' funds are credit-normal: their balance is minus the sum of signed postings.
    const opening = -Number(openings.find((o) => o.accountId === a.id)?.total ?? 0);
    const moves: CategoryMovement[] = movements
      .filter((m) => m.accountId === a.id)
      .map((m) => ({ category: m.category, debitFen: Number(m.debit ?? 0), creditFen: Number(m.credit ?? 0) }));
    const requests: PaidRequest[] = paid
      .filter((r) => r.fund === a.kind && (a.kind !== 'MAINTENANCE_FUND' || r.buildingRef === a.buildingRef))
      .map((r) => ({
        requestId: r.id,
        category: r.category,
        amountFen: r.amountFen,
        payee: r.payee,
        basis: r.basis ?? '',
        approvedBy: r.approvedBy,
        coSignedBy: r.coSignedBy,
        emergencyApprovedBy: r.emergencyApprovedBy,
        matterId: r.matterId,
        paidAt: r.paidAt!.toISOString(),
      }));
    return buildSection(a, opening, moves, requests);
  });
  return { compoundId, period: period.label, firstDay: period.firstDay, lastDay: period.lastDay, sections, ledgerSequence: head.sequence, ledgerHash: head.hash };
}

export const view = (s: StatementEntity): StatementView => ({ id: s.id, compoundId: s.compoundId, content: JSON.parse(s.content), hash: s.hash, publishedAt: s.publishedAt, json: s.content });

function endedPeriod(label: string): Period {
  const period = parsePeriod(label);
  if (!hasEnded(period, new Date())) throw new HubError(ErrorCode.INVALID_TRANSITION, `Period ${label} has not ended yet; its statement can be published from ${period.end.toISOString().slice(0, 10)}`);
  return period;
}

export async function statementPreview(ctx: RequestContext, compoundId: string, label: string): Promise<StatementView> {
  await requireAccounts(ctx, compoundId);
  const content = await computeStatement(ctx.ds, compoundId, parsePeriod(label));
  return { id: null, compoundId, content, hash: null, publishedAt: null, json: null };
}

/**
 * Publishes the statement of an ended period: computed under the ledger's head lock (no posting
 * can slip in between), stored with its hash, and the period is closed for posting.
 */
export async function publishStatement(ctx: RequestContext, compoundId: string, label: string): Promise<StatementView> {
  await requireCommittee(ctx, compoundId);
  await requireKnownCompound(ctx, compoundId);
  const period = endedPeriod(label);
  const saved = await ledgerTransaction(ctx.ds, async (manager) => {
    await lockHead(manager, compoundId);
    if (await manager.findOneBy(StatementEntity, { compoundId, period: period.label })) {
      throw new HubError(ErrorCode.CONFLICT, `The ${period.label} statement of compound ${compoundId} is already published; correct by entries in an open period`);
    }
    const content = await computeStatement(manager, compoundId, period);
    const json = JSON.stringify(content);
    const row = manager.create(StatementEntity, {
      compoundId,
      period: period.label,
      firstDay: period.firstDay,
      lastDay: period.lastDay,
      content: json,
      hash: contentHash(json),
      publishedAt: new Date(),
      publishedBy: actor(ctx),
    });
    await manager.insert(StatementEntity, row);
    await openStatementAudit(manager, row);
    await closeThrough(manager, compoundId, period.lastDay);
    return row;
  });
  return view(saved);
}

export async function statementById(ctx: RequestContext, id: string): Promise<StatementView | null> {
  requireRole(ctx.claims, Role.ADMIN, Role.OWNERS_COMMITTEE, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.RESIDENT);
  const s = await ctx.ds.getRepository(StatementEntity).findOneBy({ id });
  return s && (await canSeeStatements(ctx, s.compoundId)) ? view(s) : null;
}

/** The stored entity, for audits: not found unless the caller may see it. */
export async function visibleStatement(ctx: RequestContext, id: string): Promise<StatementEntity> {
  const s = await ctx.ds.getRepository(StatementEntity).findOneBy({ id });
  if (!s || !(await canSeeStatements(ctx, s.compoundId))) throw notFound('Statement', id);
  return s;
}

export async function statements(ctx: RequestContext, compoundId: string, args: PageArgs) {
  requireRole(ctx.claims, Role.ADMIN, Role.OWNERS_COMMITTEE, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.RESIDENT);
  if (!(await canSeeStatements(ctx, compoundId))) throw new HubError(ErrorCode.FORBIDDEN, `Compound ${compoundId}'s statements are published to its own residents and supervisors`);
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  // Newest first: ids are time-ordered, so the keyset goes downwards.
  const qb = ctx.ds.getRepository(StatementEntity).createQueryBuilder('s').where('s.compoundId = :compoundId', { compoundId });
  if (afterId) qb.andWhere('s.id < :afterId', { afterId });
  const rows = await qb.orderBy('s.id', 'DESC').take(limit + 1).getMany();
  const connection = toConnection(rows, limit, afterId !== null);
  return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: view(e.node) })) };
}

export const statementCsv = (s: StatementView) => toCsv(s.content, s.hash ?? 'unpublished preview');

/** Does the stored content still give the published hash? */
export const contentIntact = (s: StatementView): boolean | null => (s.json === null || s.hash === null ? null : contentHash(s.json) === s.hash);
