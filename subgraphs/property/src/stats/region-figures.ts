import type { DataSource } from 'typeorm';
import { isSqlite, splitByMonth, type Interval, type RegionLevel } from '@hub/platform';
import { PLATE_CLASSES, type PlateClass } from '../parking/parking.entities';
import type { RevenueByClass } from '../parking/parking.service';
import { complianceBasisPoints } from '../work-orders/sla';
import type { WorkOrderFigures } from '../work-orders/work-order-stats';

/** One region and period of a request, with the compounds `compound_scope` puts in the region. */
export interface FigureKey {
  regionCode: string;
  level: RegionLevel;
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Open orders are counted as of this instant. */
  asOf: Date;
  compoundIds: readonly string[];
}

export interface RegionFigures extends WorkOrderFigures {
  parking: { totalFen: number; fees: number; byClass: RevenueByClass[] };
}

const DAY = 86_400_000;
const OPEN = "('NEW', 'ASSIGNED', 'IN_PROGRESS')";

/** Streets and districts are summarised; a community's few orders and fees are read from the rows. */
function plan(key: FigureKey): { months: [string, string] | null; edges: Interval[] } {
  return key.level === 'COMMUNITY' ? { months: null, edges: [[key.from, key.to]] } : splitByMonth(key.from, key.to);
}

/** Keys asking the same thing of the rows or summaries share one branch of a statement. */
function groupBy<T>(items: T[], keyOf: (item: T) => string | null): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    if (k === null) continue;
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.values()];
}

/** SQLite keeps datetimes as UTC text, which its driver does not write from a Date for a raw query. */
const at = (ds: DataSource, d: Date): Date | string => (isSqlite(ds) ? d.toISOString().replace('T', ' ').replace('Z', '') : d);
const instantOf = (v: unknown): Date | null => {
  if (v == null) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
};
const n = (v: unknown) => Number(v ?? 0);
const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');

interface Branch {
  sql: string;
  params: unknown[];
}

/** One statement for all branches, each tagged with its number so the rows find their keys again. */
async function union(ds: DataSource, branches: Branch[]): Promise<Array<Record<string, unknown> & { g: number | string }>> {
  if (!branches.length) return [];
  return ds.query(
    branches.map((b) => b.sql).join(' UNION ALL '),
    branches.flatMap((b) => b.params),
  );
}

/**
 * The work-order and parking figures of several regions and periods at once, as the
 * `propertyStats` of one request asks them (the whole city is ten districts as aliases). Whole
 * months of streets and districts come from the summaries, partial months and communities from
 * the rows by index. A fixed number of statements whatever the number of regions: one per
 * figure from the summaries, one per figure from the rows, one for the backlog; keys asking
 * different periods become branches of the same statement.
 */
export async function regionFigures(ds: DataSource, keys: readonly FigureKey[]): Promise<RegionFigures[]> {
  const plans = keys.map(plan);
  const members = keys.map((k) => new Set(k.compoundIds));
  const counts = keys.map(() => new Map<string, { category: string; status: string; count: number }>());
  const sla = keys.map(() => new Map<string, { firmId: string | null; met: number; breached: number }>());
  const parking = keys.map(() => new Map<string, { fees: number; amountFen: number }>());
  const indexed = keys.map((k, i) => ({ k, i, p: plans[i] }));

  // Summaries: keys of the same months share a branch, grouped by region code.
  const bySummary = groupBy(
    indexed.filter((x) => x.p.months && x.k.compoundIds.length),
    (x) => x.p.months!.join('|'),
  );
  const summaryBranch = (table: string, columns: string, sums: string) =>
    bySummary.map((group, g): Branch => {
      const codes = [...new Set(group.map((x) => x.k.regionCode))];
      return {
        sql: `SELECT ${g} AS g, m.\`regionCode\` AS regionCode, ${columns}, ${sums} FROM \`${table}\` m WHERE m.\`regionCode\` IN (${marks(codes.length)}) AND m.\`month\` >= ? AND m.\`month\` < ? GROUP BY m.\`regionCode\`, ${columns.replace(/ AS \w+/g, '')}`,
        params: [...codes, ...group[0].p.months!],
      };
    });
  const summaryKeys = (row: { g: number | string; regionCode?: unknown }) => bySummary[Number(row.g)].filter((x) => x.k.regionCode === row.regionCode).map((x) => x.i);

  // Rows: keys of the same partial periods share a branch over the union of their compounds.
  const byRows = groupBy(
    indexed.filter((x) => x.p.edges.length && x.k.compoundIds.length),
    (x) => x.p.edges.map(([a, b]) => `${a.toISOString()}/${b.toISOString()}`).join('|'),
  );
  const rowBranch = (table: string, alias: string, time: string, columns: string, sums: string, where = '') =>
    byRows.map((group, g): Branch => {
      const ids = [...new Set(group.flatMap((x) => x.k.compoundIds))];
      const edges = group[0].p.edges;
      return {
        sql: `SELECT ${g} AS g, ${alias}.\`compoundId\` AS compoundId, ${columns}, ${sums} FROM \`${table}\` ${alias}
          WHERE ${alias}.\`compoundId\` IN (${marks(ids.length)})${where} AND (${edges.map(() => `(${alias}.\`${time}\` >= ? AND ${alias}.\`${time}\` < ?)`).join(' OR ')})
          GROUP BY ${alias}.\`compoundId\`, ${columns.replace(/ AS \w+/g, '')}`,
        params: [...ids, ...edges.flatMap(([a, b]) => [at(ds, a), at(ds, b)])],
      };
    });
  const rowKeys = (row: { g: number | string; compoundId?: unknown }) => byRows[Number(row.g)].filter((x) => members[x.i].has(String(row.compoundId))).map((x) => x.i);

  const addCount = (i: number, category: string, status: string, count: number) => {
    const key = `${category}\u0000${status}`;
    const c = counts[i].get(key) ?? { category, status, count: 0 };
    c.count += count;
    counts[i].set(key, c);
  };
  const addSla = (i: number, firmId: string | null, met: number, breached: number) => {
    const key = firmId ?? '';
    const s = sla[i].get(key) ?? { firmId, met: 0, breached: 0 };
    s.met += met;
    s.breached += breached;
    sla[i].set(key, s);
  };
  const addFees = (i: number, plateClass: string, fees: number, amountFen: number) => {
    const p = parking[i].get(plateClass) ?? { fees: 0, amountFen: 0 };
    p.fees += fees;
    p.amountFen += amountFen;
    parking[i].set(plateClass, p);
  };

  // Backlog: open orders only, read from IDX_work_order_status_created; keys of the same instant share a branch.
  const byAsOf = groupBy(
    indexed.filter((x) => x.k.compoundIds.length),
    (x) => x.k.asOf.toISOString(),
  );
  const backlogBranches = byAsOf.map((group, g): Branch => {
    const ids = [...new Set(group.flatMap((x) => x.k.compoundIds))];
    const asOf = group[0].k.asOf;
    const ago = (days: number) => at(ds, new Date(asOf.getTime() - days * DAY));
    return {
      sql: `SELECT ${g} AS g, w.\`compoundId\` AS compoundId, COUNT(*) AS openOrders, MIN(w.\`createdAt\`) AS oldest,
          SUM(CASE WHEN w.\`createdAt\` > ? THEN 1 ELSE 0 END) AS d0,
          SUM(CASE WHEN w.\`createdAt\` <= ? AND w.\`createdAt\` > ? THEN 1 ELSE 0 END) AS d1,
          SUM(CASE WHEN w.\`createdAt\` <= ? AND w.\`createdAt\` > ? THEN 1 ELSE 0 END) AS d3,
          SUM(CASE WHEN w.\`createdAt\` <= ? THEN 1 ELSE 0 END) AS d7
        FROM \`work_order\` w WHERE w.\`compoundId\` IN (${marks(ids.length)}) AND w.\`status\` IN ${OPEN} AND w.\`createdAt\` <= ?
        GROUP BY w.\`compoundId\``,
      params: [ago(1), ago(1), ago(3), ago(3), ago(7), ago(7), ...ids, at(ds, asOf)],
    };
  });

  // The statements do not depend on each other: they run at once, on as many connections as the pool lends.
  const [orderSums, orderRows, slaSums, slaRows, feeSums, feeRows, backlogRows] = await Promise.all([
    union(ds, summaryBranch('work_order_summary', 'm.`category` AS category, m.`status` AS status', 'SUM(m.`orders`) AS n')),
    union(ds, rowBranch('work_order', 'w', 'createdAt', 'w.`category` AS category, w.`status` AS status', 'COUNT(*) AS n')),
    union(ds, summaryBranch('work_order_sla_summary', 'm.`firmId` AS firmId', 'SUM(m.`met`) AS met, SUM(m.`breached`) AS breached')),
    union(
      ds,
      rowBranch(
        'work_order',
        'w',
        'completedAt',
        'w.`firmId` AS firmId',
        'SUM(CASE WHEN w.`completedAt` <= w.`dueAt` THEN 1 ELSE 0 END) AS met, SUM(CASE WHEN w.`completedAt` > w.`dueAt` THEN 1 ELSE 0 END) AS breached',
        " AND w.`status` = 'COMPLETED'",
      ),
    ),
    union(ds, summaryBranch('parking_fee_summary', 'm.`plateClass` AS plateClass', 'SUM(m.`fees`) AS fees, SUM(m.`amountFen`) AS amountFen')),
    union(ds, rowBranch('parking_fee', 'f', 'collectedAt', 'f.`plateClass` AS plateClass', 'COUNT(*) AS fees, SUM(f.`amountFen`) AS amountFen')),
    union(ds, backlogBranches),
  ]);
  for (const r of orderSums) for (const i of summaryKeys(r)) addCount(i, String(r.category), String(r.status), n(r.n));
  for (const r of orderRows) for (const i of rowKeys(r)) addCount(i, String(r.category), String(r.status), n(r.n));
  for (const r of slaSums) for (const i of summaryKeys(r)) addSla(i, r.firmId ? String(r.firmId) : null, n(r.met), n(r.breached));
  for (const r of slaRows) for (const i of rowKeys(r)) addSla(i, r.firmId ? String(r.firmId) : null, n(r.met), n(r.breached));
  for (const r of feeSums) for (const i of summaryKeys(r)) addFees(i, String(r.plateClass), n(r.fees), n(r.amountFen));
  for (const r of feeRows) for (const i of rowKeys(r)) addFees(i, String(r.plateClass), n(r.fees), n(r.amountFen));

  const backlog = keys.map(() => ({ open: 0, oldest: null as Date | null, underOneDay: 0, oneToThreeDays: 0, threeToSevenDays: 0, overSevenDays: 0 }));
  for (const r of backlogRows) {
    for (const x of byAsOf[Number(r.g)]) {
      if (!members[x.i].has(String(r.compoundId))) continue;
      const b = backlog[x.i];
      b.open += n(r.openOrders);
      const oldest = instantOf(r.oldest);
      if (oldest && (!b.oldest || oldest.getTime() < b.oldest.getTime())) b.oldest = oldest;
      b.underOneDay += n(r.d0);
      b.oneToThreeDays += n(r.d1);
      b.threeToSevenDays += n(r.d3);
      b.overSevenDays += n(r.d7);
    }
  }

  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return keys.map((k, i) => {
    const byClass = PLATE_CLASSES.map((plateClass: PlateClass) => ({ plateClass, fees: parking[i].get(plateClass)?.fees ?? 0, amountFen: parking[i].get(plateClass)?.amountFen ?? 0 }));
    const { oldest, ...b } = backlog[i];
    return {
      byCategoryAndStatus: [...counts[i].values()].filter((c) => c.count !== 0).sort((a, b) => order(a.category, b.category) || order(a.status, b.status)),
      slaByFirm: [...sla[i].values()]
        .filter((s) => s.met !== 0 || s.breached !== 0)
        .sort((a, b) => order(a.firmId ?? '', b.firmId ?? ''))
        .map((s) => ({ ...s, complianceBasisPoints: complianceBasisPoints(s.met, s.breached) })),
      backlog: { ...b, oldestAgeHours: oldest ? Math.floor((k.asOf.getTime() - oldest.getTime()) / 3_600_000) : null },
      // a region without compounds answers no classes, as parkingRevenueFigures does
      parking: k.compoundIds.length ? { totalFen: byClass.reduce((s, c) => s + c.amountFen, 0), fees: byClass.reduce((s, c) => s + c.fees, 0), byClass } : { totalFen: 0, fees: 0, byClass: [] },
    };
  });
}
