import type { DataSource, EntityManager } from 'typeorm';
import { addToSummary, monthOf, monthSql, transaction } from '@hub/platform';
import type { ResidentRequestEntity } from '../requests/resident-request.entity';

/**
 * Keeps `request_summary`, `request_resolve_histogram` and its yearly sums in step with `resident_request`: every
 * write to a request adds its new contribution and takes back its old one, in the writer's
 * transaction. See docs/adr/0006-analyst-summaries.md.
 */

type Row = Pick<
  ResidentRequestEntity,
  'streetCode' | 'districtCode' | 'submittedAt' | 'category' | 'state' | 'level' | 'resolveSeconds' | 'onTime' | 'satisfaction' | 'escalations'
>;

/**
 * Streets and districts only: a community has few enough requests a year that its figures are
 * read from the requests, and per community the summaries would hold about a row per request.
 */
export const SUMMARISED_LEVELS = ['streetCode', 'districtCode'] as const;

export const SUMS = ['total', 'resolved', 'onTime', 'rated', 'satisfactionSum', 'escalated', 'escalations', 'reachedStreet'] as const;
export type SumName = (typeof SUMS)[number];

/**
 * Resolution-time bucket: whole minutes below 16, then eight buckets per doubling of minutes,
 * each about a tenth of its value wide. Integer arithmetic only, so `bucketRange` is its exact
 * inverse.
 */
export function resolveBucket(seconds: number): number {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 16) return Math.max(0, minutes);
  const exponent = 31 - Math.clz32(minutes);
  return 16 + (exponent - 4) * 8 + ((minutes >>> (exponent - 3)) & 7);
}

/** Seconds [low, high) of a bucket; bucket 0 also takes anything below zero. */
export function bucketRange(bucket: number): [number, number] {
  if (bucket < 16) return [bucket === 0 ? -2_147_483_648 : bucket * 60, (bucket + 1) * 60];
  const exponent = Math.floor((bucket - 16) / 8) + 4;
  const mantissa = (bucket - 16) % 8;
  return [(8 + mantissa) * 2 ** (exponent - 3) * 60, (9 + mantissa) * 2 ** (exponent - 3) * 60];
}

function sumsOf(r: Row): Record<SumName, number> {
  return {
    total: 1,
    resolved: r.resolveSeconds == null ? 0 : 1,
    onTime: r.onTime ? 1 : 0,
    rated: r.satisfaction == null ? 0 : 1,
    satisfactionSum: r.satisfaction ?? 0,
    escalated: r.escalations > 0 ? 1 : 0,
    escalations: r.escalations,
    reachedStreet: r.level === 'STREET' ? 1 : 0,
  };
}


/**
 * Records a request's change in the summaries: `before` null for a new request. At most three
 * statements, whatever changed.
 */
export async function recordRequestChange(manager: EntityManager, before: Row | null, after: Row): Promise<void> {
  const summary = new Map<string, { key: string[]; sums: Record<SumName, number> }>();
  const histogram = new Map<string, { key: (string | number)[]; requests: number }>();
  const yearly = new Map<string, { key: (string | number)[]; requests: number }>();
  const add = (to: typeof histogram, key: (string | number)[], sign: number) => {
    const entry = to.get(key.join('|')) ?? { key, requests: 0 };
    entry.requests += sign;
    to.set(key.join('|'), entry);
  };
  const apply = (r: Row, sign: 1 | -1) => {
    const month = monthOf(r.submittedAt);
    const sums = sumsOf(r);
    for (const code of [r.streetCode, r.districtCode]) {
      const key = [code, month, r.category, r.state];
      const entry = summary.get(key.join('|')) ?? { key, sums: { total: 0, resolved: 0, onTime: 0, rated: 0, satisfactionSum: 0, escalated: 0, escalations: 0, reachedStreet: 0 } };
      for (const s of SUMS) entry.sums[s] += sign * sums[s];
      summary.set(key.join('|'), entry);
      if (r.resolveSeconds != null) {
        const bucket = resolveBucket(r.resolveSeconds);
        add(histogram, [code, month, r.category, bucket], sign);
        add(yearly, [code, month.slice(0, 4), r.category, bucket], sign);
      }
    }
  };
  if (before) apply(before, -1);
  apply(after, 1);
  const changed = [...summary.values()].filter((e) => SUMS.some((s) => e.sums[s] !== 0));
  if (changed.length) {
    await addToSummary(manager, 'request_summary', ['regionCode', 'month', 'category', 'state'], SUMS, changed.map((e) => [...e.key, ...SUMS.map((s) => e.sums[s])]));
  }
  const moved = [...histogram.values()].filter((h) => h.requests !== 0);
  if (moved.length) {
    await addToSummary(manager, 'request_resolve_histogram', ['regionCode', 'month', 'category', 'bucket'], ['requests'], moved.map((h) => [...h.key, h.requests]));
  }
  const movedInYear = [...yearly.values()].filter((h) => h.requests !== 0);
  if (movedInYear.length) {
    await addToSummary(manager, 'request_resolve_year_histogram', ['regionCode', 'year', 'category', 'bucket'], ['requests'], movedInYear.map((h) => [...h.key, h.requests]));
  }
}

/** Sums the monthly histogram into the yearly one (which it replaces). */
export async function rebuildYearHistogram(manager: EntityManager): Promise<void> {
  await manager.query('DELETE FROM `request_resolve_year_histogram`');
  await manager.query(
    `INSERT INTO \`request_resolve_year_histogram\` (\`regionCode\`, \`year\`, \`category\`, \`bucket\`, \`requests\`)
     SELECT h.\`regionCode\`, SUBSTR(h.\`month\`, 1, 4), h.\`category\`, h.\`bucket\`, SUM(h.\`requests\`) FROM \`request_resolve_histogram\` h
     GROUP BY h.\`regionCode\`, SUBSTR(h.\`month\`, 1, 4), h.\`category\`, h.\`bucket\``,
  );
}

/**
 * Recomputes the summaries (and the yearly histogram) from the requests: after a bulk load that
 * bypassed the services, or to repair. Run it while nothing else writes requests.
 */
export async function rebuildRequestSummaries(ds: DataSource, inTransaction?: EntityManager): Promise<void> {
  const rebuild = async (manager: EntityManager) => {
    await rebuildMonthlySummaries(manager);
    await rebuildYearHistogram(manager);
  };
  await (inTransaction ? rebuild(inTransaction) : transaction(ds, rebuild));
}

/** `request_summary` and `request_resolve_histogram` from the requests, in the caller's transaction. */
export async function rebuildMonthlySummaries(manager: EntityManager): Promise<void> {
  const month = monthSql(manager.connection, 'r.submittedAt');
  await manager.query('DELETE FROM `request_summary`');
  await manager.query('DELETE FROM `request_resolve_histogram`');
  for (const column of SUMMARISED_LEVELS) {
    await manager.query(
      `INSERT INTO \`request_summary\` (\`regionCode\`, \`month\`, \`category\`, \`state\`, ${SUMS.map((s) => `\`${s}\``).join(', ')})
       SELECT r.\`${column}\`, ${month}, r.\`category\`, r.\`state\`, COUNT(*), COUNT(r.\`resolveSeconds\`),
         SUM(CASE WHEN r.\`onTime\` = 1 THEN 1 ELSE 0 END), COUNT(r.\`satisfaction\`), COALESCE(SUM(r.\`satisfaction\`), 0),
         SUM(CASE WHEN r.\`escalations\` > 0 THEN 1 ELSE 0 END), SUM(r.\`escalations\`), SUM(CASE WHEN r.\`level\` = 'STREET' THEN 1 ELSE 0 END)
       FROM \`resident_request\` r GROUP BY r.\`${column}\`, ${month}, r.\`category\`, r.\`state\``,
    );
    // Buckets are whole minutes or runs of them, so grouping by minute loses nothing.
    const minutes: Array<{ code: string; month: string; category: string; minutes: string | number; requests: string | number }> = await manager.query(
      `SELECT r.\`${column}\` AS code, ${month} AS month, r.\`category\` AS category, FLOOR(r.\`resolveSeconds\` / 60) AS minutes, COUNT(*) AS requests
       FROM \`resident_request\` r WHERE r.\`resolveSeconds\` IS NOT NULL GROUP BY r.\`${column}\`, ${month}, r.\`category\`, FLOOR(r.\`resolveSeconds\` / 60)`,
    );
    const buckets = new Map<string, [string, string, string, number, number]>();
    for (const m of minutes) {
      const bucket = resolveBucket(Number(m.minutes) * 60);
      const key = `${m.code}|${m.month}|${m.category}|${bucket}`;
      const row = buckets.get(key) ?? [m.code, m.month, m.category, bucket, 0];
      row[4] += Number(m.requests);
      buckets.set(key, row);
    }
    const rows = [...buckets.values()];
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      await addToSummary(manager, 'request_resolve_histogram', ['regionCode', 'month', 'category', 'bucket'], ['requests'], chunk);
    }
  }
}
