import { request } from 'node:http';
import { signWebhook } from '../../../platform/src/webhook-signature';
import { ADAPTERS } from '../../../subgraphs/property/src/ingestion/adapters';
import { startErpSimulator, startUtilitySimulator, startWebhookReceiver, type RunningSimulator } from './index';

const COMPOUNDS = [
  { id: '0192f000-0000-7000-8000-0000000000a1', gates: ['N1', 'N2'], inspection: { planId: '0192f000-0000-7000-8000-0000000000p1', checkpoints: ['泵房', '消防通道'] } },
  { id: '0192f000-0000-7000-8000-0000000000a2', gates: ['S1'] },
];
const FIRM = '0192f000-0000-7000-8000-0000000000f1';
const running: Array<{ stop(): Promise<void> }> = [];
afterAll(async () => {
  for (const r of running) await r.stop();
});

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { headers });
  return { status: res.status, text: await res.text() };
}

/** Reads every page the way the pipeline does: through the adapter's pagePath and parsePage. */
async function drain(sim: RunningSimulator, adapterName: string, limit: number): Promise<unknown[]> {
  const adapter = ADAPTERS[adapterName];
  const all: unknown[] = [];
  let cursor: string | null = null;
  for (;;) {
    const res = await get(sim.url + adapter.pagePath(cursor, limit));
    expect(res.status).toBe(200);
    const page = adapter.parsePage(JSON.parse(res.text));
    all.push(...page.records);
    cursor = page.nextCursor;
    if (!page.hasMore) return all;
  }
}

describe.each([
  ['erp-a', 'erp-a'],
  ['erp-b', 'erp-b'],
  ['utility', 'utility-grid'],
] as const)('%s simulator', (kind, adapterName) => {
  const start = (seed: number | string, knobs = {}) =>
    kind === 'utility'
      ? startUtilitySimulator({ seed, compounds: COMPOUNDS, records: 400, knobs })
      : startErpSimulator({ shape: kind, seed, firmId: FIRM, compounds: COMPOUNDS, records: 400, knobs });

  it('serves byte-identical pages for the same seed, other pages for another', async () => {
    const [a, b, c] = await Promise.all([start(11), start(11), start(12)]);
    running.push(a, b, c);
    const path = ADAPTERS[adapterName].pagePath(null, 150);
    const [pa, pb, pc] = await Promise.all([get(a.url + path), get(b.url + path), get(c.url + path)]);
    expect(pa.text).toBe(pb.text);
    expect(pa.text).not.toBe(pc.text);
  });

  it('maps through its adapter to exactly the expected records; defects and duplicates are listed', async () => {
    const sim = await start('reconcile', { duplicateRate: 0.05, malformedRate: 0.03 });
    running.push(sim);
    const truth = sim.expected();
    const raws = await drain(sim, adapterName, 97);
    expect(raws).toHaveLength(truth.served);
    expect(truth.malformed.length).toBeGreaterThan(0);
    expect(truth.duplicates.length).toBeGreaterThan(0);
    expect(truth.records.length + truth.malformed.length + truth.duplicates.length).toBe(truth.served);
    const adapter = ADAPTERS[adapterName];
    const mapped = raws.map((r) => adapter.map(r));
    const malformedAt = new Map(truth.malformed.map((m) => [m.position, m]));
    const duplicateAt = new Set(truth.duplicates.map((d) => d.position));
    const good = [];
    for (const [position, m] of mapped.entries()) {
      if (m.ok) {
        expect(malformedAt.has(position)).toBe(false);
        if (!duplicateAt.has(position)) good.push(m.record);
      } else {
        expect({ position, refused: m.reason }).toEqual({ position, refused: expect.stringContaining(malformedAt.get(position)?.reason ?? 'a record the simulator did not break') });
      }
    }
    expect(good).toEqual(truth.records);
  });

  it('fails and hangs on request when its knobs say so, deterministically', async () => {
    const sim = await start(5, { errorRate: 0.5 });
    running.push(sim);
    const path = ADAPTERS[adapterName].pagePath(null, 10);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await get(sim.url + path)).status);
    expect(statuses.filter((s) => s === 500 || s === 503).length).toBeGreaterThan(3);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(3);
    const again = await start(5, { errorRate: 0.5 });
    running.push(again);
    const statusesAgain: number[] = [];
    for (let i = 0; i < 20; i++) statusesAgain.push((await get(again.url + path)).status);
    expect(statusesAgain).toEqual(statuses);

    sim.setKnobs({ errorRate: 0, timeoutRate: 1 });
    const hung = await fetch(sim.url + path, { signal: AbortSignal.timeout(300) }).then(
      () => 'answered',
      (e: Error) => e.name,
    );
    expect(hung).toBe('TimeoutError');
    expect(sim.stats().timeouts).toBe(1);
  });

  it('builds push bodies of a range of served records', async () => {
    const sim = await start(3);
    running.push(sim);
    const body = sim.pushBody(10, 35);
    expect(ADAPTERS[adapterName].parsePush(body)).toEqual({ ok: true, records: body.records });
    expect(body.records).toHaveLength(25);
    expect(body.records.map((r) => ADAPTERS[adapterName].map(r)).every((m) => m.ok)).toBe(true);
  });
});

it('references the compounds, gates and plan given, and extends the feed the same way for the same seed', async () => {
  const a = await startErpSimulator({ shape: 'erp-a', seed: 9, firmId: FIRM, compounds: COMPOUNDS, records: 300 });
  const b = await startErpSimulator({ shape: 'erp-a', seed: 9, firmId: FIRM, compounds: COMPOUNDS, records: 300 });
  running.push(a, b);
  const records = a.expected().records;
  const ids = new Set(COMPOUNDS.map((c) => c.id));
  expect(records.every((r) => ids.has(r.compoundId))).toBe(true);
  for (const r of records) {
    if (r.kind === 'GATE_EVENT') expect(COMPOUNDS.find((c) => c.id === r.compoundId)!.gates).toContain(r.gate);
    if (r.kind === 'INSPECTION') expect(r.planId).toBe(COMPOUNDS[0].inspection!.planId);
  }
  expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['WORK_ORDER', 'INSPECTION', 'GATE_EVENT', 'FEE_RECEIPT']));
  // work orders skip steps sometimes, and times only move forward
  a.extend(100);
  b.extend(100);
  expect(JSON.stringify(a.pushBody(0, 400))).toBe(JSON.stringify(b.pushBody(0, 400)));
  const hubExternal = a.appendHubOrder({ hubWorkOrderId: 'hub-order-1', compoundId: COMPOUNDS[0].id, statuses: ['IN_PROGRESS', 'COMPLETED'] });
  const tail = a.expected().records.slice(-2);
  expect(tail).toMatchObject([
    { kind: 'WORK_ORDER', externalId: hubExternal, hubWorkOrderId: 'hub-order-1', status: 'IN_PROGRESS' },
    { kind: 'WORK_ORDER', externalId: hubExternal, hubWorkOrderId: 'hub-order-1', status: 'COMPLETED', completionPhotoUrls: [expect.stringMatching(/^https:/)] },
  ]);
});

it('asks for its bearer token when given one', async () => {
  const sim = await startUtilitySimulator({ seed: 1, compounds: [COMPOUNDS[0].id], records: 10, token: 's3cret' });
  running.push(sim);
  expect((await get(`${sim.url}/grid/v2/feed`)).status).toBe(401);
  expect((await get(`${sim.url}/grid/v2/feed`, { authorization: 'Bearer s3cret' })).status).toBe(200);
});

describe('webhook receiver', () => {
  const secret = 'whsec_' + Buffer.from('partner-secret-0123456789abcdef').toString('base64');
  const post = (url: string, headers: Record<string, string>, body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });

  it('verifies Standard Webhooks signatures, including one of several, and refuses stale or forged ones', async () => {
    const receiver = await startWebhookReceiver({ secret });
    running.push(receiver);
    const body = JSON.stringify({ type: 'rating.published', data: { score: 92.35 } });
    const now = Math.floor(Date.now() / 1000);
    const other = 'whsec_' + Buffer.from('another-secret-after-rotation!!').toString('base64');
    const headers = (id: string, ts: number, signature: string) => ({ 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signature });
    expect(await post(receiver.url, headers('m1', now, signWebhook(secret, 'm1', now, body)), body)).toBe(200);
    expect(await post(receiver.url, headers('m2', now, `${signWebhook(other, 'm2', now, body)} ${signWebhook(secret, 'm2', now, body)}`), body)).toBe(200);
    expect(await post(receiver.url, headers('m3', now, signWebhook(other, 'm3', now, body)), body)).toBe(401);
    expect(await post(receiver.url, headers('m4', now - 3600, signWebhook(secret, 'm4', now - 3600, body)), body)).toBe(401);
    expect(await post(receiver.url, headers('m5', now, signWebhook(secret, 'm5', now, body)), body + ' ')).toBe(401);
    expect(receiver.received.map((r) => [r.id, r.verified])).toEqual([
      ['m1', true],
      ['m2', true],
      ['m3', false],
      ['m4', false],
      ['m5', false],
    ]);
  });

  it('answers 500 or 410 when told to', async () => {
    const receiver = await startWebhookReceiver({ secret });
    running.push(receiver);
    const now = Math.floor(Date.now() / 1000);
    const send = (id: string) => post(receiver.url, { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': signWebhook(secret, id, now, '{}') }, '{}');
    receiver.setKnobs({ failNext: 2, failStatus: 500 });
    expect([await send('a'), await send('b'), await send('c')]).toEqual([500, 500, 200]);
    receiver.setKnobs({ status: 410 });
    expect(await send('d')).toBe(410);
    const all = await receiver.waitFor(4);
    expect(all.map((r) => r.status)).toEqual([500, 500, 200, 410]);
    expect(all.every((r) => r.verified)).toBe(true);
  });
});
