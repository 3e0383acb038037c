import type { DataSource } from 'typeorm';
import type { RegionLevel } from '../regions/region.entity';
import { REQUEST_STATES, type RequestState } from './lifecycle';
import { nearestRank } from './percentiles';
import { ResidentRequestEntity } from './resident-request.entity';

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

function figuresOf(s: Sums): { total: number; byState: StateCount[]; resolution: ResolutionFigures } {
  const sorted = [...s.seconds].sort((a, b) => a - b);
  return {
    total: s.total,
    byState: REQUEST_STATES.filter((st) => s.byState.has(st)).map((state) => ({ state, count: s.byState.get(state)! })),
    resolution: {
      resolved: s.resolved,
      medianSeconds: nearestRank(sorted, 50),
      p90Seconds: nearestRank(sorted, 90),
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

/**
 * Two statements whatever the number of requests: one grouped count by category and state, one
 * read of the resolution times (integers only) for the percentiles. Requests submitted in
 * [from, to) under the region count.
 */
export async function requestFigures(ds: DataSource, region: { code: string; level: RegionLevel }, from: Date, to: Date): Promise<RequestFigures> {
  const column = COLUMN[region.level];
  const where = `r.${column} = :code AND r.submittedAt >= :from AND r.submittedAt < :to`;
  const params = { code: region.code, from, to };
  const repo = ds.getRepository(ResidentRequestEntity);
  const grouped: Array<Record<string, string | number | null>> = await repo
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

  const overall = emptySums();
  const byCategory = new Map<string, Sums>();
  const sumsOf = (category: string) => {
    let s = byCategory.get(category);
    if (!s) byCategory.set(category, (s = emptySums()));
    return s;
  };
  for (const row of grouped) {
    const n = (k: string) => Number(row[k] ?? 0);
    for (const s of [overall, sumsOf(String(row.category))]) {
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
  for (const t of times) {
    const seconds = Number(t.seconds);
    overall.seconds.push(seconds);
    sumsOf(String(t.category)).seconds.push(seconds);
  }
  return {
    regionCode: region.code,
    from: from.toISOString(),
    to: to.toISOString(),
    ...figuresOf(overall),
    byCategory: [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, s]) => ({ category, ...figuresOf(s) })),
  };
}
