import type { Claims } from '@hub/platform';
import { testEnvironment, TEST_JWT_SECRET } from '@hub/platform/dist/testing';
import { signDevToken } from '@hub/gateway';
import { rawRequestFigures, requestFigures } from '@hub/community/dist/requests/request-stats';
import { rebuildRequestSummaries } from '@hub/community/dist/stats/request-summary';
import { rebuildPostingRegionSummary } from '@hub/finance/dist/stats/posting-region-summary';
import { rebuildStatementAudits } from '@hub/finance/dist/audits/statement-audit';
import { rebuildPropertySummaries } from '@hub/property/dist/stats/property-summary';
import { startHub, type Hub } from '../scripts/hub';
import { generateScaleData, type ScaleFixture } from '../scripts/scale';
import { runStandalone, timed, type BenchRow } from './feature-bench';

/**
 * The analysts' aggregates at city scale (issue 8): `communityStats`, `propertyStats`,
 * `financeStats`, the rankings and the red/black list, through the gateway over real HTTP with
 * an ANALYST token, on the city `scripts/generate-scale-data` writes (generated once, then
 * reused). Requests one at a time, `BENCH_ANALYST_SAMPLES` (200) of each after a warm-up, or
 * fewer (at least 30) when a case takes longer than `BENCH_ANALYST_CASE_SECONDS` (60); p50 and
 * p99 of each; target p99 < 200 ms. Run alone after `npm run build`:
 * `node -r @swc-node/register bench/analysts.ts` or `BENCH_ONLY=analysts npm run bench:features`.
 */

const SAMPLES = Number(process.env.BENCH_ANALYST_SAMPLES ?? 200);
/** A case slower than this budget stops early, with at least MIN_SAMPLES (the note says how many). */
const CASE_SECONDS = Number(process.env.BENCH_ANALYST_CASE_SECONDS ?? 60);
const MIN_SAMPLES = 30;
const WARMUP = 10;
const TARGET_P99_MS = 200;
const SCALE_URL = process.env.SCALE_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/scale_city';

const COMMUNITY = `coverage { compounds withOwnersCommittee withPartyBranch withPropertyFirm }
  threeNoes { id name communityCode }
  requests { total byState { state count }
    byCategory { category total byState { state count } resolution { resolved medianSeconds p90Seconds onTime onTimeShare rated averageSatisfaction escalated escalations reachedStreet } }
    resolution { resolved medianSeconds p90Seconds onTime onTimeShare rated averageSatisfaction escalated escalations reachedStreet } }`;
const PROPERTY = `compounds contractsByModel { model count } workOrders { category status count }
  slaByFirm { firm { id } met breached complianceBasisPoints }
  backlog { open oldestAgeHours underOneDay oneToThreeDays threeToSevenDays overSevenDays }
  parkingRevenueFen parkingFees parkingRevenueByClass { plateClass fees amountFen } projects projectsWithThreeZeros`;
const FINANCE = `compounds revenueByCategory { category amountFen } costsByCategory { category amountFen } spendingByCategory { category amountFen }
  overdueStatements { totalCount periods edges { node { compoundId periods } } pageInfo { hasNextPage endCursor } }
  unauditedStatements { totalCount byStatus { status count } edges { node { statementId compoundId period status } } pageInfo { hasNextPage endCursor } }
  incentivesByFirm { firm { id } payouts amountFen }`;

const STATS = { communityStats: COMMUNITY, propertyStats: PROPERTY, financeStats: FINANCE } as const;
type StatsField = keyof typeof STATS;

/** One region's aggregate, or every district of the city at once (one alias each). */
function statsQuery(field: StatsField, regions: string[]): string {
  const roots = regions.map((r, i) => `r${i}: ${field}(regionCode: "${r}", from: $from, to: $to) { ${STATS[field]} }`);
  return `query Analyst($from: String!, $to: String!) {\n${roots.join('\n')}\n}`;
}

const RANKING = `query Ranking($d: ID!, $p: String!) {
  ratingRanking(districtCode: $d, period: $p, first: 100) { edges { node { id period score scoreCentipoints compound { id } firm { id } } } }
}`;
const RED_BLACK = `query RedBlack($d: ID!, $p: String!) {
  redBlackList(districtCode: $d, period: $p) {
    period ranked publishedAt
    red: entries(color: RED, first: 50) { edges { node { rank score reasons compound { id } firm { id } } } }
    black: entries(color: BLACK, first: 50) { edges { node { rank score reasons compound { id } firm { id } } } }
  }
}`;

/** Nearest-rank percentile of samples, in milliseconds. */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function post(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (res.status !== 200 || body.errors?.length || !body.data) throw new Error(`analyst query answered ${res.status}: ${JSON.stringify(body).slice(0, 400)}`);
  return body.data;
}

/** The quarter's first and last day, from a period such as 2026-Q3. */
function quarterDays(period: string): { from: string; to: string } {
  const [year, q] = [Number(period.slice(0, 4)), Number(period.slice(-1))];
  const last = new Date(Date.UTC(year, q * 3, 0));
  return { from: `${year}-${String(q * 3 - 2).padStart(2, '0')}-01`, to: last.toISOString().slice(0, 10) };
}

interface Case {
  label: string;
  query: string;
  variables: Record<string, unknown>;
  /** Checks the answer is about real data, so the figures measure work done. */
  check(data: any): void;
}

function cases(f: ScaleFixture, districts: string[]): Case[] {
  const year = { from: f.period.from, to: f.period.to };
  const quarter = quarterDays(f.period.latestQuarter);
  const nonEmpty = (what: string, n: number) => {
    if (!(n > 0)) throw new Error(`${what} came back empty: the scale data is not what the benchmark expects`);
  };
  const out: Case[] = [];
  const scopes = [
    { name: `street ${f.street.code} (${f.street.compounds} compounds), a year`, regions: [f.street.code], period: year },
    { name: `district ${f.district.code} (${f.district.compounds} compounds), ${f.period.latestQuarter}`, regions: [f.district.code], period: quarter },
    { name: `whole city (${districts.length} districts, one alias each), a year`, regions: districts, period: year },
  ];
  for (const scope of scopes) {
    out.push({
      label: `communityStats, ${scope.name}`,
      query: statsQuery('communityStats', scope.regions),
      variables: scope.period,
      check: (d) => nonEmpty('communityStats requests', Object.values<any>(d).reduce((n, s) => n + s.requests.total, 0)),
    });
    out.push({
      label: `propertyStats, ${scope.name}`,
      query: statsQuery('propertyStats', scope.regions),
      variables: scope.period,
      check: (d) => nonEmpty('propertyStats work orders', Object.values<any>(d).reduce((n, s) => n + s.workOrders.length, 0)),
    });
    out.push({
      label: `financeStats, ${scope.name}`,
      query: statsQuery('financeStats', scope.regions),
      variables: scope.period,
      check: (d) => nonEmpty('financeStats revenue', Object.values<any>(d).reduce((n, s) => n + s.revenueByCategory.length, 0)),
    });
  }
  out.push({
    label: `ratingRanking, district ${f.district.code}, ${f.period.latestQuarter} (first 100)`,
    query: RANKING,
    variables: { d: f.district.code, p: f.period.latestQuarter },
    check: (d) => nonEmpty('ratingRanking', d.ratingRanking.edges.length),
  });
  out.push({
    label: `redBlackList, district ${f.district.code}, ${f.period.latestQuarter} (both colours)`,
    query: RED_BLACK,
    variables: { d: f.district.code, p: f.period.latestQuarter },
    check: (d) => nonEmpty('redBlackList', d.redBlackList?.ranked ?? 0),
  });
  return out;
}

/**
 * Data generated before a summary existed, or by a generator that did not rebuild it, would be
 * answered from the raw rows (the summaries notice they disagree); rebuild what does not add up.
 */
async function ensureSummaries(hub: Hub, log: (line: string) => void): Promise<void> {
  const one = async (ds: Hub['subgraphs']['community']['ds'], sql: string) => Number((await ds.query(sql))[0].n ?? 0);
  const community = hub.subgraphs.community.ds;
  const requests = await one(community, 'SELECT COUNT(*) AS n FROM resident_request');
  const summarised = await one(community, "SELECT SUM(total) AS n FROM request_summary WHERE regionCode LIKE '%000000'");
  if (requests !== summarised) {
    const t = await timed(() => rebuildRequestSummaries(community));
    log(`request summaries rebuilt (${summarised} of ${requests} requests were summarised) in ${Math.round(t.ms)} ms`);
  }
  const finance = hub.subgraphs.finance.ds;
  // Postings of compounds without a scope path count in no region, in the summary as in the raw figures.
  const postings = await one(finance, 'SELECT COUNT(*) AS n FROM posting p INNER JOIN compound_scope s ON s.compoundId = p.compoundId WHERE LENGTH(s.regionPath) = 38');
  const summarisedPostings = await one(finance, "SELECT SUM(postings) AS n FROM posting_region_summary WHERE regionCode LIKE '%000000'");
  if (postings !== summarisedPostings) {
    const t = await timed(() => rebuildPostingRegionSummary(finance));
    log(`posting region summary rebuilt (${summarisedPostings} of ${postings} postings were summarised) in ${Math.round(t.ms)} ms`);
  }
  const statements = await one(finance, 'SELECT COUNT(*) AS n FROM statement');
  const audits = await one(finance, 'SELECT COUNT(*) AS n FROM statement_audit');
  if (statements !== audits) {
    const t = await timed(() => rebuildStatementAudits(finance));
    log(`statement audits rebuilt (${audits} of ${statements} statements had one) in ${Math.round(t.ms)} ms`);
  }
  const property = hub.subgraphs.property.ds;
  // Rows of compounds without a scope path count in no region, in the summaries as in the raw figures.
  const scoped = (table: string, alias: string, where = '') =>
    one(property, `SELECT COUNT(*) AS n FROM ${table} ${alias} INNER JOIN compound_scope s ON s.compoundId = ${alias}.compoundId WHERE LENGTH(s.regionPath) = 38${where}`);
  const district = (sql: string) => one(property, `${sql} WHERE regionCode LIKE '%000000'`);
  const figures = [
    [await scoped('work_order', 'w'), await district('SELECT SUM(orders) AS n FROM work_order_summary')],
    [await scoped('work_order', 'w', " AND w.status = 'COMPLETED' AND w.completedAt IS NOT NULL"), await district('SELECT SUM(met + breached) AS n FROM work_order_sla_summary')],
    [await scoped('parking_fee', 'f'), await district('SELECT SUM(fees) AS n FROM parking_fee_summary')],
  ];
  if (figures.some(([rows, summarised]) => rows !== summarised)) {
    const t = await timed(() => rebuildPropertySummaries(property));
    log(`property summaries rebuilt (summarised of rows: ${figures.map(([rows, summarised]) => `${summarised}/${rows}`).join(', ')}) in ${Math.round(t.ms)} ms`);
  }
}

export async function run(): Promise<BenchRow[]> {
  const log = (line: string) => console.error(`analysts: ${line}`);
  const scale = await generateScaleData({ databaseUrl: SCALE_URL, size: 'city', log });
  const f = scale.fixture;
  // The scale databases stay: the environment only lends the test secrets and a queue prefix.
  const env = testEnvironment({ DATABASE_URL: SCALE_URL });
  let hub: Hub | null = null;
  try {
    hub = await startHub(env.config, { ephemeralPorts: true, workers: false });
    await ensureSummaries(hub, log);
    const url = hub.gateway.url;
    const claims: Claims = { sub: 'analyst-bench', role: 'ANALYST' } as Claims;
    const token = signDevToken(TEST_JWT_SECRET, { ...claims, sub: claims.sub! });
    const districts: string[] = (
      await hub.subgraphs.community.ds.query("SELECT code FROM region WHERE level = 'DISTRICT' AND code LIKE ? ORDER BY code", [`${f.city.code.slice(0, 4)}%`])
    ).map((r: { code: string }) => r.code);

    const rows: BenchRow[] = [];
    // BENCH_ANALYST_ONLY='financeStats;propertyStats, street' measures only the cases whose label starts so.
    const only = (process.env.BENCH_ANALYST_ONLY ?? '').split(';').filter(Boolean);
    for (const c of cases(f, districts).filter((k) => !only.length || only.some((o) => k.label.startsWith(o)))) {
      c.check(await post(url, token, c.query, c.variables));
      const warming = Date.now();
      for (let i = 0; i < WARMUP && Date.now() - warming < 10_000; i++) await post(url, token, c.query, c.variables);
      const ms: number[] = [];
      const started = Date.now();
      while (ms.length < SAMPLES && (ms.length < MIN_SAMPLES || Date.now() - started < CASE_SECONDS * 1000)) ms.push((await timed(() => post(url, token, c.query, c.variables))).ms);
      const p50 = percentile(ms, 50);
      const p99 = percentile(ms, 99);
      log(`${c.label}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
      rows.push({ case: `${c.label}: p50`, value: Number(p50.toFixed(1)), unit: 'ms', note: `${ms.length} sequential requests through the gateway${ms.length < SAMPLES ? ` (stopped after ${CASE_SECONDS} s)` : ''}` });
      rows.push({
        case: `${c.label}: p99`,
        value: Number(p99.toFixed(1)),
        unit: 'ms',
        note: p99 < TARGET_P99_MS ? `target < ${TARGET_P99_MS} ms met` : `MISSES the target of < ${TARGET_P99_MS} ms`,
      });
    }

    // What the request figures cost before the summaries: the same answer from the requests alone.
    const ds = hub.subgraphs.community.ds;
    const district = { code: f.district.code, level: 'DISTRICT' as const };
    const from = new Date(`${f.period.from}T00:00:00Z`);
    const to = new Date(new Date(`${f.period.to}T00:00:00Z`).getTime() + 86_400_000);
    const raw: number[] = [];
    const summary: number[] = [];
    for (let i = 0; i < 7; i++) {
      raw.push((await timed(() => rawRequestFigures(ds, district, from, to))).ms);
      summary.push((await timed(() => requestFigures(ds, district, from, to))).ms);
    }
    rows.push({ case: `request figures of district ${f.district.code} for a year, from the requests alone (before the summaries)`, value: Number(percentile(raw, 50).toFixed(1)), unit: 'ms (median)', note: '7 runs, in process' });
    rows.push({ case: `request figures of district ${f.district.code} for a year, from the summaries`, value: Number(percentile(summary, 50).toFixed(1)), unit: 'ms (median)', note: '7 runs, in process' });
    return rows;
  } finally {
    await hub?.stop();
  }
}

runStandalone(module, run);
