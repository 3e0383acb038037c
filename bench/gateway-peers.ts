import { deepStrictEqual, ok } from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createLogger, encodeClaims, loadConfig, openSubgraphDatabase, startSubgraph, SUBGRAPHS, type Claims, type Database, type RunningSubgraph, type SubgraphName } from '@hub/platform';
import { TEST_JWT_SECRET, testEnvironment } from '@hub/platform/dist/testing';
import { signDevToken } from '@hub/gateway';
import { DEFINITIONS, seedDemo } from '../scripts/hub';
import { DEMO_REGIONS } from '../scripts/demo-data';
import { generateScaleData, readMarker, SCALE_GENERATOR_VERSION, type ScaleFixture } from '../scripts/scale';
import { runStandalone, type BenchRow } from './feature-bench';
import { addCompoundsOfOneFirm, addResidentsAndWorkOrders } from './fixtures';
import { startLoadProcess, type LoadProcess, type LoadSample } from './gateway-load';
import type { PeerCommand, PeerKind, PeerReply } from './gateway-peer';

/**
 * The gateway against its peers: the same subgraphs (in this process), the same three operations,
 * the same run, one gateway at a time, each in its own process, load from autocannon in another.
 * See BENCHMARKS.md for what A, B and C are and how the caller is forwarded.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 4);
const CONNECTIONS = 10;
const COMPOUNDS = 200;
const PAGE = 50;
/** How many different callers or page starts each operation cycles through. */
const ROTATION = 100;
/** The same city the analysts' benchmark reads. */
const SCALE_URL = process.env.SCALE_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/scale_city';

export const PEERS: Record<PeerKind, string> = {
  A: 'A hub gateway (production settings)',
  B: 'B Hive Gateway runtime, unconfigured',
  C: 'C @apollo/gateway + @apollo/server',
};
const KINDS: PeerKind[] = ['A', 'B', 'C'];

export const OPERATIONS = {
  home: {
    label: "resident's home screen",
    query: `query ResidentHome($compoundId: ID!) {
  compound(id: $compoundId) {
    id name street { name }
    propertyContract { model firm { name } }
    publicRevenueBalanceFen
    latestRating { period score }
  }
  myRequests(first: 10) { edges { node { id category state submittedAt dueAt } } }
}`,
  },
  street: {
    label: `official's street overview (${PAGE} compounds)`,
    query: `query StreetOverview($regionCode: ID!, $after: String) {
  compounds(regionCode: $regionCode, first: ${PAGE}, after: $after) {
    edges { cursor node {
      id name households community { name }
      propertyContract { model firm { name } }
      publicRevenueBalanceFen
      latestRating { period score }
    } }
  }
}`,
  },
  firm: {
    label: `firm's work-order list (${PAGE} orders)`,
    query: `query FirmWorkOrders($after: String) {
  workOrders(first: ${PAGE}, after: $after) {
    edges { cursor node { id category priority status dueAt sla place compound { id name street { name } } } }
  }
}`,
  },
} as const;
type OperationName = keyof typeof OPERATIONS;

type Call = { body: string; headers: Record<string, string> };

/** Every request carries the token (for A) and the same caller's claims as plain header (for B and C). */
const call = (claims: Claims, query: string, variables: Record<string, unknown>): Call => ({
  body: JSON.stringify({ query, variables }),
  headers: { authorization: `Bearer ${signDevToken(TEST_JWT_SECRET, { ...claims, sub: claims.sub! })}`, 'x-hub-claims': encodeClaims(claims) },
});

async function post(url: string, c: Call): Promise<{ data?: any; errors?: unknown[] }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...c.headers }, body: c.body });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (res.status !== 200 || body.errors?.length || !body.data) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

interface Peer {
  url: string;
  child: ChildProcess;
}

function startPeer(kind: PeerKind, env: Record<string, string>, subgraphUrls: Record<SubgraphName, string>): Promise<Peer> {
  // BENCH_CPU_PROF=A writes a V8 CPU profile of that gateway to bench/results/ when it stops.
  const profile = (process.env.BENCH_CPU_PROF ?? '').split(',').includes(kind) ? ['--cpu-prof', `--cpu-prof-dir=${join(__dirname, 'results')}`] : [];
  const child = fork(join(__dirname, 'gateway-peer.ts'), { execArgv: [...process.execArgv, ...profile], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`gateway ${kind} exited (${code}) before it listened`)));
    child.once('message', (reply: PeerReply) => (reply.ok ? resolve({ url: reply.url, child }) : reject(new Error(`gateway ${kind}: ${reply.error}`))));
    child.send({ kind, env, subgraphUrls } satisfies PeerCommand);
  });
}

const peerCpuMs = (peer: Peer) =>
  new Promise<number>((resolve) => {
    peer.child.once('message', (reply: { cpuMs: number }) => resolve(reply.cpuMs));
    peer.child.send('cpu');
  });

const stopPeer = (peer: Peer) =>
  new Promise<void>((resolve) => {
    if (peer.child.exitCode !== null) return resolve();
    peer.child.once('exit', () => resolve());
    peer.child.disconnect();
  });

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Whose data the three operations read: the city `scripts/scale` generates (when it is there,
 * or `BENCH_GATEWAY_DATA=city` to wait for it), else the demo plus the rows of bench/fixtures.ts.
 */
interface BenchData {
  source: string;
  residents: { sub: string; compoundId: string }[];
  streetCode: string;
  firmId: string;
  /** Rows whose compounds have every federated field; null: all do. */
  usable: Set<string> | null;
  /** Only the fixtures' sizes are known in advance. */
  exact: boolean;
}

async function cityData(wait: boolean): Promise<{ url: string; fixture: ScaleFixture } | null> {
  const marker = await readMarker(SCALE_URL).catch(() => null);
  if (marker?.size === 'city' && marker.version === SCALE_GENERATOR_VERSION) return { url: SCALE_URL, fixture: marker.fixture };
  if (!wait) return null;
  const scale = await generateScaleData({ databaseUrl: SCALE_URL, size: 'city', log: (line) => console.error(`gateway: ${line}`) });
  return { url: SCALE_URL, fixture: scale.fixture };
}

export async function run(): Promise<BenchRow[]> {
  // BENCH_GATEWAY_OPS=street measures one operation, e.g. to profile it.
  const measured = (process.env.BENCH_GATEWAY_OPS?.split(',') ?? Object.keys(OPERATIONS)) as OperationName[];
  for (const op of measured) if (!(op in OPERATIONS)) throw new Error(`BENCH_GATEWAY_OPS names no operation ${op}; known: ${Object.keys(OPERATIONS).join(', ')}`);
  const mode = process.env.BENCH_GATEWAY_DATA ?? 'auto';
  const city = mode === 'demo' ? null : await cityData(mode === 'city');
  const env = testEnvironment({ LOG_LEVEL: 'silent', OUTBOX_POLL_MS: '500' });
  // The city's databases are only read, and never dropped: the environment's own are.
  const subgraphConfig = city ? loadConfig({ ...env.env, DATABASE_URL: city.url }) : env.config;
  const stops: Array<() => Promise<unknown>> = [];
  let load: LoadProcess | null = null;
  try {
    const dbs = {} as Record<SubgraphName, Database>;
    for (const name of SUBGRAPHS) {
      dbs[name] = await openSubgraphDatabase(DEFINITIONS[name], subgraphConfig);
      stops.unshift(() => dbs[name].ds.destroy());
    }
    if (!city) await seedDemo(dbs);
    const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
    for (const name of SUBGRAPHS) {
      subgraphs[name] = await startSubgraph(DEFINITIONS[name], subgraphConfig, { database: dbs[name], logger: createLogger(name, 'silent'), port: 0 });
      stops.unshift(() => subgraphs[name].stop());
    }
    let data: BenchData;
    if (city) {
      const f = city.fixture;
      // The fixture's resident first, then other residents with open requests, so that requests in flight differ.
      const others: { sub: string; compoundId: string }[] = await dbs.community.ds.query(
        "SELECT reporterId AS sub, MIN(compoundId) AS compoundId FROM resident_request WHERE state <> 'CLOSED' AND reporterId <> ? GROUP BY reporterId ORDER BY reporterId LIMIT ?",
        [f.resident.personId, ROTATION - 1],
      );
      data = { source: `city of ${f.city.name} (scripts/scale, street ${f.street.name})`, residents: [{ sub: f.resident.personId, compoundId: f.resident.compoundId }, ...others], streetCode: f.street.code, firmId: f.firm.id, usable: null, exact: false };
    } else {
      const { compoundIds, firmId } = await addCompoundsOfOneFirm({ subgraphs }, COMPOUNDS);
      const { residents } = await addResidentsAndWorkOrders({ subgraphs }, compoundIds.slice(0, ROTATION), firmId);
      // Pages start after one of the added rows: the demo's compounds get their finance scope from
      // events, which this benchmark runs no workers for.
      data = { source: `demo plus bench/fixtures.ts (${COMPOUNDS} compounds in Shiqi street)`, residents, streetCode: DEMO_REGIONS.shiqi, firmId, usable: new Set(compoundIds), exact: true };
    }
    console.error(`gateway: data: ${data.source}`);
    const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((n) => [n, subgraphs[n].url])) as Record<SubgraphName, string>;

    // The hub's gateway logs as production does (info); the peers log as they come.
    const peers = {} as Record<PeerKind, Peer>;
    for (const kind of KINDS) {
      peers[kind] = await startPeer(kind, { ...env.env, LOG_LEVEL: 'info' }, subgraphUrls);
      stops.unshift(() => stopPeer(peers[kind]));
    }

    const official: Claims = { sub: 'bench-official', role: 'OFFICIAL', regions: [data.streetCode] };
    const firmUser: Claims = { sub: 'bench-firm-dispatcher', role: 'PROPERTY_FIRM', firm: data.firmId };
    /** Page starts whose pages are full: up to ROTATION of them. */
    const cursors = async (claims: Claims, op: OperationName, variables: Record<string, unknown>, field: 'compounds' | 'workOrders') => {
      const all: string[] = [];
      let after: string | null = null;
      for (;;) {
        const query = op === 'street' ? `query($regionCode: ID!, $after: String) { compounds(regionCode: $regionCode, first: ${PAGE}, after: $after) { edges { cursor node { id } } } }` : OPERATIONS[op].query;
        const page = await post(peers.A.url, call(claims, query, { ...variables, after }));
        const edges = page.data[field].edges as { cursor: string; node: { id: string } }[];
        all.push(...edges.filter((e) => field === 'workOrders' || !data.usable || data.usable.has(e.node.id)).map((e) => e.cursor));
        if (all.length >= ROTATION + PAGE || edges.length < PAGE) break;
        after = edges[edges.length - 1].cursor;
      }
      ok(all.length > 0, `${op}: nothing to list`);
      return all.slice(0, Math.min(ROTATION, Math.max(1, all.length - PAGE)));
    };
    const residents = data.residents;
    const calls: Record<OperationName, Call[]> = {
      home: residents.map((r) => call({ sub: r.sub, role: 'RESIDENT', compounds: [r.compoundId] }, OPERATIONS.home.query, { compoundId: r.compoundId })),
      street: (await cursors(official, 'street', { regionCode: data.streetCode }, 'compounds')).map((after) =>
        call(official, OPERATIONS.street.query, { regionCode: data.streetCode, after }),
      ),
      firm: (await cursors(firmUser, 'firm', {}, 'workOrders')).map((after) => call(firmUser, OPERATIONS.firm.query, { after })),
    };

    // All three must give the same, complete answers before anything is timed.
    for (const op of Object.keys(OPERATIONS) as OperationName[]) {
      for (const c of new Set([calls[op][0], calls[op][1] ?? calls[op][0], calls[op][calls[op].length - 1]])) {
        const a = await post(peers.A.url, c);
        deepStrictEqual((await post(peers.B.url, c)).data, a.data, `${op}: B must answer what A answers`);
        deepStrictEqual((await post(peers.C.url, c)).data, a.data, `${op}: C must answer what A answers`);
        if (op === 'home') {
          ok(a.data.compound && (!data.exact || (a.data.compound.publicRevenueBalanceFen !== null && a.data.compound.latestRating && a.data.compound.propertyContract)), 'home screen has every federated field');
          ok(data.exact ? a.data.myRequests.edges.length === 8 : a.data.myRequests.edges.length > 0, 'home screen lists the resident’s requests');
        } else {
          const edges = a.data[op === 'street' ? 'compounds' : 'workOrders'].edges as { node: any }[];
          ok(data.exact ? edges.length === PAGE : edges.length > 0, `${op} returns a page`);
          if (op === 'firm') ok(edges.every((e) => e.node.compound?.name), 'every work order has its compound');
          else if (data.exact) ok(edges.every((e) => e.node.publicRevenueBalanceFen !== null && e.node.latestRating && e.node.propertyContract), 'every compound has its federated fields');
        }
      }
    }

    load = startLoadProcess();
    type Sample = LoadSample & { gatewayCpuMs: number; subgraphsCpuMs: number };
    const measure = async (kind: PeerKind, op: OperationName, seconds: number): Promise<Sample> => {
      const gatewayBefore = await peerCpuMs(peers[kind]);
      const subgraphsBefore = process.cpuUsage();
      const sample = await load!.run({ url: peers[kind].url, requests: calls[op], connections: CONNECTIONS, seconds });
      const subgraphs = process.cpuUsage(subgraphsBefore);
      return { ...sample, gatewayCpuMs: (await peerCpuMs(peers[kind])) - gatewayBefore, subgraphsCpuMs: (subgraphs.user + subgraphs.system) / 1000 };
    };
    const samples = {} as Record<OperationName, Record<PeerKind, Sample[]>>;
    for (const op of measured) {
      samples[op] = { A: [], B: [], C: [] };
      if (WARMUP_SECONDS > 0) for (const kind of KINDS) await measure(kind, op, WARMUP_SECONDS);
      // A B C, then C B A: drift during the run weighs on every gateway alike.
      for (const kind of [...KINDS, ...[...KINDS].reverse()]) samples[op][kind].push(await measure(kind, op, Math.max(1, SECONDS / 2)));
    }

    const rows: BenchRow[] = [{ case: 'data the operations read', value: calls.home.length, unit: 'residents', note: `${data.source}; ${calls.street.length} and ${calls.firm.length} page starts` }];
    for (const op of measured) {
      const figures = {} as Record<PeerKind, { rps: number; p50: number; p99: number; failed: number; gatewayCpu: number; subgraphsCpu: number }>;
      for (const kind of KINDS) {
        const s = samples[op][kind];
        const requests = s.reduce((n, x) => n + x.requests, 0);
        // Percentiles of the two halves, weighted by their requests.
        const weighted = (f: (x: Sample) => number) => s.reduce((n, x) => n + f(x) * x.requests, 0) / Math.max(1, requests);
        const perRequest = (f: (x: Sample) => number) => s.reduce((n, x) => n + f(x), 0) / Math.max(1, requests);
        figures[kind] = {
          // Only good answers count.
          rps: Math.max(0, requests - s.reduce((n, x) => n + x.failed, 0)) / s.reduce((n, x) => n + x.seconds, 0),
          p50: weighted((x) => x.p50),
          p99: weighted((x) => x.p99),
          failed: s.reduce((n, x) => n + x.failed, 0),
          gatewayCpu: perRequest((x) => x.gatewayCpuMs),
          subgraphsCpu: perRequest((x) => x.subgraphsCpuMs),
        };
        const f = figures[kind];
        rows.push({
          case: `${OPERATIONS[op].label}: ${PEERS[kind]}`,
          value: round(f.rps),
          unit: 'req/s',
          note: `p50 ${round(f.p50, 2)} ms, p99 ${round(f.p99, 2)} ms; CPU per request: gateway ${round(f.gatewayCpu, 2)} ms, subgraphs ${round(f.subgraphsCpu, 2)} ms${f.failed ? `; ${f.failed} FAILED` : ''}`,
        });
      }
      const ac = figures.A.rps / figures.C.rps;
      const ab = figures.A.rps / figures.B.rps;
      rows.push({ case: `${OPERATIONS[op].label}: A / C requests/s`, value: round(ac, 2), unit: '×', note: ac >= 2 ? 'target ≥ 2×: met' : 'target ≥ 2×: MISSED' });
      rows.push({ case: `${OPERATIONS[op].label}: gateway CPU per request, C / A`, value: round(figures.C.gatewayCpu / figures.A.gatewayCpu, 2), unit: '×', note: 'how many times A’s CPU C spends on one request' });
      rows.push({ case: `${OPERATIONS[op].label}: gateway CPU per request, B / A`, value: round(figures.B.gatewayCpu / figures.A.gatewayCpu, 2), unit: '×', note: 'how many times A’s CPU B spends on one request' });
      rows.push({ case: `${OPERATIONS[op].label}: A / B requests/s`, value: round(ab, 2), unit: '×', note: ab >= 0.9 ? 'target ≥ 0.9× (within 10 %): met' : 'target ≥ 0.9× (within 10 %): MISSED' });
    }
    return rows;
  } finally {
    load?.close();
    for (const stop of stops) await stop().catch(() => undefined);
    await env.cleanup();
  }
}

runStandalone(module, run);
