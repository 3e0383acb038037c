import { deepStrictEqual, ok } from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SUBGRAPHS, type SubgraphName } from '@hub/platform';
import { TEST_JWT_SECRET, TEST_SIGNING_SECRET, testEnvironment } from '@hub/platform/dist/testing';
import { signDevToken } from '@hub/gateway';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_REGIONS } from '../scripts/demo-data';
import { addCompounds } from './fixtures';
import { COMPOUND_SCREEN, compoundList, HttpClient, iterationFor, startLoadProcess, summarize, type CaseSpec, type LoadProcess, type LoadResult, type Sample } from './load';

/**
 * `npm run bench`: the whole hub in this process on MariaDB and Redis, load from a child
 * process over loopback HTTP. See BENCHMARKS.md for what each case means.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/**
 * Warm-up per case, every case once before anything is measured. Under load on two cores the
 * stack (gateway, Apollo, TypeORM, mysql2) keeps getting cheaper for about 15 s: CPU per
 * gateway request fell from 24 ms in the first 5 s to 8 ms after 15 s. Four cases of 5 s cover it.
 */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CONNECTIONS = 10;
const LIST_SIZE = 100;
/** Compounds added to the three of the demo: enough for 100 different pages of 100. */
const EXTRA_COMPOUNDS = 200;
/** How many different compounds (or page starts) each case cycles through. */
const ROTATION = 100;

type CaseName = 'screenGateway' | 'screenDirect' | 'list100' | 'list1';
const LABELS: Record<CaseName, string> = {
  screenGateway: 'compound screen, gateway',
  screenDirect: 'compound screen, direct (1 + 3 calls)',
  list100: `compounds(first: ${LIST_SIZE}), gateway`,
  list1: 'compounds(first: 1), gateway',
};
const ORDER: CaseName[] = ['screenGateway', 'screenDirect', 'list100', 'list1'];

type PerSubgraph = Record<SubgraphName, number>;
type Result = LoadResult & { hubCpuMsPerRequest: number; alone: Pick<LoadResult, 'requests' | 'errors' | 'firstError' | 'latencyMs'> };

let interrupted = false;
let load: LoadProcess | null = null;
const onSignal = () => {
  interrupted = true;
  load?.close();
  console.error('interrupted; stopping the hub and dropping the benchmark databases');
};
const guard = () => {
  if (interrupted) throw new Error('interrupted');
};

async function main(): Promise<void> {
  if (!(SECONDS > 0)) throw new Error(`BENCH_SECONDS must be a positive number of seconds, not "${process.env.BENCH_SECONDS}"`);
  if (!(WARMUP_SECONDS >= 0)) throw new Error(`BENCH_WARMUP_SECONDS must be a number of seconds, not "${process.env.BENCH_WARMUP_SECONDS}"`);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  // OUTBOX_POLL_MS at the production default: the relays keep polling, but rarely enough not to
  // land inside the single requests whose statements are counted.
  const env = testEnvironment({ LOG_LEVEL: 'silent', OUTBOX_POLL_MS: '500' });
  let hub: Hub | null = null;
  const client = new HttpClient(CONNECTIONS);
  try {
    console.log(`starting the hub on ${new URL(env.config.databaseUrl).host} and ${new URL(env.config.redisUrl).host} ...`);
    hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
    await hub.settle();
    guard();
    const extraIds = await addCompounds(hub, EXTRA_COMPOUNDS);

    const urls = Object.fromEntries(SUBGRAPHS.map((n) => [n, hub!.subgraphs[n].url])) as Record<SubgraphName, string>;
    for (const url of [hub.gateway.url, ...Object.values(urls)]) {
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) throw new Error(`${url} is not a loopback address`);
    }

    const shiqiOfficial = { sub: 'bench-official-shiqi', role: 'OFFICIAL' as const, regions: [DEMO_REGIONS.shiqi] };
    // The first page holds the three demo compounds, one of them (Youhe) in Yuehu street, so the
    // list is read by an official of the whole district, for whom every balance is visible.
    const haishuOfficial = { sub: 'bench-official-haishu', role: 'OFFICIAL' as const, regions: [DEMO_REGIONS.haishu] };
    const screenToken = signDevToken(TEST_JWT_SECRET, shiqiOfficial);
    const listToken = signDevToken(TEST_JWT_SECRET, haishuOfficial);
    // Each screen request shows one of the added compounds (all in Shiqi street); each list
    // request starts after one of the first 100 compounds, so every page holds 100.
    const screenIds = extraIds.slice(0, ROTATION);
    const firstPage = await client.graphql<{ compounds: { edges: { cursor: string }[] } }>(
      hub.gateway.url,
      `{ compounds(first: ${ROTATION}) { edges { cursor } } }`,
      undefined,
      { authorization: `Bearer ${listToken}` },
    );
    const pageStarts = firstPage.compounds.edges.map((e) => ({ after: e.cursor }));
    const cases = {
      screenGateway: { kind: 'gateway', url: hub.gateway.url, token: screenToken, query: COMPOUND_SCREEN, variables: screenIds.map((id) => ({ id })) },
      screenDirect: { kind: 'direct', urls, signingSecret: TEST_SIGNING_SECRET, claims: shiqiOfficial, compoundIds: screenIds },
      list100: { kind: 'gateway', url: hub.gateway.url, token: listToken, query: compoundList(LIST_SIZE), variables: pageStarts },
      list1: { kind: 'gateway', url: hub.gateway.url, token: listToken, query: compoundList(1), variables: pageStarts },
    } satisfies Record<CaseName, CaseSpec>;

    // Both sides must return the same, complete answers before anything is timed.
    const run = (spec: CaseSpec) => iterationFor(spec, client)() as Promise<any>;
    const demo = await run({ ...cases.screenGateway, variables: [{ id: DEMO_IDS.guangchangShangsha }] });
    deepStrictEqual(await run({ ...cases.screenDirect, compoundIds: [DEMO_IDS.guangchangShangsha] }), demo, 'the direct calls must return what the gateway returns');
    deepStrictEqual(
      { name: demo.compound.name, balance: demo.compound.publicRevenueBalanceFen, firm: demo.compound.propertyContract.firm.name, rating: demo.compound.latestRating },
      { name: '广场商厦区域', balance: 3_472_800, firm: '春江物业', rating: { period: '2026-Q3', score: 92.35 } },
    );
    const screenGateway = iterationFor(cases.screenGateway, client);
    const screenDirect = iterationFor(cases.screenDirect, client);
    for (const id of screenIds) {
      const [viaGateway, direct] = [(await screenGateway()) as any, await screenDirect()];
      deepStrictEqual(direct, viaGateway, `compound ${id}: the direct calls must return what the gateway returns`);
      ok(viaGateway.compound.publicRevenueBalanceFen !== null && viaGateway.compound.latestRating && viaGateway.compound.propertyContract?.firm, `compound ${id} has every federated field`);
    }
    for (const [name, size] of [['list100', LIST_SIZE], ['list1', 1]] as const) {
      for (const after of [pageStarts[0], pageStarts[pageStarts.length - 1]]) {
        const nodes = (await run({ ...cases[name], variables: [after] })).compounds.edges.map((e: any) => e.node);
        ok(nodes.length === size, `${name} returns ${size} compounds`);
        ok(nodes.every((n: any) => n.publicRevenueBalanceFen !== null && n.latestRating && n.propertyContract), `${name} has every federated field`);
      }
    }

    const statements = {} as Record<CaseName, PerSubgraph>;
    for (const name of ORDER) statements[name] = await statementsPerRequest(hub, iterationFor(cases[name], client));
    client.close();
    guard();

    load = startLoadProcess();
    console.log(`warming up, ${WARMUP_SECONDS} s per case ...`);
    for (const name of ORDER) {
      if (WARMUP_SECONDS > 0) await load.run({ spec: cases[name], connections: CONNECTIONS, durationMs: WARMUP_SECONDS * 1000 });
      guard();
    }
    const memoryAfterWarmup = memory();

    // Each case runs in two halves, in the order A B C D and then D C B A, so that whatever
    // drifts during the run (JIT, heap, the machine) weighs on every case alike.
    const samples = Object.fromEntries(ORDER.map((n) => [n, [] as Sample[]])) as Record<CaseName, Sample[]>;
    const hubCpuMs = Object.fromEntries(ORDER.map((n) => [n, 0])) as Record<CaseName, number>;
    const calls = Object.fromEntries(ORDER.map((n) => [n, Object.fromEntries(SUBGRAPHS.map((s) => [s, 0]))])) as Record<CaseName, PerSubgraph>;
    console.log(`measuring, ${SECONDS} s per case in two halves ...`);
    for (const name of [...ORDER, ...[...ORDER].reverse()]) {
      const callsBefore = await graphqlCalls(urls);
      const cpu = process.cpuUsage();
      samples[name].push(await load.run({ spec: cases[name], connections: CONNECTIONS, durationMs: (SECONDS * 1000) / 2 }));
      const used = process.cpuUsage(cpu);
      const callsAfter = await graphqlCalls(urls);
      hubCpuMs[name] += (used.user + used.system) / 1000;
      for (const n of SUBGRAPHS) calls[name][n] += callsAfter[n] - callsBefore[n];
      guard();
    }
    // At 10 connections the hub is saturated and latency is mostly queueing; one connection shows
    // what a request costs when it has the hub to itself.
    console.log(`measuring each case alone (1 connection), ${SECONDS / 4} s per case ...`);
    const alone = {} as Record<CaseName, LoadResult>;
    for (const name of ORDER) {
      alone[name] = summarize([await load.run({ spec: cases[name], connections: 1, durationMs: (SECONDS * 1000) / 4 })]);
      guard();
    }
    const results = {} as Record<CaseName, Result>;
    const subgraphCalls = {} as Record<CaseName, PerSubgraph>;
    for (const name of ORDER) {
      const result = summarize(samples[name]);
      const requests = Math.max(1, result.requests + result.errors);
      results[name] = { ...result, hubCpuMsPerRequest: round(hubCpuMs[name] / requests, 3), alone: { requests: alone[name].requests, errors: alone[name].errors, firstError: alone[name].firstError, latencyMs: alone[name].latencyMs } };
      subgraphCalls[name] = Object.fromEntries(SUBGRAPHS.map((n) => [n, round(calls[name][n] / requests, 2)])) as PerSubgraph;
    }
    const memoryAfterRuns = memory();

    const ratio = (a: number, b: number) => round(a / b, 2);
    const ratios = {
      gatewayOverDirect: {
        throughput: ratio(results.screenGateway.rps, results.screenDirect.rps),
        p50: ratio(results.screenGateway.latencyMs.p50, results.screenDirect.latencyMs.p50),
        p99: ratio(results.screenGateway.latencyMs.p99, results.screenDirect.latencyMs.p99),
        hubCpuPerRequest: ratio(results.screenGateway.hubCpuMsPerRequest, results.screenDirect.hubCpuMsPerRequest),
        p50Alone: ratio(results.screenGateway.alone.latencyMs.p50, results.screenDirect.alone.latencyMs.p50),
      },
      list100OverList1: {
        throughput: ratio(results.list100.rps, results.list1.rps),
        p50: ratio(results.list100.latencyMs.p50, results.list1.latencyMs.p50),
        p99: ratio(results.list100.latencyMs.p99, results.list1.latencyMs.p99),
        hubCpuPerRequest: ratio(results.list100.hubCpuMsPerRequest, results.list1.hubCpuMsPerRequest),
        p50Alone: ratio(results.list100.alone.latencyMs.p50, results.list1.alone.latencyMs.p50),
      },
    };

    const date = new Date();
    const report = {
      date: date.toISOString(),
      settings: { secondsPerCase: SECONDS, warmupSecondsPerCase: WARMUP_SECONDS, connections: CONNECTIONS, listSize: LIST_SIZE, rotation: ROTATION },
      runtime: { node: process.version, cpus: cpus().length },
      cases: Object.fromEntries(
        ORDER.map((n) => [n, { label: LABELS[n], ...results[n], sqlStatementsPerRequest: statements[n], subgraphCallsPerRequestUnderLoad: subgraphCalls[n] }]),
      ),
      ratios,
      memoryMb: { afterWarmup: memoryAfterWarmup, afterRuns: memoryAfterRuns },
    };
    print(report, results, statements, subgraphCalls);
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    // ISO 8601 basic format: no colons, so the name is valid on every file system.
    const file = join(dir, `${date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    console.log(`\nwritten to bench/results/${file.split(/[\\/]/).pop()}`);
  } finally {
    client.close();
    load?.close();
    await hub?.stop();
    await env.cleanup();
  }
}

/** SQL statements one request costs in each subgraph: the fewest over five requests, as a relay poll may fall inside one. */
async function statementsPerRequest(hub: Hub, request: () => Promise<unknown>): Promise<PerSubgraph> {
  const best = Object.fromEntries(SUBGRAPHS.map((n) => [n, Infinity])) as PerSubgraph;
  for (let i = 0; i < 5; i++) {
    const before = SUBGRAPHS.map((n) => hub.subgraphs[n].statements.count);
    await request();
    SUBGRAPHS.forEach((n, j) => (best[n] = Math.min(best[n], hub.subgraphs[n].statements.count - before[j])));
  }
  return best;
}

/** GraphQL calls each subgraph has answered so far, read from its own /metrics. */
async function graphqlCalls(urls: Record<SubgraphName, string>): Promise<PerSubgraph> {
  const count = async (url: string) => {
    const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith('hub_http_request_duration_seconds_count{') && line.includes('route="/graphql"'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  };
  const counts = await Promise.all(SUBGRAPHS.map((n) => count(urls[n])));
  return Object.fromEntries(SUBGRAPHS.map((n, i) => [n, counts[i]])) as PerSubgraph;
}

/** A full collection on demand, without having to start node with --expose-gc. */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** The hub process as load left it, then its live heap after a full collection. */
function memory() {
  const m = process.memoryUsage();
  collectGarbage();
  const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
  return { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external), heapUsedAfterGc: mb(process.memoryUsage().heapUsed) };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function print(
  report: { date: string; settings: Record<string, number>; runtime: { node: string; cpus: number }; ratios: Record<string, Record<string, number>>; memoryMb: Record<string, ReturnType<typeof memory>> },
  results: Record<CaseName, Result>,
  statements: Record<CaseName, PerSubgraph>,
  subgraphCalls: Record<CaseName, PerSubgraph>,
): void {
  const perSubgraph = (p: PerSubgraph) => SUBGRAPHS.map((n) => p[n]).join('/');
  const rows = [
    ['case', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'p50 ms alone', 'hub CPU ms/req', 'client CPU ms/req', 'SQL/req c/p/f/r', 'subgraph calls/req c/p/f/r'],
    ...ORDER.map((n) => {
      const r = results[n];
      return [
        LABELS[n],
        r.rps.toFixed(1),
        r.latencyMs.p50.toFixed(2),
        r.latencyMs.p99.toFixed(2),
        String(r.errors + r.alone.errors),
        r.alone.latencyMs.p50.toFixed(2),
        r.hubCpuMsPerRequest.toFixed(2),
        r.loadCpuMsPerRequest.toFixed(2),
        perSubgraph(statements[n]),
        perSubgraph(subgraphCalls[n]),
      ];
    }),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const { gatewayOverDirect: g, list100OverList1: l } = report.ratios;
  const m = report.memoryMb;
  console.log(`\n${report.date}  ${report.settings.secondsPerCase} s per case after ${report.settings.warmupSecondsPerCase} s warm-up, ${report.settings.connections} connections, Node ${report.runtime.node}, ${report.runtime.cpus} CPUs\n`);
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(`\ngateway / direct      throughput ${g.throughput}x  p50 ${g.p50}x  p99 ${g.p99}x  p50 alone ${g.p50Alone}x  hub CPU/req ${g.hubCpuPerRequest}x`);
  console.log(`first:${LIST_SIZE} / first:1   throughput ${l.throughput}x  p50 ${l.p50}x  p99 ${l.p99}x  p50 alone ${l.p50Alone}x  hub CPU/req ${l.hubCpuPerRequest}x`);
  const mem = (x: ReturnType<typeof memory>) => `RSS ${x.rss} MB, heap used ${x.heapUsed} MB (${x.heapUsedAfterGc} MB live after a full GC)`;
  console.log(`hub process memory    after warm-up: ${mem(m.afterWarmup)};  after runs: ${mem(m.afterRuns)}`);
  const failed = ORDER.filter((n) => results[n].errors + results[n].alone.errors > 0);
  for (const n of failed) console.log(`! ${LABELS[n]}: ${results[n].errors + results[n].alone.errors} failed requests, first: ${results[n].firstError ?? results[n].alone.firstError}`);
}

// Exits explicitly once the hub is stopped and the databases are dropped, so that nothing left
// open by a library can keep the run from ending.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (interrupted) process.exit(130);
    console.error(error);
    process.exit(1);
  },
);
