import type { DataSource } from 'typeorm';
import { badInput, CompoundScopeEntity, splitByMonth, forbidden, pageWindow, regionLevel, regionWithin, requireRole, Role, statsWindow, toConnection, type Connection, type PageArgs, type RequestContext } from '@hub/platform';
import type { AuditStatus } from '../audits/audit-status';
import { StatementAuditEntity } from '../audits/statement-audit.entity';
import { IncentivePayoutEntity } from '../incentives/incentive-payout.entity';
import { PostingEntity } from '../ledger/posting.entity';
import { AccountEntity } from '../accounts/account.entity';
import { COST_CATEGORIES, INCOME_CATEGORIES } from '../statements/statement-content';
import { isOverdue, monthsWithin } from '../statements/period';
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

/** How many compounds each region asked holds: one statement, counted per scope path. */
export function compoundCount(ctx: RequestContext, view: FinanceStatsView): Promise<number> {
  return ctx.loaders
    .get<string, number>('FinanceStats.compounds', async (codes) => {
      const { where, params } = inRegions(codes);
      const rows = await ctx.ds
        .getRepository(CompoundScopeEntity)
        .createQueryBuilder('s')
        .select('s.regionPath', 'path')
        .addSelect('COUNT(*)', 'compounds')
        .where(where, params)
        .groupBy('s.regionPath')
        .getRawMany<{ path: string; compounds: string | number }>();
      return codes.map((code) => rows.reduce((n, r) => (r.path.includes(code) ? n + Number(r.compounds) : n), 0));
    })
    .load(view.regionCode);
}

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

/** The months and quarters whose whole span lies in [from, to): the statements inside the period. */
function periodsWithin(from: Date, to: Date): string[] {
  const months = monthsWithin(from, to).map((m) => m.label);
  const quarters = months.filter((m) => ['01', '04', '07', '10'].includes(m.slice(5))).map((m) => quarterOf(m));
  return [...months, ...quarters.filter((q) => months.includes(`${q.slice(0, 4)}-${String(Number(q.slice(6)) * 3).padStart(2, '0')}`))];
}

/** 2026-05 → 2026-Q2. */
const quarterOf = (month: string) => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;

/** A statement label's bit in its year's mask: months 0–11, quarters 12–15. */
const bitOf = (label: string) => (label.includes('Q') ? 1 << (11 + Number(label.slice(6))) : 1 << (Number(label.slice(5)) - 1));

const STATUSES: AuditStatus[] = ['UNAUDITED', 'IN_AUDIT', 'FINDINGS_OPEN'];

interface StatementFigures {
  /** Compounds with months overdue, in compound id order. */
  overdue: OverdueStatements[];
  /** Statements inside the period not yet audited, per status. */
  unaudited: Map<AuditStatus, number>;
}

/**
 * Overdue months and unaudited counts of every region asked: one statement per distinct period,
 * over `statement_audit` (a row per published statement). Each compound of the regions comes back
 * once, grouped by its primary key without a temporary table: per year of the period a bit mask
 * of the months and quarters it published (one statement per label, so summing the bits sets
 * them), and its statements inside the period per audit status.
 */
function statementFigures(ctx: RequestContext, view: FinanceStatsView): Promise<StatementFigures> {
  return ctx.loaders
    .get<FinanceStatsView, StatementFigures>('FinanceStats.statements', (views) =>
      perPeriod(views, async (codes, from, to) => {
        const due = monthsWithin(from, to)
          .filter((p) => isOverdue(p, new Date()))
          .map((m) => m.label);
        const inside = periodsWithin(from, to);
        const years = [...new Set([...due, ...inside].map((l) => l.slice(0, 4)))];
        const figures = new Map(codes.map((code) => [code, { overdue: [] as OverdueStatements[], unaudited: new Map<AuditStatus, number>() }]));
        if (!years.length) return figures;
        const { where, params } = inRegions(codes);
        const query = ctx.ds
          .getRepository(CompoundScopeEntity)
          .createQueryBuilder('s')
          .leftJoin(StatementAuditEntity, 'a', 'a.compoundId = s.compoundId AND a.period >= :firstYear AND a.period < :afterYear', { firstYear: `${years[0]}-`, afterYear: `${Number(years[years.length - 1]) + 1}-` })
          .select('s.compoundId', 'compoundId')
          .addSelect('MIN(s.regionPath)', 'path')
          .where(where, params)
          .groupBy('s.compoundId');
        const labels = [...new Set([...due, ...due.map(quarterOf)])];
        for (const year of years) {
          const cases = labels.filter((l) => l.startsWith(year)).map((l) => `WHEN '${l}' THEN ${bitOf(l)}`);
          if (cases.length) query.addSelect(`SUM(CASE a.period ${cases.join(' ')} ELSE 0 END)`, `y${year}`);
        }
        if (inside.length) {
          const within = `a.period IN (${inside.map((l) => `'${l}'`).join(', ')})`;
          STATUSES.forEach((status) => query.addSelect(`SUM(CASE WHEN a.status = '${status}' AND ${within} THEN 1 ELSE 0 END)`, status));
        }
        const rows = await query.getRawMany<Record<string, string | number | null>>();
        // A month counts as published by its own statement or its quarter's: its year's column and bits, worked out once.
        const dueBits = due.map((m) => ({ column: `y${m.slice(0, 4)}`, bits: bitOf(m) | bitOf(quarterOf(m)) }));
        for (const r of rows.sort((a, b) => (String(a.compoundId) < String(b.compoundId) ? -1 : 1))) {
          const mine = regionsOfPath(codes, String(r.path)).map((code) => figures.get(code)!);
          const periods = due.filter((_, i) => !(Number(r[dueBits[i].column] ?? 0) & dueBits[i].bits));
          for (const f of mine) {
            if (periods.length) f.overdue.push({ compoundId: String(r.compoundId), periods });
            for (const status of STATUSES) if (Number(r[status] ?? 0)) f.unaudited.set(status, (f.unaudited.get(status) ?? 0) + Number(r[status]));
          }
        }
        return figures;
      }),
    )
    .load(view);
}

/**
 * A page of each region's statements not yet audited, in statement id order: every page the
 * request asks for in one statement, each page a `LIMIT` read of its own.
 */
function unauditedPage(ctx: RequestContext, view: FinanceStatsView, limit: number, afterId: string | null): Promise<UnauditedStatement[]> {
  type Key = { view: FinanceStatsView; limit: number; afterId: string | null };
  return ctx.loaders
    .get<Key, UnauditedStatement[]>('FinanceStats.unauditedPage', async (keys) => {
      const params: Record<string, unknown> = {};
      const [audits, scopes] = [ctx.ds.getMetadata(StatementAuditEntity).tableName, ctx.ds.getMetadata(CompoundScopeEntity).tableName];
      const live = keys.map((k, i) => ({ k, i, periods: periodsWithin(k.view.from, k.view.to) })).filter(({ periods }) => periods.length);
      const pages = new Map<number, UnauditedStatement[]>();
      if (live.length) {
        const sql = live
          .map(({ k, i, periods }) => {
            Object.assign(params, { [`region${i}`]: `%${k.view.regionCode}%`, [`periods${i}`]: periods, [`after${i}`]: k.afterId ?? '' });
            return `SELECT * FROM (SELECT ${i} AS page, a.statementId AS statementId, a.compoundId AS compoundId, a.period AS period, a.status AS status
              FROM \`${audits}\` a INNER JOIN \`${scopes}\` s ON s.compoundId = a.compoundId
              WHERE s.regionPath LIKE :region${i} AND a.period IN (:...periods${i}) AND a.status <> 'AUDITED' AND a.statementId > :after${i}
              ORDER BY a.statementId LIMIT ${k.limit + 1}) p${i}`;
          })
          .join(' UNION ALL ');
        const rows: Array<UnauditedStatement & { page: string | number }> = await ctx.ds.query(...ctx.ds.driver.escapeQueryWithParameters(sql, params));
        for (const { page, ...row } of rows) pages.set(Number(page), [...(pages.get(Number(page)) ?? []), row]);
      }
      return keys.map((_, i) => (pages.get(i) ?? []).sort((a, b) => (a.statementId < b.statementId ? -1 : 1)));
      })
    .load({ view, limit, afterId });
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

export async function overdueStatements(ctx: RequestContext, view: FinanceStatsView, args: PageArgs) {
  const { overdue } = await statementFigures(ctx, view);
  return { totalCount: overdue.length, periods: overdue.reduce((n, o) => n + o.periods.length, 0), ...pageOf(ctx, overdue, (o) => o.compoundId, args) };
}

export async function unauditedStatements(ctx: RequestContext, view: FinanceStatsView, args: PageArgs) {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const [{ unaudited: counts }, rows] = await Promise.all([statementFigures(ctx, view), unauditedPage(ctx, view, limit, afterId)]);
  const connection = toConnection(
    rows.map((node) => ({ id: node.statementId, node })),
    limit,
    afterId !== null,
  );
  return {
    totalCount: [...counts.values()].reduce((n, c) => n + c, 0),
    byStatus: STATUSES.filter((status) => counts.has(status)).map((status) => ({ status, count: counts.get(status)! })),
    ...connection,
    edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.node })),
  };
}
