import { openSubgraphDatabase, uuidv7, type Database } from '@hub/platform';
import { testEnvironment } from '@hub/platform/dist/testing';
import { communitySubgraph, seedCommunityDemo } from '@hub/community';
import { ResidentRequestEntity } from '@hub/community/dist/requests/resident-request.entity';
import { requestFigures } from '@hub/community/dist/requests/request-stats';
import { sweepRequests } from '@hub/community/dist/escalation/escalation.worker';
import { rebuildRequestSummaries } from '@hub/community/dist/stats/request-summary';
import { community as demoCommunity, DEMO_IDS, DEMO_REGIONS } from '../scripts/demo-data';
import { runStandalone, timed, median, type BenchRow } from './feature-bench';

/**
 * Resident requests at street scale, on MariaDB/MySQL: the request figures of `communityStats`
 * over a street holding 100,000 requests (two statements: a grouped count and the resolution
 * times), and the escalation sweep acting on a backlog of overdue requests. Run after
 * `npm run build`: `node -r @swc-node/register bench/community-requests.ts`.
 */
const CATEGORIES = ['REPAIR', 'DISPUTE', 'OWNERS_MATTER', 'GAS', 'WATER', 'POWER'] as const;
const STATES = ['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'CLOSED', 'CLOSED', 'CLOSED', 'REOPENED'] as const;
const DAY = 24 * 3600 * 1000;

/** Deterministic spread so that every run measures the same data. */
function requestRow(i: number, compoundIds: string[], start: number) {
  const state = STATES[i % STATES.length];
  const resolved = state === 'RESOLVED' || state === 'CLOSED';
  const submittedAt = new Date(start + ((i * 7919) % (90 * DAY)));
  const slaSeconds = 72 * 3600;
  const resolveSeconds = resolved ? 600 + ((i * 104_729) % (6 * 24 * 3600)) : null;
  const escalations = i % 11 === 0 ? 2 : i % 5 === 0 ? 1 : 0;
  return {
    id: uuidv7(),
    compoundId: compoundIds[i % compoundIds.length],
    communityCode: i % 2 ? DEMO_REGIONS.dongfang : DEMO_REGIONS.jinli,
    streetCode: DEMO_REGIONS.shiqi,
    districtCode: DEMO_REGIONS.haishu,
    unitId: null,
    reporterId: `bench-person-${i % 5000}`,
    clientRequestId: null,
    category: CATEGORIES[i % CATEGORIES.length],
    description: '基准诉求',
    place: null,
    photoUrls: [],
    state,
    level: escalations === 2 ? ('STREET' as const) : escalations === 1 ? ('COMMUNITY' as const) : ('COMPOUND' as const),
    responsible: 'PROPERTY_FIRM' as const,
    slaSeconds,
    submittedAt,
    dueAt: resolved ? null : new Date(submittedAt.getTime() + slaSeconds * 1000),
    // far in the future: the bulk rows stay out of the sweep measured separately
    nextActionAt: null,
    dispatchedAt: null,
    resolvedAt: resolved ? new Date(submittedAt.getTime() + resolveSeconds! * 1000) : null,
    closedAt: null,
    resolveSeconds,
    onTime: resolved ? resolveSeconds! <= slaSeconds : null,
    escalations,
    reopenCount: 0,
    satisfaction: state === 'CLOSED' ? 1 + (i % 5) : null,
    feedback: null,
  };
}

export async function runCommunityRequestsBench(options: { requests?: number; backlog?: number; runs?: number } = {}): Promise<BenchRow[]> {
  const total = options.requests ?? 100_000;
  const backlog = options.backlog ?? 2_000;
  const runs = options.runs ?? 7;
  const env = testEnvironment();
  let db: Database | null = null;
  try {
    db = await openSubgraphDatabase(communitySubgraph, env.config);
    await seedCommunityDemo(db.ds, { ...demoCommunity, requests: [] });
    const repo = db.ds.getRepository(ResidentRequestEntity);
    const compoundIds = [DEMO_IDS.mengda, DEMO_IDS.guangchangShangsha];
    const start = Date.now() - 100 * DAY;
    const insert = await timed(async () => {
      for (let i = 0; i < total; i += 2000) {
        await repo.insert(Array.from({ length: Math.min(2000, total - i) }, (_, k) => requestRow(i + k, compoundIds, start)));
      }
    });
    // A bulk load bypasses the services that keep the request summaries: rebuild them, as after any bulk load.
    const rebuild = await timed(() => rebuildRequestSummaries(db!.ds));
    const from = new Date(start);
    const to = new Date(Date.now());
    const street = { code: DEMO_REGIONS.shiqi, level: 'STREET' as const };
    const community = { code: DEMO_REGIONS.dongfang, level: 'COMMUNITY' as const };
    await requestFigures(db.ds, street, from, to); // warm the buffer pool
    const streetTimes: number[] = [];
    let figures = await requestFigures(db.ds, street, from, to);
    for (let r = 0; r < runs; r++) {
      const t = await timed(() => requestFigures(db!.ds, street, from, to));
      streetTimes.push(t.ms);
      figures = t.value;
    }
    if (figures.total !== total) throw new Error(`figures counted ${figures.total} of ${total} requests`);
    const communityTimes: number[] = [];
    for (let r = 0; r < runs; r++) communityTimes.push((await timed(() => requestFigures(db!.ds, community, from, to))).ms);

    // A backlog of overdue requests, as after an outage: one sweep escalates them all.
    const past = new Date(Date.now() - 1000);
    const rows = Array.from({ length: backlog }, (_, i) => ({ ...requestRow(i, compoundIds, Date.now() - DAY), state: 'DISPATCHED' as const, level: 'COMPOUND' as const, escalations: 0, dueAt: past, nextActionAt: past, resolvedAt: null, resolveSeconds: null, onTime: null, satisfaction: null }));
    for (let i = 0; i < rows.length; i += 2000) await repo.insert(rows.slice(i, i + 2000));
    const sweep = await timed(() => sweepRequests(db!.ds));
    if (sweep.value.escalated !== backlog) throw new Error(`sweep escalated ${sweep.value.escalated} of ${backlog}`);
    const idle = await timed(() => sweepRequests(db!.ds));

    return [
      { case: `insert ${total} requests (bulk, 2000 a statement)`, value: Math.round(insert.ms), unit: 'ms' },
      { case: `rebuild the request summaries from ${total} requests`, value: Math.round(rebuild.ms), unit: 'ms' },
      { case: `request figures, street of ${total} requests`, value: Math.round(median(streetTimes)), unit: 'ms (median)', note: `${runs} runs, max ${Math.round(Math.max(...streetTimes))} ms` },
      { case: `request figures, community of ${total / 2} requests`, value: Math.round(median(communityTimes)), unit: 'ms (median)', note: `${runs} runs` },
      { case: `sweep escalating ${backlog} overdue requests`, value: Math.round(sweep.ms), unit: 'ms', note: `${(sweep.ms / backlog).toFixed(2)} ms a request` },
      { case: 'sweep with nothing due (each tick)', value: Number(idle.ms.toFixed(2)), unit: 'ms' },
    ];
  } finally {
    await db?.ds.destroy();
    await env.cleanup();
  }
}

runStandalone(module, () => runCommunityRequestsBench());
