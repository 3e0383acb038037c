import { newWebhookSecret, signWebhook, uuidv7 } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS } from '../scripts/demo-data';
import { gql, tokenFor } from './client';
import { startErpSimulator, type RunningErpSimulator } from '@hub/simulators';
import { IngestionBatchEntity } from '../subgraphs/property/src/ingestion/ingestion-batch.entity';
import { IngestionSourceEntity } from '../subgraphs/property/src/ingestion/ingestion-source.entity';
import { fetchBackoffMs } from '../subgraphs/property/src/ingestion/ingestion-rules';
import { WorkOrderEntity } from '../subgraphs/property/src/work-orders/work-order.entity';

/**
 * Faults through the whole stack: a source answering 500s or not at all backs off exponentially
 * and recovers; one that keeps failing is paused with the reason; a batch whose apply keeps
 * failing on a database error becomes DEAD and is replayed once the database is fixed.
 */
let env: TestEnvironment;
let hub: Hub;
let url: string;
let sim: RunningErpSimulator;
const GCSS = DEMO_IDS.guangchangShangsha;
const TOKEN = 'faults-erp-token';
const VAR = `FAULTS_ERP_${process.pid}`;
const PUSH_VAR = `FAULTS_PUSH_${process.pid}`;
const pushSecret = newWebhookSecret();
const BASE_MS = 200;
const PAUSE_AFTER = 5;
const admin = tokenFor({ sub: 'admin-1', role: 'ADMIN' });

async function ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const { body } = await gql(url, query, { token: admin, variables });
  if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const source = (id = 'flaky-erp') => hub.subgraphs.property.ds.getRepository(IngestionSourceEntity).findOneByOrFail({ id });

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const appliedRecords = async (sourceId: string) =>
  (await hub.subgraphs.property.ds.getRepository(IngestionBatchEntity).find({ where: { sourceId, status: 'APPLIED' }, select: { received: true } })).reduce((n, b) => n + b.received, 0);

beforeAll(async () => {
  Object.assign(process.env, { [VAR]: TOKEN, [PUSH_VAR]: pushSecret });
  env = testEnvironment({
    INGEST_RECONCILE_MS: '300',
    INGEST_RETRY_BASE_MS: String(BASE_MS),
    INGEST_RETRY_MAX_MS: '1600',
    INGEST_PAUSE_AFTER_FAILURES: String(PAUSE_AFTER),
    INGEST_FETCH_TIMEOUT_MS: '300',
    INGEST_APPLY_ATTEMPTS: '3',
  });
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  url = hub.gateway.url;
  await hub.settle();
  sim = await startErpSimulator({ shape: 'erp-a', seed: 'faults', firmId: DEMO_IDS.chunjiangFirm, compounds: [{ id: GCSS, gates: ['GCSS-1'] }], records: 300, token: TOKEN, knobs: { errorRate: 1 } });
  await ok(`mutation($input: RegisterIngestionSourceInput!) { registerIngestionSource(input: $input) { id } }`, {
    input: { id: 'flaky-erp', kind: 'ERP', adapter: 'erp-a', baseUrl: sim.url, credentialsRef: `env:${VAR}`, firmId: DEMO_IDS.chunjiangFirm, scheduleSeconds: 1, pageSize: 50, rateLimitPerSecond: 100 },
  });
});

afterAll(async () => {
  await sim?.stop();
  await hub?.stop();
  await env?.cleanup();
});

describe('a source answering errors', () => {
  it('backs off exponentially: each failure waits twice as long as the one before', async () => {
    const second = await until('two failures', async () => {
      const s = await source();
      return s.consecutiveFailures >= 2 && s;
    });
    sim.setKnobs({ errorRate: 0 });
    expect(second.enabled).toBe(true);
    expect(second.lastError).toMatch(/HTTP 50[03]/);
    expect(second.retryAt!.getTime() - second.lastRunAt!.getTime()).toBe(fetchBackoffMs(second.consecutiveFailures, BASE_MS, 1600));
    expect(second.retryAt!.getTime() - second.lastRunAt!.getTime()).toBeGreaterThanOrEqual(2 * BASE_MS);
  });

  it('recovers once the source answers: everything applied once, the failures forgotten', async () => {
    await until('the feed applied', async () => (await appliedRecords('flaky-erp')) >= sim.expected().served);
    const s = await source();
    expect(s).toMatchObject({ consecutiveFailures: 0, lastError: null, retryAt: null, enabled: true });
    const orders = await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).countBy({ firmId: DEMO_IDS.chunjiangFirm, source: 'ERP' as never });
    const expected = new Set(sim.expected().latest.filter((r) => r.kind === 'WORK_ORDER').map((r) => r.externalId)).size;
    expect(orders).toBe(expected);
    expect(sim.stats().errors).toBeGreaterThanOrEqual(2);
  });

  it('a source that does not answer in time counts as failing, and recovers', async () => {
    sim.setKnobs({ timeoutRate: 1 });
    sim.extend(100);
    const failing = await until('a timeout', async () => {
      const s = await source();
      return s.consecutiveFailures >= 1 && s;
    });
    sim.setKnobs({ timeoutRate: 0 });
    expect(failing.lastError).toContain('within 300 ms');
    await until('the new records applied', async () => (await appliedRecords('flaky-erp')) >= sim.expected().served);
    expect((await source()).consecutiveFailures).toBe(0);
  });

  it(`is paused after ${PAUSE_AFTER} failures in a row with the reason visible, and resumes`, async () => {
    sim.setKnobs({ errorRate: 1 });
    sim.extend(50);
    const paused = await until('the pause', async () => {
      const s = await source();
      return !s.enabled && s;
    }, 30_000);
    expect(paused.consecutiveFailures).toBe(PAUSE_AFTER);
    const status = (await ok(`query { ingestionStatus(sourceId: "flaky-erp") { pausedReason lastError source { enabled } } }`)).ingestionStatus;
    expect(status.source.enabled).toBe(false);
    expect(status.pausedReason).toMatch(new RegExp(`^Paused after ${PAUSE_AFTER} failed pulls in a row \\(last: HTTP 50[03] .*\\); fix the source, then resumeIngestionSource$`));
    // Paused means no more requests.
    const asked = sim.stats().errors;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(sim.stats().errors).toBe(asked);
    sim.setKnobs({ errorRate: 0 });
    await ok(`mutation { resumeIngestionSource(id: "flaky-erp") { enabled } }`);
    await until('the rest applied', async () => (await appliedRecords('flaky-erp')) >= sim.expected().served);
    expect(await source()).toMatchObject({ enabled: true, pausedReason: null, consecutiveFailures: 0 });
  });
});

describe('a batch whose apply keeps failing', () => {
  const ds = () => hub.subgraphs.property.ds;
  let batchId: string;

  it('becomes DEAD after its attempts, listed in the dead-letter queue with the error', async () => {
    await ok(`mutation($input: RegisterIngestionSourceInput!) { registerIngestionSource(input: $input) { id } }`, {
      input: { id: 'dlq-erp', kind: 'ERP', adapter: 'erp-a', baseUrl: 'http://127.0.0.1:9/', credentialsRef: `env:${PUSH_VAR}`, firmId: DEMO_IDS.chunjiangFirm, scheduleSeconds: 86_400 },
    });
    // A database fault: the table the applier writes is gone.
    await ds().query('RENAME TABLE `work_order` TO `work_order_away`');
    const body = JSON.stringify(sim.pushBody(0, 20));
    const id = uuidv7();
    const ts = Math.floor(Date.now() / 1000);
    const response = await fetch(new URL('/ingest/dlq-erp', url), { method: 'POST', body, headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(pushSecret, id, ts, body) } });
    expect(response.status).toBe(202);
    batchId = ((await response.json()) as any).batchId;
    const dead = await until('the batch dead', async () => {
      const b = await ds().getRepository(IngestionBatchEntity).findOneByOrFail({ id: batchId });
      return b.status === 'DEAD' && b;
    });
    expect(dead.attempts).toBe(3);
    expect(dead.lastError).toMatch(/work_order/);
    const { deadIngestionBatches } = await ok(`query { deadIngestionBatches(first: 10) { edges { node { id status attempts lastError received } } } }`);
    expect(deadIngestionBatches.edges.map((e: any) => e.node)).toEqual([{ id: batchId, status: 'DEAD', attempts: 3, lastError: dead.lastError, received: 20 }]);
    expect((await ok(`query { ingestionStatus(sourceId: "dlq-erp") { deadBatches lagRecords } }`)).ingestionStatus).toEqual({ deadBatches: 1, lagRecords: 0 });
  });

  it('is replayed once the database is fixed, and applies once', async () => {
    await ds().query('RENAME TABLE `work_order_away` TO `work_order`');
    const replayed = (await ok(`mutation($id: ID!) { replayDeadBatch(id: $id) { status attempts } }`, { id: batchId })).replayDeadBatch;
    expect(replayed).toEqual({ status: 'STAGED', attempts: 0 });
    const batch = await until('the batch applied', async () => {
      const b = (await ok(`query($id: ID!) { ingestionBatch(id: $id) { status received accepted rejected applied unchanged } }`, { id: batchId })).ingestionBatch;
      return b.status === 'APPLIED' && b;
    });
    // The same 20 records were applied by the pull already: nothing new, nothing doubled.
    expect(batch).toMatchObject({ received: 20, applied: 0 });
    expect(batch.unchanged + batch.rejected).toBe(20);
    const again = await gql(url, `mutation($id: ID!) { replayDeadBatch(id: $id) { status } }`, { token: admin, variables: { id: batchId } });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect((await ok(`query { deadIngestionBatches(first: 10) { edges { cursor } } }`)).deadIngestionBatches.edges).toEqual([]);
  });
});
