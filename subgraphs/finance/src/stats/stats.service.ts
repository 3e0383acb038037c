import type { DataSource } from 'typeorm';
import { badInput, CompoundScopeEntity, splitByMonth, forbidden, pageWindow, regionLevel, regionWithin, requireRole, Role, statsWindow, toConnection, type Connection, type PageArgs, type RequestContext } from '@hub/platform';
import { AuditFindingEntity } from '../audits/audit-finding.entity';
import { AuditSignOffEntity } from '../audits/audit-sign-off.entity';
import { auditStatus, type AuditorRole, type AuditStatus } from '../audits/audit-status';
import { IncentivePayoutEntity } from '../incentives/incentive-payout.entity';
import { PostingEntity } from '../ledger/posting.entity';
import { AccountEntity } from '../accounts/account.entity';
import { COST_CATEGORIES, INCOME_CATEGORIES } from '../statements/statement-content';
import { isOverdue, monthsWithin, parsePeriod } from '../statements/period';
import { StatementEntity } from '../statements/statement.entity';
import { PostingRegionSummaryEntity } from './posting-region-summary.entity';

const FUNDS = ['PUBLIC_REVENUE', 'MAINTENANCE_FUND'];

/**
 * Rows of many regions at once are grouped by the region path of their compound (a community's
 * compounds share one path), then added up for every region asked whose code is in the path: a
 * grouped pass whatever the number of regions, and a compound whose scope arrives late still counts.
 * Region codes are fixed-width, so a code occurs in a path only as a whole element.
 */
function inRegions(codes: readonly string[], alias = 's', name = 'region'): { where: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const where = codes.map((code, i) => ((params[`${name}${i}`] = `%${code}%`), `${alias}.regionPath LIKE :${name}${i}`)).join(' OR ');
  return { where: `(${where})`, params };
}

const regionsOfPath = (codes: readonly string[], path: string) => codes.filter((code) => path.includes(code));

/** Regions whose whole months come from `posting_region_summary`; communities read their postings. */
const SUMMARISED = new Set(['STREET', 'DISTRICT']);

/**
 * Net movement of the owners' funds per category in each region, whatever the number of regions:
 * the whole months of streets and districts from `posting_region_summary` in one grouped
 * statement; in one more, from the postings by the compounds' index, the partial months at
 * either end of those and the whole period of communities (a community has a few compounds).
 */
export async function movementsByRegion(ds: DataSource, codes: readonly string[], from: Date, to: Date): Promise<Map<string, { category: string; net: string }[]>> {
  const { months, edges } = splitByMonth(from, to);
  const summarised = codes.filter((code) => SUMMARISED.has(regionLevel(code) ?? ''));
  const direct = codes.filter((code) => !SUMMARISED.has(regionLevel(code) ?? ''));
  const net = new Map<string, Map<string, bigint>>(codes.map((c) => [c, new Map()]));
  const add = (code: string, category: string, amount: string | number | null) => {
    const mine = net.get(code)!;
    mine.set(category, (mine.get(category) ?? 0n) + BigInt(amount ?? 0));
  };
  const reads: Promise<void>[] = [];
  if (months && summarised.length) {
    reads.push(
      ds
        .getRepository(PostingRegionSummaryEntity)
        .createQueryBuilder('r')
        .select('r.regionCode', 'code')
        .addSelect('r.category', 'category')
        .addSelect('SUM(r.amountFen)', 'net')
        .where('r.regionCode IN (:...codes)', { codes: summarised })
        .andWhere('r.accountKind IN (:...funds)', { funds: FUNDS })
        .andWhere('r.month >= :first AND r.month < :last', { first: months[0], last: months[1] })
        .groupBy('r.regionCode')
        .addGroupBy('r.category')
        .getRawMany<{ code: string; category: string; net: string | number | null }>()
        .then((rows) => rows.forEach((r) => add(r.code, r.category, r.net))),
    );
  }
  const edgeCodes = edges.length ? summarised : [];
  if (edgeCodes.length || direct.length) {
    const params: Record<string, unknown> = { from, to };
    const inEdge = edges.length
      ? edges
          .map(([a, b], i) => {
            params[`from${i}`] = a;
            params[`to${i}`] = b;
            return `(p.bookedAt >= :from${i} AND p.bookedAt < :to${i})`;
          })
          .join(' OR ')
      : '1 = 0';
    const clauses: string[] = [];
    if (edgeCodes.length) {
      const r = inRegions(edgeCodes, 's', 'edge');
      Object.assign(params, r.params);
      clauses.push(`(${r.where} AND (${inEdge}))`);
    }
    if (direct.length) {
      const r = inRegions(direct, 's', 'direct');
      Object.assign(params, r.params);
      clauses.push(`(${r.where} AND p.bookedAt >= :from AND p.bookedAt < :to)`);
    }
    reads.push(
      ds
        .getRepository(PostingEntity)
        .createQueryBuilder('p')
        .innerJoin(AccountEntity, 'a', 'a.id = p.accountId')
        .innerJoin(CompoundScopeEntity, 's', 's.compoundId = p.compoundId')
        .select('s.regionPath', 'path')
        .addSelect('p.category', 'category')
        // Whether the rows are in a partial month: only those count for a street or district.
        .addSelect(`CASE WHEN ${inEdge} THEN 1 ELSE 0 END`, 'edge')
        .addSelect('SUM(p.amountFen)', 'net')
        .where(`(${clauses.join(' OR ')})`, params)
        .andWhere('a.kind IN (:...funds)', { funds: FUNDS })
        .groupBy('s.regionPath')
        .addGroupBy('p.category')
        .addGroupBy('edge')
        .getRawMany<{ path: string; category: string; edge: string | number; net: string | number | null }>()
        .then((rows) => {
          for (const r of rows) {
            for (const code of regionsOfPath(direct, r.path)) add(code, r.category, r.net);
            if (Number(r.edge) === 1) for (const code of regionsOfPath(edgeCodes, r.path)) add(code, r.category, r.net);
          }
        }),
    );
  }
  await Promise.all(reads);
  // A category that nets to nothing is left out, as are the rows a compound left when it moved.
  return new Map([...net].map(([code, m]) => [code, [...m.entries()].filter(([, n]) => n !== 0n).map(([category, n]) => ({ category, net: n.toString() }))]));
}

/** Net movement of the owners' funds per category over one region's compounds. */
export async function movementsByCategory(ctx: Pick<RequestContext, 'ds'>, regionCode: string, from: Date, to: Date): Promise<{ category: string; net: string }[]> {
  return (await movementsByRegion(ctx.ds, [regionCode], from, to)).get(regionCode)!;
}

export interface FirmTotalRow {
  firmId: string;
  payouts: number;
  amountFen: number;
}

/** What `financeStats` answers before any figure is read; each figure is read for every region of the request at once. */
export interface FinanceStatsView {
  regionCode: string;
  from: Date;
  to: Date;
}

export interface CategoryTotal {
  category: string;
  amountFen: number;
}

export interface OverdueStatements {
  compoundId: string;
  periods: string[];
}

export interface UnauditedStatement {
  statementId: string;
  compoundId: string;
  period: string;
  status: AuditStatus;
}

/**
 * Aggregates for analysts over the compounds of a region: income, costs and spending of the
 * owners' funds by category; months overdue for a statement; published statements not yet fully
 * audited; incentive payouts per firm. Compound ids and sums only, never a person. Checks the
 * caller and the arguments; the figures are read by the fields, batched over every region the
 * request asks for (one alias each).
 */
export function financeStats(ctx: RequestContext, regionCode: string, fromText: string, toText: string): FinanceStatsView {
  requireRole(ctx.claims, Role.ANALYST, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  if (!regionLevel(regionCode)) throw badInput(`regionCode must be a 12-digit district, street or community code, got "${regionCode}"`, { argument: 'regionCode' });
  // An official of a district may look at any street or community inside it.
  if ((ctx.claims.role === Role.OFFICIAL || ctx.claims.role === Role.PARTY_ORGANISATION) && !(ctx.claims.regions ?? []).some((r) => regionWithin(regionCode, r))) {
    throw forbidden(`Region ${regionCode} is not inside your regions; ask for ${(ctx.claims.regions ?? []).join(', ') || 'a region you hold'} or a part of it`);
  }
  const window = statsWindow(fromText, toText, 5 * 366);
  if ('problem' in window) throw badInput(window.problem, { argument: 'to' });
  return { regionCode, from: window.from, to: window.toExclusive };
}

const periodKey = (v: FinanceStatsView) => `${v.from.toISOString()}/${v.to.toISOString()}`;

/** A batch of views answered per distinct period (one in practice), the regions of each together. */
async function perPeriod<T>(views: readonly FinanceStatsView[], answer: (codes: string[], from: Date, to: Date) => Promise<Map<string, T>>): Promise<T[]> {
  const groups = new Map<string, FinanceStatsView[]>();
  for (const v of views) groups.set(periodKey(v), [...(groups.get(periodKey(v)) ?? []), v]);
  const answers = new Map<string, Map<string, T>>();
  await Promise.all([...groups].map(async ([key, group]) => answers.set(key, await answer([...new Set(group.map((v) => v.regionCode))], group[0].from, group[0].to))));
  return views.map((v) => answers.get(periodKey(v))!.get(v.regionCode)!);
}

/** The compounds of every region asked, in one statement. */
function compoundsOf(ctx: RequestContext, view: FinanceStatsView): Promise<string[]> {
  return ctx.loaders
    .get<string, string[]>('FinanceStats.compounds', async (codes) => {
      const { where, params } = inRegions(codes);
      const rows = await ctx.ds.getRepository(CompoundScopeEntity).createQueryBuilder('s').select('s.compoundId', 'compoundId').addSelect('s.regionPath', 'path').where(where, params).getRawMany<{ compoundId: string; path: string }>();
      return codes.map((code) => rows.filter((r) => r.path.includes(code)).map((r) => r.compoundId));
    })
    .load(view.regionCode);
}

export const compoundCount = async (ctx: RequestContext, view: FinanceStatsView): Promise<number> => (await compoundsOf(ctx, view)).length;

export interface FundFigures {
  revenueByCategory: CategoryTotal[];
  costsByCategory: CategoryTotal[];
  spendingByCategory: CategoryTotal[];
}

/** Income, costs and spending of the owners' funds by category, batched over the request's regions. */
export function fundFigures(ctx: RequestContext, view: FinanceStatsView): Promise<FundFigures> {
  return ctx.loaders
    .get<FinanceStatsView, FundFigures>('FinanceStats.funds', (views) =>
      perPeriod(views, async (codes, from, to) => {
        const movements = await movementsByRegion(ctx.ds, codes, from, to);
        return new Map(codes.map((code) => [code, fundsOf(movements.get(code)!)] as const));
      }),
    )
    .load(view);
}

function fundsOf(movements: { category: string; net: string }[]): FundFigures {
  const out: FundFigures = { revenueByCategory: [], costsByCategory: [], spendingByCategory: [] };
  for (const m of [...movements].sort((a, b) => (a.category < b.category ? -1 : 1))) {
    // Owners' funds are credit-normal: income is the negated signed sum.
    const credit = -Number(m.net);
    if (m.category === 'OPENING_BALANCE' || credit === 0) continue;
    if (INCOME_CATEGORIES.has(m.category)) out.revenueByCategory.push({ category: m.category, amountFen: credit });
    else if (COST_CATEGORIES.has(m.category)) out.costsByCategory.push({ category: m.category, amountFen: -credit });
    else out.spendingByCategory.push({ category: m.category, amountFen: -credit });
  }
  return out;
}

/** Booked incentive payouts per firm, in firm id order, batched over the request's regions. */
export function incentivesByFirm(ctx: RequestContext, view: FinanceStatsView): Promise<FirmTotalRow[]> {
  return ctx.loaders
    .get<FinanceStatsView, FirmTotalRow[]>('FinanceStats.incentives', (views) =>
      perPeriod(views, async (codes, from, to) => {
        const { where, params } = inRegions(codes);
        const rows = await ctx.ds
          .getRepository(IncentivePayoutEntity)
          .createQueryBuilder('p')
          .innerJoin(CompoundScopeEntity, 's', 's.compoundId = p.compoundId')
          .select('s.regionPath', 'path')
          .addSelect('p.firmId', 'firmId')
          .addSelect('COUNT(*)', 'payouts')
          .addSelect('SUM(p.amountFen)', 'amountFen')
          .where(where, params)
          .andWhere('p.publishedAt >= :from AND p.publishedAt < :to', { from, to })
          .andWhere("p.outcome = 'BOOKED'")
          .groupBy('s.regionPath')
          .addGroupBy('p.firmId')
          .getRawMany<{ path: string; firmId: string; payouts: string | number; amountFen: string | number }>();
        const totals = new Map<string, Map<string, FirmTotalRow>>(codes.map((c) => [c, new Map()]));
        for (const r of rows) {
          for (const code of regionsOfPath(codes, r.path)) {
            const firms = totals.get(code)!;
            const t = firms.get(r.firmId) ?? { firmId: r.firmId, payouts: 0, amountFen: 0 };
            t.payouts += Number(r.payouts);
            t.amountFen += Number(r.amountFen);
            firms.set(r.firmId, t);
          }
        }
        return new Map([...totals].map(([code, firms]) => [code, [...firms.values()].sort((a, b) => (a.firmId < b.firmId ? -1 : a.firmId > b.firmId ? 1 : 0))]));
      }),
    )
    .load(view);
}

export interface StatementFigures {
  /** Compounds with months overdue, in compound id order. */
  overdue: OverdueStatements[];
  /** Published statements of the period not yet audited, in statement id order. */
  unaudited: UnauditedStatement[];
}

/**
 * Overdue and unaudited statements of every region asked: three statements for the whole request
 * (the statements overlapping the periods, their sign-offs, their findings), each joined to the
 * regions' compounds rather than listing them.
 */
export function statementFigures(ctx: RequestContext, view: FinanceStatsView): Promise<StatementFigures> {
  return ctx.loaders
    .get<FinanceStatsView, StatementFigures>('FinanceStats.statements', async (views) => {
      const codes = [...new Set(views.map((v) => v.regionCode))];
      const { where, params } = inRegions(codes);
      // Only statements overlapping some period asked can cover one of its months or lie inside
      // it. Their labels start with the year, so the years of the periods bound them, read from
      // the (compound, period) index alone.
      const firstYear = Math.min(...views.map((v) => v.from.getUTCFullYear()));
      const lastYear = Math.max(...views.map((v) => new Date(v.to.getTime() - 1).getUTCFullYear()));
      const overlapping = `${where} AND st.period >= :firstYear AND st.period < :afterYear`;
      const scoped = { ...params, firstYear: `${firstYear}-`, afterYear: `${lastYear + 1}-` };
      const [compounds, published, signOffs, findings] = await Promise.all([
        Promise.all(views.map((v) => compoundsOf(ctx, v))),
        ctx.ds
          .getRepository(StatementEntity)
          .createQueryBuilder('st')
          .innerJoin(CompoundScopeEntity, 's', 's.compoundId = st.compoundId')
          .select('st.id', 'id')
          .addSelect('st.compoundId', 'compoundId')
          .addSelect('st.period', 'period')
          .where(overlapping, scoped)
          .getRawMany<{ id: string; compoundId: string; period: string }>(),
        ctx.ds
          .getRepository(AuditSignOffEntity)
          .createQueryBuilder('o')
          .innerJoin(StatementEntity, 'st', 'st.id = o.statementId')
          .innerJoin(CompoundScopeEntity, 's', 's.compoundId = st.compoundId')
          .select('o.statementId', 'statementId')
          .addSelect('o.auditorRole', 'auditorRole')
          .where(overlapping, scoped)
          .getRawMany<{ statementId: string; auditorRole: AuditorRole }>(),
        ctx.ds
          .getRepository(AuditFindingEntity)
          .createQueryBuilder('f')
          .innerJoin(StatementEntity, 'st', 'st.id = f.statementId')
          .innerJoin(CompoundScopeEntity, 's', 's.compoundId = st.compoundId')
          .select('f.statementId', 'statementId')
          .addSelect('f.status', 'status')
          .where(overlapping, scoped)
          .getRawMany<{ statementId: string; status: string }>(),
      ]);
      // Grouped once: a city's year holds tens of thousands of statements and sign-offs.
      const byCompound = new Map<string, typeof published>();
      for (const s of published) {
        const list = byCompound.get(s.compoundId);
        if (list) list.push(s);
        else byCompound.set(s.compoundId, [s]);
      }
      const rolesOf = new Map<string, Set<AuditorRole>>();
      for (const o of signOffs) rolesOf.set(o.statementId, (rolesOf.get(o.statementId) ?? new Set()).add(o.auditorRole));
      const findingsOf = new Map<string, { open: number; all: number }>();
      for (const f of findings) {
        const n = findingsOf.get(f.statementId) ?? { open: 0, all: 0 };
        n.all += 1;
        if (f.status === 'OPEN') n.open += 1;
        findingsOf.set(f.statementId, n);
      }
      const now = new Date();
      return views.map((v, i) => statementsOfRegion(compounds[i], byCompound, rolesOf, findingsOf, v.from, v.to, now));
    })
    .load(view);
}

/**
 * Statement periods parsed once per label, as instants in milliseconds: a city's year holds tens
 * of thousands of statements and a dozen labels.
 */
function periodsByLabel(): (label: string) => { start: number; end: number } {
  const parsed = new Map<string, { start: number; end: number }>();
  return (label) => {
    let p = parsed.get(label);
    if (!p) {
      const { start, end } = parsePeriod(label);
      parsed.set(label, (p = { start: start.getTime(), end: end.getTime() }));
    }
    return p;
  };
}

function statementsOfRegion(
  compounds: string[],
  byCompound: Map<string, { id: string; compoundId: string; period: string }[]>,
  rolesOf: Map<string, Set<AuditorRole>>,
  findingsOf: Map<string, { open: number; all: number }>,
  from: Date,
  to: Date,
  now: Date,
): StatementFigures {
  const months = monthsWithin(from, to)
    .filter((p) => isOverdue(p, now))
    .map((m) => ({ label: m.label, start: m.start.getTime(), end: m.end.getTime() }));
  const [after, before] = [from.getTime(), to.getTime()];
  const overdue: OverdueStatements[] = [];
  const unaudited: UnauditedStatement[] = [];
  const periodOf = periodsByLabel();
  for (const compoundId of [...compounds].sort()) {
    const covered = new Set<string>();
    for (const s of byCompound.get(compoundId) ?? []) {
      const p = periodOf(s.period);
      // A quarter's statement covers its three months.
      for (const m of months) if (m.start >= p.start && m.end <= p.end) covered.add(m.label);
      if (p.start >= after && p.end <= before) {
        const f = findingsOf.get(s.id) ?? { open: 0, all: 0 };
        const status = auditStatus([...(rolesOf.get(s.id) ?? [])], f.open, f.all);
        if (status !== 'AUDITED') unaudited.push({ statementId: s.id, compoundId, period: s.period, status });
      }
    }
    const periods = months.filter((m) => !covered.has(m.label)).map((m) => m.label);
    if (periods.length) overdue.push({ compoundId, periods });
  }
  unaudited.sort((a, b) => (a.statementId < b.statementId ? -1 : 1));
  return { overdue, unaudited };
}

/** A page of a list already in id order: the dashboard shows counts of all and a page of the rows. */
export function pageOf<T>(ctx: Pick<RequestContext, 'config'>, rows: T[], idOf: (row: T) => string, args: PageArgs): Connection<T> {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  let start = 0;
  if (afterId) {
    const i = rows.findIndex((r) => idOf(r) > afterId);
    start = i < 0 ? rows.length : i;
  }
  const page = rows.slice(start, start + limit + 1).map((node) => ({ id: idOf(node), node }));
  const connection = toConnection(page, limit, start > 0);
  return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.node })) };
}

const STATUSES: AuditStatus[] = ['UNAUDITED', 'IN_AUDIT', 'FINDINGS_OPEN'];

export async function overdueStatements(ctx: RequestContext, view: FinanceStatsView, args: PageArgs) {
  const { overdue } = await statementFigures(ctx, view);
  return { totalCount: overdue.length, periods: overdue.reduce((n, o) => n + o.periods.length, 0), ...pageOf(ctx, overdue, (o) => o.compoundId, args) };
}

export async function unauditedStatements(ctx: RequestContext, view: FinanceStatsView, args: PageArgs) {
  const { unaudited } = await statementFigures(ctx, view);
  const counts = new Map<AuditStatus, number>();
  for (const s of unaudited) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  return {
    totalCount: unaudited.length,
    byStatus: STATUSES.filter((status) => counts.has(status)).map((status) => ({ status, count: counts.get(status)! })),
    ...pageOf(ctx, unaudited, (s) => s.statementId, args),
  };
}
