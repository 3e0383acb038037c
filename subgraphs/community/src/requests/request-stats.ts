import type { DataSource } from 'typeorm';
import { splitByMonth, type Interval } from '@hub/platform';
import type { RegionLevel } from '../regions/region.entity';
import { REQUEST_STATES, type RequestState } from './lifecycle';
import { nearestRank } from './percentiles';
import { ResidentRequestEntity } from './resident-request.entity';
import { RequestResolveHistogramEntity, RequestResolveYearHistogramEntity, RequestSummaryEntity } from '../stats/request-summary.entity';
import { bucketRange, resolveBucket, SUMS } from '../stats/request-summary';

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


type Region = { code: string; level: RegionLevel };

/** Requests to read from the rows: the regions of one level and the intervals read for each of them. */
interface RawPart {
  level: RegionLevel;
  codes: string[];
  intervals: Interval[];
}

type TimeRow = { region: string; category: string; seconds: string | number };

const SUMMED_COLUMNS = `COUNT(*) AS total, COUNT(r.\`resolveSeconds\`) AS resolved, SUM(CASE WHEN r.\`onTime\` = 1 THEN 1 ELSE 0 END) AS onTime,
  COUNT(r.\`satisfaction\`) AS rated, COALESCE(SUM(r.\`satisfaction\`), 0) AS satisfactionSum, SUM(CASE WHEN r.\`escalations\` > 0 THEN 1 ELSE 0 END) AS escalated,
  SUM(r.\`escalations\`) AS escalations, SUM(CASE WHEN r.\`level\` = 'STREET' THEN 1 ELSE 0 END) AS reachedStreet`;

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/**
 * The raw rows' part of the figures for many regions at once: a grouped count and the resolution
 * times, two statements whatever the number of regions and levels (one SELECT per level, joined
 * by UNION ALL, each read from its region-and-time index).
 */
async function rawParts(ds: DataSource, parts: RawPart[]): Promise<{ grouped: Map<string, GroupedRow[]>; times: Map<string, TimeRow[]> }> {
  const grouped = new Map<string, GroupedRow[]>();
  const times = new Map<string, TimeRow[]>();
  const live = parts.filter((p) => p.codes.length && p.intervals.length);
  if (!live.length) return { grouped, times };
  const table = ds.getMetadata(ResidentRequestEntity).tableName;
  const params: Record<string, unknown> = {};
  const wheres = live.map((p, i) => {
    params[`codes${i}`] = p.codes;
    const within = p.intervals
      .map(([a, b], j) => {
        params[`from${i}_${j}`] = a;
        params[`to${i}_${j}`] = b;
        return `(r.\`submittedAt\` >= :from${i}_${j} AND r.\`submittedAt\` < :to${i}_${j})`;
      })
      .join(' OR ');
    return { column: COLUMN[p.level], where: `r.\`${COLUMN[p.level]}\` IN (:...codes${i}) AND (${within})` };
  });
  const groupedSql = wheres
    .map(({ column, where }) => `SELECT r.\`${column}\` AS region, r.\`category\` AS category, r.\`state\` AS state, ${SUMMED_COLUMNS} FROM \`${table}\` r WHERE ${where} GROUP BY r.\`${column}\`, r.\`category\`, r.\`state\``)
    .join(' UNION ALL ');
  const timesSql = wheres
    .map(({ column, where }) => `SELECT r.\`${column}\` AS region, r.\`category\` AS category, r.\`resolveSeconds\` AS seconds FROM \`${table}\` r WHERE ${where} AND r.\`resolveSeconds\` IS NOT NULL`)
    .join(' UNION ALL ');
  const [groupedRows, timeRows] = await Promise.all([
    ds.query(...ds.driver.escapeQueryWithParameters(groupedSql, params)) as Promise<GroupedRow[]>,
    ds.query(...ds.driver.escapeQueryWithParameters(timesSql, params)) as Promise<TimeRow[]>,
  ]);
  for (const row of groupedRows) push(grouped, String(row.region), row);
  for (const row of timeRows) push(times, String(row.region), row);
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

const LEVELS: RegionLevel[] = ['DISTRICT', 'STREET', 'COMMUNITY'];

/** Distinct codes of the regions of one level. */
const codesOf = (regions: readonly Region[], level: RegionLevel) => [...new Set(regions.filter((r) => r.level === level).map((r) => r.code))];

/**
 * How many statements of one figure the database may run side by side for a request: the target
 * machine has two cores, and a request's other statements are short next to the heaviest ones.
 */
export const LANES = 2;

/** Items in at most LANES groups of about equal weight, each keeping the items' order. */
export function lanes<T>(items: readonly T[], weight: (item: T) => number): T[][] {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  const out: T[][] = [[]];
  let filled = 0;
  for (const item of items) {
    // the next lane starts where this item would take the current one further past its share than it leaves it short
    if (out.length < LANES && out[out.length - 1].length && filled + weight(item) / 2 > (total * out.length) / LANES) out.push([]);
    out[out.length - 1].push(item);
    filled += weight(item);
  }
  return out.filter((lane) => lane.length);
}

/**
 * The whole UTC years among months [first, last) (YYYY-MM, last excluded), and the ranges of
 * months around them, as [first, last) pairs.
 */
export function yearsWithin(first: string, last: string): { years: string[]; around: Array<[string, string]> } {
  const years: string[] = [];
  for (let y = Number(first.slice(0, 4)); `${y + 1}-01` <= last; y++) if (`${y}-01` >= first) years.push(String(y));
  if (!years.length) return { years, around: first < last ? [[first, last]] : [] };
  const around: Array<[string, string]> = [];
  if (first < `${years[0]}-01`) around.push([first, `${years[0]}-01`]);
  const after = `${Number(years[years.length - 1]) + 1}-01`;
  if (after < last) around.push([after, last]);
  return { years, around };
}

/** A percentile to find: which region and scope, and where its rank falls in the histogram. */
interface Target {
  region: Region;
  scope: string;
  percent: 50 | 90;
  bucket: number;
  rank: number;
}

/**
 * The figures of many regions over one period in a fixed number of statements, whatever the
 * number of regions: with `useSummaries`, streets and districts read whole months from the
 * summaries (one grouped pass over `request_summary`, and over the histogram one for the whole
 * years, from `request_resolve_year_histogram`, and one for the other months, GROUP BY region),
 * everything else from the rows (two statements for all regions), and one statement
 * finds every percentile of every region. A region whose summaries disagree with its requests
 * answers null.
 */
async function figuresOfRegions(ds: DataSource, regions: readonly Region[], from: Date, to: Date, useSummaries: boolean): Promise<Map<string, RequestFigures | null>> {
  const { months, edges } = splitByMonth(from, to);
  const summarised = (level: RegionLevel) => useSummaries && months !== null && level !== 'COMMUNITY';
  const parts: RawPart[] = LEVELS.map((level) => ({ level, codes: codesOf(regions, level), intervals: summarised(level) ? edges : [[from, to] as Interval] }));
  const summaryCodes = LEVELS.filter(summarised).flatMap((level) => codesOf(regions, level));

  const readSummaries = async () => {
    if (!summaryCodes.length) return { summary: [] as GroupedRow[], histogram: [] as GroupedRow[] };
    const where = 's.regionCode IN (:...codes) AND s.month >= :first AND s.month < :last';
    const params = { codes: summaryCodes, first: months![0], last: months![1] };
    const summaryQuery = ds
      .getRepository(RequestSummaryEntity)
      .createQueryBuilder('s')
      .select('s.regionCode', 'region')
      .addSelect('s.category', 'category')
      .addSelect('s.state', 'state')
      .where(where, params)
      .groupBy('s.regionCode')
      .addGroupBy('s.category')
      .addGroupBy('s.state');
    for (const k of SUMS) summaryQuery.addSelect(`SUM(s.${k})`, k);
    // Whole years from the yearly histogram, the months around them from the monthly one.
    const { years, around } = yearsWithin(months![0], months![1]);
    const histogramRows = (entity: typeof RequestResolveHistogramEntity | typeof RequestResolveYearHistogramEntity, periods: string, periodParams: Record<string, unknown>) =>
      ds
        .getRepository(entity)
        .createQueryBuilder('s')
        .select('s.regionCode', 'region')
        .addSelect('s.category', 'category')
        .addSelect('s.bucket', 'bucket')
        .addSelect('SUM(s.requests)', 'requests')
        .where(`s.regionCode IN (:...codes) AND (${periods})`, { codes: summaryCodes, ...periodParams })
        .groupBy('s.regionCode')
        .addGroupBy('s.category')
        .addGroupBy('s.bucket')
        .getRawMany<GroupedRow>();
    const monthly: Record<string, unknown> = {};
    const ranges = around.map(([first, last], i) => {
      monthly[`first${i}`] = first;
      monthly[`last${i}`] = last;
      return `s.month >= :first${i} AND s.month < :last${i}`;
    });
    const [summary, ofYears, ofMonths] = await Promise.all([
      summaryQuery.getRawMany<GroupedRow>(),
      years.length ? histogramRows(RequestResolveYearHistogramEntity, 's.year IN (:...years)', { years }) : [],
      ranges.length ? histogramRows(RequestResolveHistogramEntity, ranges.join(' OR '), monthly) : [],
    ]);
    // A region's buckets from both add up where they are counted.
    const histogram = [...ofYears, ...ofMonths];
    return { summary, histogram };
  };
  const [{ summary, histogram }, raw] = await Promise.all([readSummaries(), rawParts(ds, parts)]);
  const summaryOf = new Map<string, GroupedRow[]>();
  // A state every request of a group has left keeps its row at zero.
  for (const row of summary) if (Number(row.total) !== 0) push(summaryOf, String(row.region), row);
  const histogramOf = new Map<string, GroupedRow[]>();
  for (const row of histogram) push(histogramOf, String(row.region), row);

  const out = new Map<string, RequestFigures | null>();
  const pending: Array<{ region: Region; overall: Sums; byCategory: Map<string, Sums>; histograms: Map<string, Map<number, number>>; percentiles: Map<string, Percentiles> }> = [];
  const targets: Target[] = [];
  const unique = [...new Map(regions.map((r) => [r.code, r])).values()];
  for (const region of unique) {
    const { overall, byCategory } = accumulate([...(summaryOf.get(region.code) ?? []), ...(raw.grouped.get(region.code) ?? [])]);
    const times = raw.times.get(region.code) ?? [];
    if (!summarised(region.level)) {
      for (const t of times) {
        const seconds = Number(t.seconds);
        overall.seconds.push(seconds);
        byCategory.get(String(t.category))?.seconds.push(seconds);
      }
      out.set(region.code, assemble(region, from, to, overall, byCategory));
      continue;
    }
    // Histograms per category and overall, the partial months' requests added one by one.
    const histograms = new Map<string, Map<number, number>>();
    const count = (scope: string, bucket: number, n: number) => {
      let h = histograms.get(scope);
      if (!h) histograms.set(scope, (h = new Map()));
      h.set(bucket, (h.get(bucket) ?? 0) + n);
    };
    for (const row of histogramOf.get(region.code) ?? []) {
      for (const scope of [OVERALL, String(row.category)]) count(scope, Number(row.bucket), Number(row.requests));
    }
    for (const t of times) {
      for (const scope of [OVERALL, String(t.category)]) count(scope, resolveBucket(Number(t.seconds)), 1);
    }
    const resolvedIn = (scope: string) => (scope === OVERALL ? overall : byCategory.get(scope))?.resolved ?? 0;
    for (const [scope, h] of histograms) {
      const n = resolvedIn(scope);
      if (!n) continue;
      const buckets = [...h.entries()].filter(([, c]) => c > 0).sort(([a], [b]) => a - b);
      for (const percent of [50, 90] as const) {
        let rank = Math.floor((percent * n + 99) / 100);
        for (const [bucket, c] of buckets) {
          if (rank <= c) {
            targets.push({ region, scope, percent, bucket, rank });
            break;
          }
          rank -= c;
        }
      }
    }
    pending.push({ region, overall, byCategory, histograms, percentiles: new Map() });
  }

  // One statement: per target, the value at its rank inside its bucket and how many the bucket
  // holds, both read from the region's resolution-time index without shipping the rows.
  const wrong = new Set<string>();
  if (targets.length) {
    const table = ds.getMetadata(ResidentRequestEntity).tableName;
    const probe = async (lane: number[]) => {
      const params: Record<string, unknown> = { from, to };
      const sql = lane
        .map((i) => {
          const t = targets[i];
          const [low, high] = bucketRange(t.bucket);
          params[`code${i}`] = t.region.code;
          params[`low${i}`] = low;
          params[`high${i}`] = high;
          params[`category${i}`] = t.scope;
          const where = `r.\`${COLUMN[t.region.level]}\` = :code${i} AND r.\`resolveSeconds\` >= :low${i} AND r.\`resolveSeconds\` < :high${i} AND r.\`submittedAt\` >= :from AND r.\`submittedAt\` < :to${t.scope === OVERALL ? '' : ` AND r.\`category\` = :category${i}`}`;
          return `SELECT ${i} AS target, (SELECT r.\`resolveSeconds\` FROM \`${table}\` r WHERE ${where} ORDER BY r.\`resolveSeconds\` LIMIT 1 OFFSET ${t.rank - 1}) AS seconds, (SELECT COUNT(*) FROM \`${table}\` r WHERE ${where}) AS inBucket`;
        })
        .join(' UNION ALL ');
      return ds.query(...ds.driver.escapeQueryWithParameters(sql, params)) as Promise<Array<{ target: string | number; seconds: string | number | null; inBucket: string | number }>>;
    };
    // Each target scans its bucket's rows in the index, so the work grows with the regions asked:
    // it is cut into at most LANES statements of about equal work, which the database runs side by side.
    const byWork = lanes(
      targets.map((_, i) => i),
      (i) => pending.find((p) => p.region.code === targets[i].region.code)!.histograms.get(targets[i].scope)!.get(targets[i].bucket)!,
    );
    const rows = (await Promise.all(byWork.map(probe))).flat();
    const byRegion = new Map(pending.map((p) => [p.region.code, p]));
    for (const row of rows) {
      const t = targets[Number(row.target)];
      const p = byRegion.get(t.region.code)!;
      // A summary behind its requests (a bulk load not yet rebuilt) must not give a wrong percentile.
      if (row.seconds === null || Number(row.inBucket) !== p.histograms.get(t.scope)!.get(t.bucket)) {
        wrong.add(t.region.code);
        continue;
      }
      const value = p.percentiles.get(t.scope) ?? { median: null, p90: null };
      if (t.percent === 50) value.median = Number(row.seconds);
      else value.p90 = Number(row.seconds);
      p.percentiles.set(t.scope, value);
    }
  }
  for (const { region, overall, byCategory, percentiles } of pending) {
    const resolvedIn = (scope: string) => (scope === OVERALL ? overall : byCategory.get(scope))?.resolved ?? 0;
    const scopes = [OVERALL, ...byCategory.keys()];
    const complete = scopes.every((scope) => resolvedIn(scope) === 0 || (percentiles.get(scope)?.median != null && percentiles.get(scope)?.p90 != null));
    out.set(region.code, wrong.has(region.code) || !complete ? null : assemble(region, from, to, overall, byCategory, percentiles));
  }
  return out;
}

/**
 * The figures from the requests themselves: two statements (a grouped count and a read of the
 * resolution times), reading every request of the region and period. The reference the
 * summaries are checked against, and what communities and periods shorter than a whole month use.
 */
export async function rawRequestFigures(ds: DataSource, region: Region, from: Date, to: Date): Promise<RequestFigures> {
  return (await rawRequestFiguresMany(ds, [region], from, to))[0];
}

/** `rawRequestFigures` of many regions over one period: the same two statements for all of them. */
export async function rawRequestFiguresMany(ds: DataSource, regions: readonly Region[], from: Date, to: Date): Promise<RequestFigures[]> {
  const figures = await figuresOfRegions(ds, regions, from, to, false);
  return regions.map((r) => figures.get(r.code)!);
}

/**
 * Request figures of a region over [from, to). For a street or district, whole UTC months come
 * from `request_summary` and `request_resolve_histogram`, the partial months at either end from
 * the requests; a community's few requests are read directly. The histogram says which bucket
 * holds each median and 90th percentile, and one statement reads the value at its rank inside
 * the bucket from the index. At most seven statements, whatever the number of requests, and the
 * same answers as `rawRequestFigures` (docs/adr/0006-analyst-summaries.md).
 */
export async function requestFigures(ds: DataSource, region: Region, from: Date, to: Date): Promise<RequestFigures> {
  return (await requestFiguresMany(ds, [region], from, to))[0];
}

/**
 * `requestFigures` of many regions (of any levels) over one period, in the same seven statements
 * at most, whatever the number of regions: what one request asking for several regions at once
 * (one alias each) costs. Regions whose summaries disagree with their requests are answered from
 * the requests, in two more statements.
 */
export async function requestFiguresMany(ds: DataSource, regions: readonly Region[], from: Date, to: Date): Promise<RequestFigures[]> {
  const figures = await figuresOfRegions(ds, regions, from, to, true);
  // A summary behind its requests (a bulk load not yet rebuilt) must not give a wrong percentile.
  const behind = regions.filter((r) => figures.get(r.code) === null);
  if (behind.length) for (const f of await rawRequestFiguresMany(ds, behind, from, to)) figures.set(f.regionCode, f);
  return regions.map((r) => figures.get(r.code)!);
}

/** The figures with whole months from the summaries; null when they disagree with the requests. */
export async function summaryRequestFigures(ds: DataSource, region: Region, from: Date, to: Date): Promise<RequestFigures | null> {
  if (!splitByMonth(from, to).months || region.level === 'COMMUNITY') return null;
  return (await figuresOfRegions(ds, [region], from, to, true)).get(region.code) ?? null;
}
