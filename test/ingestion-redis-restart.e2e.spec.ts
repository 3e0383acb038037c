import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, demoId } from '../scripts/demo-data';
import { gql, tokenFor } from './client';
import { startErpSimulator, type RunningErpSimulator } from '@hub/simulators';
import { IngestionBatchEntity } from '../subgraphs/property/src/ingestion/ingestion-batch.entity';
import { ParkingFeeEntity } from '../subgraphs/property/src/parking/parking.entities';
import { expectExactlyOnce, financeBookings, reconcileSource } from './ingestion-reconcile';

/**
 * Exactly once across a Redis restart: the suite runs on its own redis-server (nothing saved to
 * disk), which is killed in the middle of ingesting a few thousand records and started again
 * empty: no queued job, no job scheduler survives. The database alone must bring everything
 * back, with nothing lost and nothing doubled: in property, and in finance, which must book each
 * parking fee once although the events announcing some of them were in the Redis that died.
 */
const SOURCE = 'redis-erp';
const TOKEN = 'redis-erp-token';
const VAR = `REDIS_ERP_TOKEN_${process.pid}`;
const GCSS = DEMO_IDS.guangchangShangsha;
const CHUNJIANG = DEMO_IDS.chunjiangFirm;
const admin = tokenFor({ sub: 'admin-1', role: 'ADMIN' });

let env: TestEnvironment;
let hub: Hub;
let sim: RunningErpSimulator;
let redis: ChildProcess | null = null;
let port: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startRedis(): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

async function killRedis(): Promise<void> {
  if (!redis || redis.exitCode !== null) return;
  const done = new Promise<void>((resolve) => redis!.once('exit', () => resolve()));
  redis.kill('SIGKILL');
  await done;
}

async function appliedRecords(): Promise<number> {
  const rows = await hub.subgraphs.property.ds.getRepository(IngestionBatchEntity).find({ where: { sourceId: SOURCE, status: 'APPLIED' }, select: { received: true } });
  return rows.reduce((n, b) => n + b.received, 0);
}

const balance = async (): Promise<number> => {
  const { body } = await gql(hub.gateway.url, `query($id: ID!) { compound(id: $id) { publicRevenueBalanceFen } }`, { token: admin, variables: { id: GCSS } });
  expect(body.errors).toBeUndefined();
  return body.data.compound.publicRevenueBalanceFen as number;
};

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  process.env[VAR] = TOKEN;
  port = await freePort();
  redis = await startRedis();
  env = testEnvironment({ REDIS_URL: `redis://127.0.0.1:${port}`, INGEST_RECONCILE_MS: '500' });
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  await hub.settle(30_000);
});

afterAll(async () => {
  await sim?.stop();
  await hub?.stop();
  await env?.cleanup().catch(() => undefined);
  await killRedis();
  delete process.env[VAR];
});

it('Redis killed mid-ingestion and started again empty ends with every record applied exactly once', async () => {
  const inspection = { planId: demoId('property/inspection/guangchang'), checkpoints: [1, 2, 3].map((n) => `${n}号出入口道闸`) };
  sim = await startErpSimulator({ shape: 'erp-a', seed: 'redis-restart', firmId: CHUNJIANG, compounds: [{ id: GCSS, gates: ['GCSS-1', 'GCSS-2'], inspection }], records: 4000, token: TOKEN, knobs: { duplicateRate: 0.02, latencyMs: 30 } });
  const feesBefore = new Set((await hub.subgraphs.property.ds.getRepository(ParkingFeeEntity).find({ select: { id: true } })).map((f) => f.id));
  const balanceBefore = await balance();
  const { body } = await gql(hub.gateway.url, `mutation($input: RegisterIngestionSourceInput!) { registerIngestionSource(input: $input) { id } }`, {
    token: admin,
    variables: { input: { id: SOURCE, kind: 'ERP', adapter: 'erp-a', baseUrl: sim.url, credentialsRef: `env:${VAR}`, firmId: CHUNJIANG, scheduleSeconds: 1, pageSize: 200, rateLimitPerSecond: 3 } },
  });
  expect(body.errors).toBeUndefined();
  const served = sim.expected().served;

  await until('the first batches', async () => (await appliedRecords()) >= 600, 40_000);
  await killRedis();
  const atKill = await appliedRecords();
  await new Promise((r) => setTimeout(r, 1_000));
  redis = await startRedis();
  expect(atKill).toBeLessThan(served);

  await until('every record applied', async () => (await appliedRecords()) >= served, 60_000);
  const r = await reconcileSource(hub.subgraphs.property.ds, SOURCE, CHUNJIANG, sim.expected(), feesBefore);
  expectExactlyOnce(r);
  expect(r.fees).toBeGreaterThan(0);

  // Events the relays had marked published while their jobs were still in the Redis that died
  // come back by the outbox replay; finance books each fee once, at its amount.
  const bookings = () => financeBookings(hub.subgraphs.finance.ds, r.paidFeeIds);
  // The replay re-adds every event of the window at once; on a loaded machine the bookings that
  // meet lock waits come back through the consumers' retries, seconds to a minute or two later.
  await until('finance to book every fee', async () => (await bookings()).booked === r.paidFeeIds.length, 150_000).catch(() => undefined);
  expect(await bookings()).toEqual({ booked: r.paidFeeIds.length, missing: [] });
  expect((await balance()) - balanceBefore).toBe(r.feeTotalFen);
}, 300_000);
