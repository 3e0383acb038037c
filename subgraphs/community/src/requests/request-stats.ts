import type { DataSource } from 'typeorm';
import type { RegionLevel } from '../regions/region.entity';
import { REQUEST_STATES, type RequestState } from './lifecycle';
import { nearestRank } from './percentiles';
import { ResidentRequestEntity } from './resident-request.entity';
import { RequestResolveHistogramEntity, RequestSummaryEntity } from '../stats/request-summary.entity';
import { bucketRange, monthOf, resolveBucket, SUMS } from '../stats/request-summary';

/**
 * Request figures of a region over a period, for analysts: counts, resolution times, on-time
 * share, satisfaction and escalations, overall and by category. Aggregates only: no person, no
 * request, no text leaves here.
 */
export interface ResolutionFigures {
  /** Requests resolved (now RESOLVED or CLOSED). */
  resolved: number;
  /** Median and 90th percentile seconds from submission to resolution (nearest rank); null when none resolved. */
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** Resolved within the category's SLA. */
  onTime: number;
  /** onTime / resolved, for display; null when none resolved. */
  onTimeShare: number | null;
  /** Closed with a satisfaction score. */
  rated: number;
  /** Mean score 1–5, two decimals, for display; null when none rated. */
  averageSatisfaction: number | null;
  /** Requests escalated at least once, the escalations counted, and those that reached the street. */
  escalated: number;
  escalations: number;
  reachedStreet: number;
}

export interface StateCount {
  state: RequestState;
  count: number;
}

export interface CategoryFigures {
  category: string;
  total: number;
  byState: StateCount[];
  resolution: ResolutionFigures;
}

export interface RequestFigures {
  regionCode: string;
  from: string;
  to: string;
  total: number;
  byState: StateCount[];
  byCategory: CategoryFigures[];
  resolution: ResolutionFigures;
}

const COLUMN: Record<RegionLevel, string> = { COMMUNITY: 'communityCode', STREET: 'streetCode', DISTRICT: 'districtCode' };

interface Sums {
  total: number;
  byState: Map<RequestState, number>;
  resolved: number;
  onTime: number;
  rated: number;
  satisfactionSum: number;
  escalated: number;
  escalations: number;
  reachedStreet: number;
  seconds: number[];
}

const emptySums = (): Sums => ({ total: 0, byState: new Map(), resolved: 0, onTime: 0, rated: 0, satisfactionSum: 0, escalated: 0, escalations: 0, reachedStreet: 0, seconds: [] });

const round2 = (x: number) => Math.round(x * 100) / 100;

interface Percentiles {
  median: number | null;
  p90: number | null;
}

function figuresOf(s: Sums, percentiles?: Percentiles): { total: number; byState: StateCount[]; resolution: ResolutionFigures } {
  const sorted = percentiles ? [] : [...s.seconds].sort((a, b) => a - b);
  return {
    total: s.total,
    byState: REQUEST_STATES.filter((st) => s.byState.has(st)).map((state) => ({ state, count: s.byState.get(state)! })),
    resolution: {
      resolved: s.resolved,
      medianSeconds: percentiles ? percentiles.median : nearestRank(sorted, 50),
      p90Seconds: percentiles ? percentiles.p90 : nearestRank(sorted, 90),
      onTime: s.onTime,
      onTimeShare: s.resolved ? round2(s.onTime / s.resolved) : null,
      rated: s.rated,
      averageSatisfaction: s.rated ? round2(s.satisfactionSum / s.rated) : null,
      escalated: s.escalated,
      escalations: s.escalations,
      reachedStreet: s.reachedStreet,
    },
  };
}

type GroupedRow = Record<string, string | number | null>;
type Interval = [Date, Date];

/** Whole UTC months inside [from, to), and the partial months before and after them. */
export function splitByMonth(from: Date, to: Date): { months: [string, string] | null; edges: Interval[] } {
  const first = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + (from.getTime() === Date.UTC(from.getUTCFullYear(), from.getUTCMonth()) ? 0 : 1)));
  const last = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth()));
  if (first.getTime() >= last.getTime()) return { months: null, edges: [[from, to]] };
  const edges: Interval[] = [];
  if (from.getTime() < first.getTime()) edges.push([from, first]);
  if (last.getTime() < to.getTime()) edges.push([last, to]);
  return { months: [monthOf(first), monthOf(last)], edges };
}

/** The raw rows' part of the figures: a grouped count and the resolution times, over some intervals. */
async function rawParts(ds: DataSource, column: string, code: string, intervals: Interval[]): Promise<{ grouped: GroupedRow[]; times: Array<{ category: string; seconds: string | number }> }> {
  if (!intervals.length) return { grouped: [], times: [] };
  const params: Record<string, unknown> = { code };
  const within = intervals
    .map(([a, b], i) => {
      params[`from${i}`] = a;
      params[`to${i}`] = b;
      return `(r.submittedAt >= :from${i} AND r.submittedAt < :to${i})`;
    })
    .join(' OR ');
  const where = `r.${column} = :code AND (${within})`;
  const repo = ds.getRepository(ResidentRequestEntity);
  const grouped: GroupedRow[] = await repo
    .createQueryBuilder('r')
    .select('r.category', 'category')
    .addSelect('r.state', 'state')
    .addSelect('COUNT(*)', 'total')
    .addSelect('COUNT(r.resolveSeconds)', 'resolved')
    .addSelect('SUM(CASE WHEN r.onTime = 1 THEN 1 ELSE 0 END)', 'onTime')
    .addSelect('COUNT(r.satisfaction)', 'rated')
    .addSelect('COALESCE(SUM(r.satisfaction), 0)', 'satisfactionSum')
    .addSelect('SUM(CASE WHEN r.escalations > 0 THEN 1 ELSE 0 END)', 'escalated')
    .addSelect('SUM(r.escalations)', 'escalations')
    .addSelect("SUM(CASE WHEN r.level = 'STREET' THEN 1 ELSE 0 END)", 'reachedStreet')
    .where(where, params)
    .groupBy('r.category')
    .addGroupBy('r.state')
    .getRawMany();
  const times: Array<{ category: string; seconds: string | number }> = await repo
    .createQueryBuilder('r')
    .select('r.category', 'category')
    .addSelect('r.resolveSeconds', 'seconds')
    .where(where, params)
    .andWhere('r.resolveSeconds IS NOT NULL')
    .getRawMany();
  return { grouped, times };
}

function accumulate(grouped: GroupedRow[]): { overall: Sums; byCategory: Map<string, Sums> } {
  const overall = emptySums();
  const byCategory = new Map<string, Sums>();
  for (const row of grouped) {
    const n = (k: string) => Number(row[k] ?? 0);
    const category = String(row.category);
    let mine = byCategory.get(category);
    if (!mine) byCategory.set(category, (mine = emptySums()));
    for (const s of [overall, mine]) {
      s.total += n('total');
      const state = row.state as RequestState;
      s.byState.set(state, (s.byState.get(state) ?? 0) + n('total'));
      s.resolved += n('resolved');
      s.onTime += n('onTime');
      s.rated += n('rated');
      s.satisfactionSum += n('satisfactionSum');
      s.escalated += n('escalated');
      s.escalations += n('escalations');
      s.reachedStreet += n('reachedStreet');
    }
  }
  return { overall, byCategory };
}

function assemble(region: { code: string }, from: Date, to: Date, overall: Sums, byCategory: Map<string, Sums>, percentiles?: Map<string, Percentiles>): RequestFigures {
  return {
    regionCode: region.code,
    from: from.toISOString(),
    to: to.toISOString(),
    ...figuresOf(overall, percentiles?.get(OVERALL)),
    byCategory: [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, s]) => ({ category, ...figuresOf(s, percentiles?.get(category)) })),
  };
}

const OVERALL = '';

/**
 * The figures from the requests themselves: two statements (a grouped count and a read of the
 * resolution times), reading every request of the region and period. The reference the
 * summaries are checked against, and what communities and periods shorter than a whole month use.
 */
export async function rawRequestFigures(ds: DataSource, region: { code: string; level: RegionLevel }, from: Date, to: Date): Promise<RequestFigures> {
  const { grouped, times } = await rawParts(ds, COLUMN[region.level], region.code, [[from, to]]);
  const { overall, byCategory } = accumulate(grouped);
  for (const t of times) {
    const seconds = Number(t.seconds);
    overall.seconds.push(seconds);
    byCategory.get(String(t.category))?.seconds.push(seconds);
  }
  return assemble(region, from, to, overall, byCategory);
}

/**
 * Request figures of a region over [from, to). For a street or district, whole UTC months come
 * from `request_summary` and `request_resolve_histogram`, the partial months at either end from
 * the requests; a community's few requests are read directly. The histogram says which bucket
 * holds each median and 90th percentile, and one statement reads the value at its rank inside
 * the bucket from the index. At most five statements, whatever the number of requests, and the
 * same answers as `rawRequestFigures` (docs/adr/0006-analyst-summaries.md).
 */
export async function requestFigures(ds: DataSource, region: { code: string; level: RegionLevel }, from: Date, to: Date): Promise<RequestFigures> {
  if (region.level === 'COMMUNITY' || !splitByMonth(from, to).months) return rawRequestFigures(ds, region, from, to);
  // A summary behind its requests (a bulk load not yet rebuilt) must not give a wrong percentile.
  return (await summaryRequestFigures(ds, region, from, to)) ?? rawRequestFigures(ds, region, from, to);
}

/** The figures with whole months from the summaries; null when they disagree with the requests. */
export async function summaryRequestFigures(ds: DataSource, region: { code: string; level: RegionLevel }, from: Date, to: Date): Promise<RequestFigures | null> {
  const { months, edges } = splitByMonth(from, to);
  if (!months || region.level === 'COMMUNITY') return null;
  const column = COLUMN[region.level];
  const summaryQuery = ds
    .getRepository(RequestSummaryEntity)
    .createQueryBuilder('s')
    .select('s.category', 'category')
    .addSelect('s.state', 'state')
    .where('s.regionCode = :code AND s.month >= :first AND s.month < :last', { code: region.code, first: months[0], last: months[1] })
    .groupBy('s.category')
    .addGroupBy('s.state');
  for (const k of SUMS) summaryQuery.addSelect(`SUM(s.${k})`, k);
  // A state every request of a group has left keeps its row at zero.
  const summary: GroupedRow[] = (await summaryQuery.getRawMany<GroupedRow>()).filter((r) => Number(r.total) !== 0);
  const histogramRows: Array<{ category: string; bucket: string | number; requests: string | number }> = await ds
    .getRepository(RequestResolveHistogramEntity)
    .createQueryBuilder('h')
    .select('h.category', 'category')
    .addSelect('h.bucket', 'bucket')
    .addSelect('SUM(h.requests)', 'requests')
    .where('h.regionCode = :code AND h.month >= :first AND h.month < :last', { code: region.code, first: months[0], last: months[1] })
    .groupBy('h.category')
    .addGroupBy('h.bucket')
    .getRawMany();
  const raw = await rawParts(ds, column, region.code, edges);
  const { overall, byCategory } = accumulate([...summary, ...raw.grouped]);

  // Histograms per category and overall, the partial months' requests added one by one.
  const histograms = new Map<string, Map<number, number>>();
  const count = (scope: string, bucket: number, n: number) => {
    let h = histograms.get(scope);
    if (!h) histograms.set(scope, (h = new Map()));
    h.set(bucket, (h.get(bucket) ?? 0) + n);
  };
  for (const row of histogramRows) {
    for (const scope of [OVERALL, String(row.category)]) count(scope, Number(row.bucket), Number(row.requests));
  }
  for (const t of raw.times) {
    for (const scope of [OVERALL, String(t.category)]) count(scope, resolveBucket(Number(t.seconds)), 1);
  }
  const resolvedIn = (scope: string) => (scope === OVERALL ? overall : byCategory.get(scope))?.resolved ?? 0;
  const targets: { scope: string; percent: 50 | 90; bucket: number; rank: number }[] = [];
  for (const [scope, h] of histograms) {
    const n = resolvedIn(scope);
    if (!n) continue;
    const buckets = [...h.entries()].filter(([, c]) => c > 0).sort(([a], [b]) => a - b);
    for (const percent of [50, 90] as const) {
      let rank = Math.floor((percent * n + 99) / 100);
      for (const [bucket, c] of buckets) {
        if (rank <= c) {
          targets.push({ scope, percent, bucket, rank });
          break;
        }
        rank -= c;
      }
    }
  }
  // One statement: per target, the value at its rank inside its bucket and how many the bucket
  // holds, both read from the region's resolution-time index without shipping the rows.
  const percentiles = new Map<string, Percentiles>();
  if (targets.length) {
    const params: Record<string, unknown> = { code: region.code, from, to };
    const parts = targets.map((t, i) => {
      const [low, high] = bucketRange(t.bucket);
      params[`low${i}`] = low;
      params[`high${i}`] = high;
      params[`category${i}`] = t.scope;
      const where = `r.${column} = :code AND r.resolveSeconds >= :low${i} AND r.resolveSeconds < :high${i} AND r.submittedAt >= :from AND r.submittedAt < :to${t.scope === OVERALL ? '' : ` AND r.category = :category${i}`}`;
      return `SELECT ${i} AS target, (SELECT r.resolveSeconds FROM resident_request r WHERE ${where} ORDER BY r.resolveSeconds LIMIT 1 OFFSET ${t.rank - 1}) AS seconds, (SELECT COUNT(*) FROM resident_request r WHERE ${where}) AS inBucket`;
    });
    const [sql, values] = ds.driver.escapeQueryWithParameters(parts.join(' UNION ALL '), params);
    const rows: Array<{ target: string | number; seconds: string | number | null; inBucket: string | number }> = await ds.query(sql, values);
    for (const row of rows) {
      const t = targets[Number(row.target)];
      // A summary behind its requests (a bulk load not yet rebuilt) must not give a wrong percentile.
      if (row.seconds === null || Number(row.inBucket) !== histograms.get(t.scope)!.get(t.bucket)) return null;
      const p = percentiles.get(t.scope) ?? { median: null, p90: null };
      if (t.percent === 50) p.median = Number(row.seconds);
      else p.p90 = Number(row.seconds);
      percentiles.set(t.scope, p);
    }
  }
  const scopes = [OVERALL, ...byCategory.keys()];
  if (scopes.some((scope) => resolvedIn(scope) > 0 && (percentiles.get(scope)?.median == null || percentiles.get(scope)?.p90 == null))) return null;
  return assemble(region, from, to, overall, byCategory, percentiles);
}
