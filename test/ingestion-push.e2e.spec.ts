import { newWebhookSecret, signWebhook, uuidv7 } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS } from '../scripts/demo-data';
import { gql, tokenFor } from './client';
import { IngestionBatchEntity } from '../subgraphs/property/src/ingestion/ingestion-batch.entity';
import { WorkOrderEntity } from '../subgraphs/property/src/work-orders/work-order.entity';

/**
 * Pushes (`POST /ingest/{sourceId}`) through the gateway on MariaDB and Redis: a signed push is
 * staged and answered 202 at once, then applied; each refusal has its code; a repeated
 * webhook-id is the same batch; malformed records are quarantined with readable reasons and
 * replayed once fixed; who may read what.
 */
let env: TestEnvironment;
let hub: Hub;
let url: string;
const SOURCE = 'push-erp';
const SECRET_VAR = `PUSH_TEST_SECRET_${process.pid}`;
const secret = newWebhookSecret();
const GCSS = DEMO_IDS.guangchangShangsha;

const admin = tokenFor({ sub: 'admin-1', role: 'ADMIN' });
const integration = tokenFor({ sub: 'cj-erp', role: 'INTEGRATION', source: SOURCE });
const otherIntegration = tokenFor({ sub: 'other', role: 'INTEGRATION', source: 'someone-else' });
const chunjiang = tokenFor({ sub: 'cj', role: 'PROPERTY_FIRM', firm: DEMO_IDS.chunjiangFirm });
const otherFirm = tokenFor({ sub: 'of', role: 'PROPERTY_FIRM', firm: uuidv7() });
const resident = tokenFor({ sub: 'r', role: 'RESIDENT', compounds: [GCSS] });

async function ok<T = any>(query: string, token: string, variables?: Record<string, unknown>): Promise<T> {
  const { body } = await gql(url, query, { token, variables });
  if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}
const errorCode = async (query: string, token: string, variables?: Record<string, unknown>) => (await gql(url, query, { token, variables })).body.errors?.[0]?.extensions?.code;

/** An erp-a work order as the vendor's feed carries it. */
const workOrder = (id: string, over: Record<string, unknown> = {}) => ({
  type: 'workOrder',
  id,
  updatedAt: '2026-11-03T14:05:00+08:00',
  data: {
    communityId: GCSS,
    hubTicketId: null,
    category: 'REPAIR',
    urgency: 'normal',
    summary: `推送工单 ${id}`,
    location: '2幢',
    state: 'open',
    handler: null,
    resolution: null,
    photos: [],
    createdAt: '2026-11-03T09:00:00+08:00',
    finishedAt: null,
    ...over,
  },
});

async function push(body: string, headers: Record<string, string> = {}, source = SOURCE) {
  const response = await fetch(new URL(`/ingest/${source}`, url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as any };
}

function signed(records: unknown[], id = uuidv7(), timestamp = Math.floor(Date.now() / 1000)) {
  const body = JSON.stringify({ records });
  return { body, headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, id, timestamp, body) } };
}

const BATCH = `query($id: ID!) { ingestionBatch(id: $id) { id sourceId origin status received accepted rejected applied unchanged rejections { position externalId stage reason raw replayedAt } } }`;

async function applied(batchId: string) {
  for (let i = 0; i < 200; i++) {
    const { ingestionBatch } = await ok(BATCH, admin, { id: batchId });
    if (ingestionBatch.status !== 'STAGED') return ingestionBatch;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`batch ${batchId} was not applied`);
}

beforeAll(async () => {
  process.env[SECRET_VAR] = secret;
  env = testEnvironment({ INGEST_PUSH_MAX_RECORDS: '5', INGEST_RECONCILE_MS: '300', REQUEST_BODY_MAX_BYTES: '50000' });
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  url = hub.gateway.url;
  await hub.settle();
  await ok(
    `mutation($input: RegisterIngestionSourceInput!) { registerIngestionSource(input: $input) { id } }`,
    admin,
    // Push only: the base URL answers nothing and the schedule is a day, so pulls stay out of the way.
    { input: { id: SOURCE, kind: 'ERP', adapter: 'erp-a', baseUrl: 'http://127.0.0.1:9/', credentialsRef: `env:${SECRET_VAR}`, firmId: DEMO_IDS.chunjiangFirm, scheduleSeconds: 86_400 } },
  );
});

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
  delete process.env[SECRET_VAR];
});

describe('a signed push', () => {
  let batchId: string;
  const pushId = uuidv7();

  it('is answered 202 with the batch id and the count received', async () => {
    const { body, headers } = signed([workOrder('WO-P1'), workOrder('WO-P2')], pushId);
    const answer = await push(body, headers);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ batchId: expect.any(String), received: 2 });
    batchId = answer.body.batchId;
  });

  it('is applied: ingestionBatch shows accepted and applied, the work orders exist', async () => {
    const batch = await applied(batchId);
    expect(batch).toMatchObject({ sourceId: SOURCE, origin: 'PUSH', status: 'APPLIED', received: 2, accepted: 2, rejected: 0, applied: 2, rejections: [] });
    const orders = await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).find({ where: { compoundId: GCSS } });
    expect(orders.filter((o) => o.description.startsWith('推送工单')).map((o) => o.description).sort()).toEqual(['推送工单 WO-P1', '推送工单 WO-P2']);
  });

  it('sent again with the same webhook-id answers the same batch and stages nothing', async () => {
    const batches = () => hub.subgraphs.property.ds.getRepository(IngestionBatchEntity).countBy({ sourceId: SOURCE });
    const before = await batches();
    const { body, headers } = signed([workOrder('WO-P1'), workOrder('WO-P2'), workOrder('WO-P3')], pushId);
    const answer = await push(body, headers);
    expect(answer).toEqual({ status: 202, body: { batchId, received: 2 } });
    expect(await batches()).toBe(before);
  });

  it('sent again with a new webhook-id applies nothing twice', async () => {
    const { body, headers } = signed([workOrder('WO-P1'), workOrder('WO-P2')]);
    const answer = await push(body, headers);
    const batch = await applied(answer.body.batchId);
    expect(batch).toMatchObject({ status: 'APPLIED', accepted: 2, applied: 0, unchanged: 2 });
    const orders = await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).find({ where: { compoundId: GCSS } });
    expect(orders.filter((o) => o.description.startsWith('推送工单')).length).toBe(2);
  });
});

describe('refusals, each with a code and a message', () => {
  it.each([
    ['no signature headers', () => ({ ...signed([workOrder('WO-R1')]), headers: {} }), 401, 'SIGNATURE_MISSING'],
    ['a signature under another secret', () => {
      const s = signed([workOrder('WO-R1')]);
      return { ...s, headers: { ...s.headers, 'webhook-signature': signWebhook(newWebhookSecret(), s.headers['webhook-id'], Number(s.headers['webhook-timestamp']), s.body) } };
    }, 401, 'SIGNATURE_INVALID'],
    ['a body changed after signing', () => {
      const s = signed([workOrder('WO-R1')]);
      return { ...s, body: s.body.replace('WO-R1', 'WO-R9') };
    }, 401, 'SIGNATURE_INVALID'],
    ['a timestamp ten minutes old', () => signed([workOrder('WO-R1')], uuidv7(), Math.floor(Date.now() / 1000) - 600), 401, 'SIGNATURE_STALE'],
    ['more records than INGEST_PUSH_MAX_RECORDS', () => signed([1, 2, 3, 4, 5, 6].map((n) => workOrder(`WO-R${n}`))), 413, 'TOO_MANY_RECORDS'],
    ['a body that is not { records: [...] }', () => {
      const id = uuidv7();
      const ts = Math.floor(Date.now() / 1000);
      const body = JSON.stringify({ items: [] });
      return { body, headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, id, ts, body) } };
    }, 400, 'BODY_MALFORMED'],
    ['a body that is not JSON', () => {
      const id = uuidv7();
      const ts = Math.floor(Date.now() / 1000);
      const body = '{"records": [';
      return { body, headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, id, ts, body) } };
    }, 400, 'BODY_MALFORMED'],
    ['a body over the byte cap', () => signed([workOrder('WO-R1', { summary: '长'.repeat(20_000) })]), 413, 'BODY_TOO_LARGE'],
  ])('%s', async (_what, make, status, code) => {
    const before = await hub.subgraphs.property.ds.getRepository(IngestionBatchEntity).countBy({ sourceId: SOURCE });
    const { body, headers } = make();
    const answer = await push(body, headers as Record<string, string>);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ code, message: expect.any(String) });
    expect(answer.body.message.length).toBeGreaterThan(20);
    expect(await hub.subgraphs.property.ds.getRepository(IngestionBatchEntity).countBy({ sourceId: SOURCE })).toBe(before);
  });

  it('an unknown source is 404', async () => {
    const { body, headers } = signed([workOrder('WO-R1')]);
    const answer = await push(body, headers, 'no-such-source');
    expect(answer).toEqual({ status: 404, body: { code: 'UNKNOWN_SOURCE', message: expect.stringContaining('no-such-source') } });
  });

  it('a paused source is 409 with the reason, and takes pushes again once resumed', async () => {
    await ok(`mutation { pauseIngestionSource(id: "${SOURCE}", reason: "ERP vendor migrating") { enabled pausedReason } }`, admin);
    const first = signed([workOrder('WO-R1')]);
    const refused = await push(first.body, first.headers);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ code: 'SOURCE_PAUSED', message: expect.stringContaining('ERP vendor migrating') });
    await ok(`mutation { resumeIngestionSource(id: "${SOURCE}") { enabled } }`, admin);
    const again = await push(first.body, first.headers);
    expect(again.status).toBe(202);
    expect((await applied(again.body.batchId)).status).toBe('APPLIED');
  });
});

describe('malformed records', () => {
  let batchId: string;

  it('are quarantined with a readable reason and the raw payload; the rest of the batch goes on', async () => {
    const bad = workOrder('WO-Q1', { urgency: 'whenever' });
    const foreign = workOrder('WO-Q2', { communityId: DEMO_IDS.mengda });
    const { body, headers } = signed([workOrder('WO-Q0'), bad, foreign]);
    const answer = await push(body, headers);
    const batch = await applied(answer.body.batchId);
    batchId = batch.id;
    expect(batch).toMatchObject({ received: 3, accepted: 1, rejected: 2, applied: 1 });
    expect(batch.rejections.map((r: any) => [r.position, r.externalId, r.stage])).toEqual([
      [1, 'WO-Q1', 'MAP'],
      [2, 'WO-Q2', 'APPLY'],
    ]);
    expect(batch.rejections[0].reason).toMatch(/urgency/);
    expect(batch.rejections[1].reason.length).toBeGreaterThan(10);
    expect(JSON.parse(batch.rejections[0].raw)).toEqual(bad);
    const status = (await ok(`query { ingestionStatus(sourceId: "${SOURCE}") { quarantined rejected lagRecords } }`, admin)).ingestionStatus;
    expect(status).toMatchObject({ quarantined: 2, lagRecords: 0 });
  });

  it('a replay before a fix refuses them again as new quarantined records; the old ones are not replayed twice', async () => {
    const replay = (await ok(`mutation { replayQuarantinedRecords(sourceId: "${SOURCE}") { replayed accepted rejected } }`, admin)).replayQuarantinedRecords;
    expect(replay).toEqual({ replayed: 2, accepted: 0, rejected: 2 });
    const again = (await ok(`mutation { replayQuarantinedRecords(sourceId: "${SOURCE}") { replayed accepted rejected } }`, admin)).replayQuarantinedRecords;
    expect(again).toEqual({ replayed: 2, accepted: 0, rejected: 2 });
    const list = (await ok(`query { quarantinedRecords(sourceId: "${SOURCE}", first: 50) { edges { node { externalId replayedAt replayOutcome } } } }`, admin)).quarantinedRecords.edges.map((e: any) => e.node);
    expect(list.filter((q: any) => q.replayOutcome === 'REJECTED').length).toBe(4);
    expect(list.filter((q: any) => q.replayedAt === null).length).toBe(2);
  });

  it('once the data is fixed (the firm takes over the compound), the replay applies them once', async () => {
    // The applier refused WO-Q2 because Chunjiang does not serve Mengda; WO-Q1 stays refused by the adapter.
    const { ServiceContractEntity } = await import('../subgraphs/property/src/contracts/service-contract.entity');
    const contracts = hub.subgraphs.property.ds.getRepository(ServiceContractEntity);
    const existing = await contracts.findOneBy({ compoundId: DEMO_IDS.mengda, status: 'ACTIVE' as never });
    if (existing) await contracts.update({ id: existing.id }, { firmId: DEMO_IDS.chunjiangFirm });
    else await contracts.insert({ compoundId: DEMO_IDS.mengda, firmId: DEMO_IDS.chunjiangFirm, model: 'MARKET' as never, startsOn: '2020-01-01', endsOn: null, status: 'ACTIVE' as never, endReason: null } as never);
    const replay = (await ok(`mutation { replayQuarantinedRecords(sourceId: "${SOURCE}") { replayed accepted rejected } }`, admin)).replayQuarantinedRecords;
    expect(replay).toEqual({ replayed: 2, accepted: 1, rejected: 1 });
    const orders = await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).findBy({ compoundId: DEMO_IDS.mengda });
    expect(orders.filter((o) => o.description === '推送工单 WO-Q2').length).toBe(1);
    const nothing = (await ok(`mutation { replayQuarantinedRecords(sourceId: "${SOURCE}") { replayed accepted } }`, admin)).replayQuarantinedRecords;
    expect(nothing).toEqual({ replayed: 1, accepted: 0 });
    expect((await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).findBy({ compoundId: DEMO_IDS.mengda })).filter((o) => o.description === '推送工单 WO-Q2').length).toBe(1);
    expect(batchId).toBeDefined();
  });
});

describe('who may read ingestion', () => {
  it('the integration token bound to the source reads its status and batches; another one sees nothing', async () => {
    expect((await ok(`query { ingestionStatus(sourceId: "${SOURCE}") { source { id } } }`, integration)).ingestionStatus.source.id).toBe(SOURCE);
    expect((await ok(`query { ingestionSources { id } }`, integration)).ingestionSources.map((s: any) => s.id)).toEqual([SOURCE]);
    expect(await errorCode(`query { ingestionStatus(sourceId: "${SOURCE}") { lagSeconds } }`, otherIntegration)).toBe('NOT_FOUND');
    expect((await ok(`query { ingestionSources { id } }`, otherIntegration)).ingestionSources).toEqual([]);
  });

  it('the firm whose ERP it is reads it; another firm does not', async () => {
    expect((await ok(`query { ingestionSources { id firmId } }`, chunjiang)).ingestionSources).toEqual([{ id: SOURCE, firmId: DEMO_IDS.chunjiangFirm }]);
    expect(await errorCode(`query { quarantinedRecords(sourceId: "${SOURCE}") { edges { cursor } } }`, otherFirm)).toBe('NOT_FOUND');
  });

  it('everyone else is refused, and only admins change sources', async () => {
    expect(await errorCode(`query { ingestionSources { id } }`, resident)).toBe('FORBIDDEN');
    expect(await errorCode(`mutation { pauseIngestionSource(id: "${SOURCE}", reason: "x") { id } }`, integration)).toBe('FORBIDDEN');
    expect(await errorCode(`mutation { replayQuarantinedRecords(sourceId: "${SOURCE}") { replayed } }`, chunjiang)).toBe('FORBIDDEN');
    expect(await errorCode(`query { deadIngestionBatches { edges { cursor } } }`, chunjiang)).toBe('FORBIDDEN');
  });

  it('registration refuses bad settings with every problem named, changing nothing', async () => {
    const { body } = await gql(url, `mutation($input: RegisterIngestionSourceInput!) { registerIngestionSource(input: $input) { id } }`, {
      token: admin,
      variables: { input: { id: 'Bad Id', kind: 'UTILITY', adapter: 'erp-a', baseUrl: 'ftp://x', credentialsRef: 'whsec_plainsecret', firmId: DEMO_IDS.chunjiangFirm } },
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const word of ['id must be a slug', 'reads ERP data', 'baseUrl', 'credentialsRef', 'firmId is only for ERP']) expect(body.errors?.[0]?.message).toContain(word);
    expect((await ok(`query { ingestionSources { id } }`, admin)).ingestionSources.map((s: any) => s.id)).toEqual([SOURCE]);
  });
});
