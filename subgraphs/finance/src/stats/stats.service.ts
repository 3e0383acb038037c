import { In } from 'typeorm';
import { badInput, CompoundScopeEntity, forbidden, regionLevel, regionWithin, requireRole, Role, statsWindow, type RequestContext } from '@hub/platform';
import { AuditFindingEntity } from '../audits/audit-finding.entity';
import { AuditSignOffEntity } from '../audits/audit-sign-off.entity';
import { auditStatus, type AuditorRole } from '../audits/audit-status';
import { IncentivePayoutEntity } from '../incentives/incentive-payout.entity';
import { PostingEntity } from '../ledger/posting.entity';
import { AccountEntity } from '../accounts/account.entity';
import { COST_CATEGORIES, INCOME_CATEGORIES } from '../statements/statement-content';
import { isOverdue, monthsWithin, parsePeriod } from '../statements/period';
import { StatementEntity } from '../statements/statement.entity';
import { monthOf } from './posting-summary';
import { PostingSummaryEntity } from './posting-summary.entity';

const FUNDS = ['PUBLIC_REVENUE', 'MAINTENANCE_FUND'];

/** Whole UTC months inside [from, to), and the partial months before and after them. */
function splitByMonth(from: Date, to: Date): { months: [string, string] | null; edges: [Date, Date][] } {
  const first = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + (from.getTime() === Date.UTC(from.getUTCFullYear(), from.getUTCMonth()) ? 0 : 1)));
  const last = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth()));
  if (first.getTime() >= last.getTime()) return { months: null, edges: [[from, to]] };
  const edges: [Date, Date][] = [];
  if (from.getTime() < first.getTime()) edges.push([from, first]);
  if (last.getTime() < to.getTime()) edges.push([last, to]);
  return { months: [monthOf(first), monthOf(last)], edges };
}

/**
 * Net movement of the owners' funds per category over the region's compounds: whole months from
 * `posting_summary`, the partial months at either end from the postings. Two statements at most.
 */
export async function movementsByCategory(ctx: RequestContext, pattern: string, from: Date, to: Date): Promise<{ category: string; net: string }[]> {
  const { months, edges } = splitByMonth(from, to);
  const net = new Map<string, bigint>();
  const add = (rows: { category: string; net: string | number | null }[]) => {
    for (const r of rows) net.set(r.category, (net.get(r.category) ?? 0n) + BigInt(r.net ?? 0));
  };
  if (months) {
    add(
      await ctx.ds
        .getRepository(PostingSummaryEntity)
        .createQueryBuilder('p')
        .innerJoin(CompoundScopeEntity, 's', 's.compoundId = p.compoundId')
        .select('p.category', 'category')
        .addSelect('SUM(p.amountFen)', 'net')
        .where('s.regionPath LIKE :pattern', { pattern })
        .andWhere('p.accountKind IN (:...funds)', { funds: FUNDS })
        .andWhere('p.month >= :first AND p.month < :last', { first: months[0], last: months[1] })
        .groupBy('p.category')
        .getRawMany(),
    );
  }
  if (edges.length) {
    const params: Record<string, unknown> = { pattern };
    const within = edges
      .map(([a, b], i) => {
        params[`from${i}`] = a;
        params[`to${i}`] = b;
        return `(p.bookedAt >= :from${i} AND p.bookedAt < :to${i})`;
      })
      .join(' OR ');
    add(
      await ctx.ds
        .getRepository(PostingEntity)
        .createQueryBuilder('p')
        .innerJoin(AccountEntity, 'a', 'a.id = p.accountId')
        .innerJoin(CompoundScopeEntity, 's', 's.compoundId = p.compoundId')
        .select('p.category', 'category')
        .addSelect('SUM(p.amountFen)', 'net')
        .where('s.regionPath LIKE :pattern', params)
        .andWhere('a.kind IN (:...funds)', { funds: FUNDS })
        .andWhere(`(${within})`)
        .groupBy('p.category')
        .getRawMany(),
    );
  }
  return [...net.entries()].map(([category, n]) => ({ category, net: n.toString() }));
}

export interface FirmTotalRow {
  firmId: string;
  payouts: number;
  amountFen: number;
}

/**
 * Aggregates for analysts over the compounds of a region: income, costs and spending of the
 * owners' funds by category; months overdue for a statement; published statements not yet fully
 * audited; incentive payouts per firm. Compound ids and sums only, never a person.
 */
export async function financeStats(ctx: RequestContext, regionCode: string, fromText: string, toText: string) {
  requireRole(ctx.claims, Role.ANALYST, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  if (!regionLevel(regionCode)) throw badInput(`regionCode must be a 12-digit district, street or community code, got "${regionCode}"`, { argument: 'regionCode' });
  // An official of a district may look at any street or community inside it.
  if ((ctx.claims.role === Role.OFFICIAL || ctx.claims.role === Role.PARTY_ORGANISATION) && !(ctx.claims.regions ?? []).some((r) => regionWithin(regionCode, r))) {
    throw forbidden(`Region ${regionCode} is not inside your regions; ask for ${(ctx.claims.regions ?? []).join(', ') || 'a region you hold'} or a part of it`);
  }
  const window = statsWindow(fromText, toText, 5 * 366);
  if ('problem' in window) throw badInput(window.problem, { argument: 'to' });
  const { from, toExclusive: to } = window;

  // Region codes are fixed-width, so a code occurs in a path only as a whole element.
  const inRegion = 's.regionPath LIKE :pattern';
  const pattern = `%${regionCode}%`;
  const compounds = (await ctx.ds.getRepository(CompoundScopeEntity).createQueryBuilder('s').select('s.compoundId', 'compoundId').where(inRegion, { pattern }).getRawMany<{ compoundId: string }>()).map((r) => r.compoundId);

  const movements = await movementsByCategory(ctx, pattern, from, to);
  const revenueByCategory: { category: string; amountFen: number }[] = [];
  const costsByCategory: { category: string; amountFen: number }[] = [];
  const spendingByCategory: { category: string; amountFen: number }[] = [];
  for (const m of movements.sort((a, b) => (a.category < b.category ? -1 : 1))) {
    // Owners' funds are credit-normal: income is the negated signed sum.
    const credit = -Number(m.net);
    if (m.category === 'OPENING_BALANCE' || credit === 0) continue;
    if (INCOME_CATEGORIES.has(m.category)) revenueByCategory.push({ category: m.category, amountFen: credit });
    else if (COST_CATEGORIES.has(m.category)) costsByCategory.push({ category: m.category, amountFen: -credit });
    else spendingByCategory.push({ category: m.category, amountFen: -credit });
  }

  const now = new Date();
  const months = monthsWithin(from, to).filter((p) => isOverdue(p, now));
  const published = compounds.length
    ? await ctx.ds.getRepository(StatementEntity).find({ select: { id: true, compoundId: true, period: true }, where: { compoundId: In(compounds) } })
    : [];
  const covered = new Set<string>();
  for (const s of published) {
    const p = parsePeriod(s.period);
    // A quarter's statement covers its three months.
    for (const m of months) if (m.start >= p.start && m.end <= p.end) covered.add(`${s.compoundId}|${m.label}`);
  }
  const overdueStatements = compounds
    .map((compoundId) => ({ compoundId, periods: months.filter((m) => !covered.has(`${compoundId}|${m.label}`)).map((m) => m.label) }))
    .filter((o) => o.periods.length > 0);

  const inRange = published.filter((s) => {
    const p = parsePeriod(s.period);
    return p.start >= from && p.end <= to;
  });
  const ids = inRange.map((s) => s.id);
  const [signOffs, findings] = ids.length
    ? await Promise.all([
        ctx.ds.getRepository(AuditSignOffEntity).find({ select: { id: true, statementId: true, auditorRole: true }, where: { statementId: In(ids) } }),
        ctx.ds.getRepository(AuditFindingEntity).find({ select: { id: true, statementId: true, status: true }, where: { statementId: In(ids) } }),
      ])
    : [[], []];
  // Grouped once: a city's year holds tens of thousands of statements and sign-offs.
  const rolesOf = new Map<string, Set<AuditorRole>>();
  for (const o of signOffs) rolesOf.set(o.statementId, (rolesOf.get(o.statementId) ?? new Set()).add(o.auditorRole as AuditorRole));
  const findingsOf = new Map<string, typeof findings>();
  for (const f of findings) findingsOf.set(f.statementId, [...(findingsOf.get(f.statementId) ?? []), f]);
  const unauditedStatements = inRange
    .map((s) => {
      const roles = [...(rolesOf.get(s.id) ?? [])];
      const mine = findingsOf.get(s.id) ?? [];
      return { statementId: s.id, compoundId: s.compoundId, period: s.period, status: auditStatus(roles, mine.filter((f) => f.status === 'OPEN').length, mine.length) };
    })
    .filter((s) => s.status !== 'AUDITED');

  const incentives = await ctx.ds
    .getRepository(IncentivePayoutEntity)
    .createQueryBuilder('p')
    .innerJoin(CompoundScopeEntity, 's', 's.compoundId = p.compoundId')
    .select('p.firmId', 'firmId')
    .addSelect('COUNT(*)', 'payouts')
    .addSelect('SUM(p.amountFen)', 'amountFen')
    .where(inRegion, { pattern })
    .andWhere('p.publishedAt >= :from AND p.publishedAt < :to', { from, to })
    .andWhere("p.outcome = 'BOOKED'")
    .groupBy('p.firmId')
    .orderBy('p.firmId', 'ASC')
    .getRawMany<{ firmId: string; payouts: string; amountFen: string }>();

  return {
    regionCode,
    from: from.toISOString(),
    to: to.toISOString(),
    compounds: compounds.length,
    revenueByCategory,
    costsByCategory,
    spendingByCategory,
    overdueStatements,
    unauditedStatements,
    incentivesByFirm: incentives.map((r): FirmTotalRow => ({ firmId: r.firmId, payouts: Number(r.payouts), amountFen: Number(r.amountFen) })),
  };
}
