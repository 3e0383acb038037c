import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { IsNull } from 'typeorm';
import { OutboxEvent, SUBGRAPHS } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, demoId } from '../scripts/demo-data';
import { gql, tokenFor } from './client';
import { startErpSimulator, type RunningErpSimulator } from '@hub/simulators';
import { IngestionBatchEntity } from '../subgraphs/property/src/ingestion/ingestion-batch.entity';
import { ParkingFeeEntity } from '../subgraphs/property/src/parking/parking.entities';
import { expectExactlyOnce, financeBookings, reconcileSource } from './ingestion-reconcile';

/**
 * Exactly once across a crash: the worker pool runs as production runs it, a separate
 * `node scripts/dist/workers.js` process (build first), and is SIGKILLed in the middle of
 * ingesting a few thousand records, then started again. Counts and contents are reconciled
 * against the simulator: nothing lost, nothing doubled, one outbox event per fee, and finance
 * booked each fee once.
 */
const root = join(__dirname, '..');
const SOURCE = 'crash-erp';
const TOKEN = 'crash-erp-token';
const VAR = 'CRASH_ERP_TOKEN';
const GCSS = DEMO_IDS.guangchangShangsha;
const CHUNJIANG = DEMO_IDS.chunjiangFirm;
const admin = tokenFor({ sub: 'admin-1', role: 'ADMIN' });

let env: TestEnvironment;
let hub: Hub;
let url: string;
let sim: RunningErpSimulator;
let worker: ChildProcess | null = null;
let output = '';

function startWorkers(): ChildProcess {
  const child = spawn(process.execPath, [join(root, 'scripts/dist/workers.js')], {
    env: { PATH: process.env.PATH ?? '', ...env.env, [VAR]: TOKEN, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return child;
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

async function ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const { body } = await gql(url, query, { token: admin, variables });
  if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function appliedRecords(): Promise<number> {
  const rows = await hub.subgraphs.property.ds.getRepository(IngestionBatchEntity).find({ where: { sourceId: SOURCE, status: 'APPLIED' }, select: { received: true } });
  return rows.reduce((n, b) => n + b.received, 0);
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) {
      const errors = await hub.subgraphs.property.ds.query('SELECT status, attempts, lastError FROM ingestion_batch WHERE lastError IS NOT NULL LIMIT 3');
      const warnings = [...new Set(output.split('\n').map((l) => /"msg":"([^"]*)"/.exec(l)?.[1]).filter(Boolean))];
      throw new Error(`timed out waiting for ${what}; batch errors: ${JSON.stringify(errors).slice(0, 2000)}; worker warnings: ${warnings.join(' | ').slice(0, 2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const balance = async () => (await ok(`query($id: ID!) { compound(id: $id) { publicRevenueBalanceFen } }`, { id: GCSS })).compound.publicRevenueBalanceFen as number;

beforeAll(async () => {
  env = testEnvironment({ INGEST_RECONCILE_MS: '500', OUTBOX_POLL_MS: '50' });
  // Servers and gateway here; every worker runs in the child process only.
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true, workers: false });
  url = hub.gateway.url;
  worker = startWorkers();
  await settled();
});

/**
 * `hub.settle` drains only in-process relays; here the relays run in the child, so wait for every
 * outbox to be published as well as for the event queues to empty.
 */
async function settled(): Promise<void> {
  await until('the seed events', async () => {
    let unpublished = 0;
    for (const name of SUBGRAPHS) unpublished += await hub.subgraphs[name].ds.getRepository(OutboxEvent).countBy({ publishedAt: IsNull() });
    return unpublished === 0;
  }, 30_000);
  await hub.settle(30_000);
}

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill('SIGTERM');
    await exited(worker);
  }
  await sim?.stop();
  await hub?.stop();
  await env?.cleanup();
});

it('a worker SIGKILLed mid-ingestion and restarted ends with every record applied exactly once', async () => {
  const inspection = { planId: demoId('property/inspection/guangchang'), checkpoints: [1, 2, 3].map((n) => `${n}号出入口道闸`) };
  sim = await startErpSimulator({ shape: 'erp-a', seed: 'crash', firmId: CHUNJIANG, compounds: [{ id: GCSS, gates: ['GCSS-1', 'GCSS-2'], inspection }], records: 4000, token: TOKEN, knobs: { duplicateRate: 0.02, latencyMs: 30 } });
  const feesBefore = new Set((await hub.subgraphs.property.ds.getRepository(ParkingFeeEntity).find({ select: { id: true } })).map((f) => f.id));
  const balanceBefore = await balance();
  await ok(`mutation($input: RegisterIngestionSourceInput!) { registerIngestionSource(input: $input) { id } }`, {
    input: { id: SOURCE, kind: 'ERP', adapter: 'erp-a', baseUrl: sim.url, credentialsRef: `env:${VAR}`, firmId: CHUNJIANG, scheduleSeconds: 1, pageSize: 200, rateLimitPerSecond: 3 },
  });
  const served = sim.expected().served;

  // Kill once some batches are applied and more are on their way.
  await until('the first batches', async () => (await appliedRecords()) >= 600, 40_000);
  worker!.kill('SIGKILL');
  await exited(worker!);
  const atKill = await appliedRecords();
  expect(atKill).toBeLessThan(served);

  worker = startWorkers();
  await until('every record applied', async () => (await appliedRecords()) >= served, 60_000);

  const r = await reconcileSource(hub.subgraphs.property.ds, SOURCE, CHUNJIANG, sim.expected(), feesBefore);
  expectExactlyOnce(r);
  expect(r.fees).toBeGreaterThan(0);
  // Finance booked each fee once, and the balance moves to exactly the fees' total. Event jobs the
  // killed process held come back when their BullMQ lock expires (10 s for event consumers).
  const bookings = () => financeBookings(hub.subgraphs.finance.ds, r.paidFeeIds);
  await until('finance to book the fees', async () => (await bookings()).booked === r.paidFeeIds.length, 150_000).catch(() => undefined);
  expect(await bookings()).toEqual({ booked: r.paidFeeIds.length, missing: [] });
  expect((await balance()) - balanceBefore).toBe(r.feeTotalFen);
}, 270_000);
