import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { readEventStream, testEnvironment, TEST_JWT_SECRET, TEST_SIGNING_SECRET, type TestEnvironment } from '@hub/platform/testing';
import { In } from 'typeorm';
import { createLogger, loadConfig, transaction, uuidv7, webhookSecretKey } from '@hub/platform';
import { ratingSubgraph } from '@hub/rating';
import { recordRatingUpdates } from '../subgraphs/rating/src/partners/rating-updates';
import { RatingEventEntity } from '../subgraphs/rating/src/partners/rating-event.entity';
import { LiveFeed } from '../subgraphs/rating/src/subscriptions/live-feed';
import { WebhookDeliveryEntity } from '../subgraphs/rating/src/webhooks/webhook-delivery.entity';
import { WebhookEndpointEntity } from '../subgraphs/rating/src/webhooks/webhook-endpoint.entity';
import { newWebhookSecret, verifyWebhook } from '../subgraphs/rating/src/webhooks/signature';
import { openSecret } from '../subgraphs/rating/src/webhooks/secret-box';
import { sealPlainSecrets } from '../subgraphs/rating/src/webhooks/webhook-worker';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_REGIONS, rating as ratingDemo } from '../scripts/demo-data';
import { seedRatingDemo } from '../subgraphs/rating/src/demo';
import { gql, tokenFor } from './client';

/**
 * Partners following rating updates through the gateway. Haishu's quarter round (Youhe scored by
 * its three groups) is published as the district runs it; live subscribers over graphql-ws and
 * SSE see it with the compound's name and firm, a webhook receiver that was down for the first
 * attempts gets it signed, finance books the payout and the district's red/black list shows it.
 * Then the catch-up feed and resumed subscriptions, 410 and a run of failures disabling an
 * endpoint, manual replay, the private-address guard, scope, the log's ordering, the Redis nudge
 * between instances and batching.
 */
let env: TestEnvironment;
let hub: Hub;
let receiver: Server;
let receiverUrl: string;

interface Received {
  path: string;
  eventId: string;
  headers: IncomingMessage['headers'];
  body: string;
  answered: number;
  /** Whether the receiver, knowing the endpoint's secret, accepted the signature; null when it does not check. */
  verified: boolean | null;
}
const received: Received[] = [];
/** Secrets the receiver checks signatures with, per path; a bad signature is answered 401 instead of 2xx. */
const receiverSecrets: Record<string, string> = {};

/**
 * The receiver's own check, written from the Standard Webhooks specification rather than with the
 * hub's code: HMAC-SHA256 keyed with the base64 part of `whsec_…` over `id.timestamp.body`, any of
 * the space-separated `v1,` signatures, a timestamp within five minutes.
 */
function receiverVerifies(secret: string, headers: IncomingMessage['headers'], body: string): boolean {
  const id = String(headers['webhook-id']);
  const timestamp = String(headers['webhook-timestamp']);
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(`${id}.${timestamp}.${body}`).digest('base64');
  return String(headers['webhook-signature'] ?? '').split(' ').includes(`v1,${expected}`);
}
/**
 * Status codes each receiver path answers to each event, in order; the last repeats. The flaky
 * receiver is down for the first two attempts of the first quarter's events.
 */
const script: Record<string, (period: string) => number[]> = {
  '/flaky': (period) => (period === '2026-Q4' ? [503, 503, 200] : [200]),
  '/gone': () => [410],
  '/down': () => [500],
  '/rotating': () => [200],
};

const partner = tokenFor({ sub: 'partner-haishu', role: 'PARTNER', regions: [DEMO_REGIONS.haishu] });
const otherPartner = tokenFor({ sub: 'partner-yinzhou', role: 'PARTNER', regions: [DEMO_REGIONS.yinzhou] });
const resident = tokenFor({ sub: 'resident-1', role: 'RESIDENT', compounds: [DEMO_IDS.youhe] });
const YOUHE_PATH = [DEMO_REGIONS.yingfeng, DEMO_REGIONS.yuehu, DEMO_REGIONS.haishu];

const R = DEMO_REGIONS;
const haishuOfficial = tokenFor({ sub: 'official-haishu', role: 'OFFICIAL', regions: [R.haishu] });

async function ok(token: string, query: string, variables: Record<string, unknown> = {}) {
  const { body } = await gql(hub.gateway.url, query, { token, variables });
  expect(body.errors).toBeUndefined();
  return body.data;
}

const sheet = (cleaning: number, repairs: number) => [
  { indicator: 'CLEANING', score: cleaning },
  { indicator: 'REPAIRS', score: repairs },
];

/**
 * A quarter's round of Haishu district as the district runs it, through the gateway: Youhe scored
 * by its owners' committee, owner representatives and community, Guangchang Shangsha (served by
 * Chunjiang) by its community only, then closed and published.
 */
async function publishQuarter(period: string, youhe = { oc: sheet(90, 80), rep: sheet(70, 60), community: sheet(95, 90) }, guangchang = sheet(75, 70)): Promise<void> {
  const round = (await ok(haishuOfficial, `mutation($d: ID!, $p: String!) { openRound(input: { districtCode: $d, period: $p }) { id } }`, { d: R.haishu, p: period })).openRound;
  const register = `mutation($r: ID!, $c: ID!, $raters: [RaterInput!]!) { registerRaters(roundId: $r, compoundId: $c, raters: $raters) }`;
  await ok(haishuOfficial, register, {
    r: round.id,
    c: DEMO_IDS.youhe,
    raters: [
      { sub: 'oc-1', group: 'OWNERS_COMMITTEE' },
      { sub: 'rep-1', group: 'OWNER_REPRESENTATIVES' },
      { sub: 'party-yingfeng', group: 'COMMUNITY' },
    ],
  });
  await ok(haishuOfficial, register, { r: round.id, c: DEMO_IDS.guangchangShangsha, raters: [{ sub: 'party-dongfang', group: 'COMMUNITY' }] });
  const submit = `mutation($r: ID!, $c: ID!, $s: [IndicatorScoreInput!]!) { submitScores(roundId: $r, compoundId: $c, scores: $s) { id } }`;
  await ok(tokenFor({ sub: 'oc-1', role: 'OWNERS_COMMITTEE', compounds: [DEMO_IDS.youhe] }), submit, { r: round.id, c: DEMO_IDS.youhe, s: youhe.oc });
  await ok(tokenFor({ sub: 'rep-1', role: 'RESIDENT', compounds: [DEMO_IDS.youhe] }), submit, { r: round.id, c: DEMO_IDS.youhe, s: youhe.rep });
  await ok(tokenFor({ sub: 'party-yingfeng', role: 'PARTY_ORGANISATION', regions: [R.yingfeng] }), submit, { r: round.id, c: DEMO_IDS.youhe, s: youhe.community });
  await ok(tokenFor({ sub: 'party-dongfang', role: 'PARTY_ORGANISATION', regions: [R.dongfang] }), submit, { r: round.id, c: DEMO_IDS.guangchangShangsha, s: guangchang });
  await ok(haishuOfficial, `mutation($r: ID!) { closeRound(roundId: $r) { status } }`, { r: round.id });
  await ok(haishuOfficial, `mutation($r: ID!) { publishRound(roundId: $r) { status } }`, { r: round.id });
}

/** The published score of a compound for a period, as the public sees it. */
async function publishedScore(compoundId: string, period: string): Promise<number> {
  const data = await ok(haishuOfficial, `query($id: ID!) { compound(id: $id) { latestRating { period score } } }`, { id: compoundId });
  expect(data.compound.latestRating.period).toBe(period);
  return data.compound.latestRating.score;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SUBSCRIPTION = `subscription($region: String!, $after: String) {
  ratingPublished(regionCode: $region, after: $after) {
    id cursor type resultId period score scoreCentipoints regionPath
    compound { id name }
    firm { id name }
  }
}`;

/** A graphql-ws subscriber through the gateway collecting what it receives. */
function wsSubscriber(token: string | null, variables: Record<string, unknown>) {
  const events: any[] = [];
  const errors: unknown[] = [];
  const client: Client = createClient({
    url: hub.gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: (e) => errors.push(e),
  });
  const unsubscribe = client.subscribe(
    { query: SUBSCRIPTION, variables },
    { next: (value) => (value.errors ? errors.push(...value.errors) : events.push(value.data!.ratingPublished)), error: (e) => errors.push(e), complete: () => undefined },
  );
  return {
    events,
    errors,
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
}

/** A GraphQL-over-SSE subscriber through the gateway. */
function sseSubscriber(token: string, variables: Record<string, unknown>) {
  const events: any[] = [];
  const errors: unknown[] = [];
  const abort = new AbortController();
  const done = (async () => {
    const response = await fetch(hub.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SUBSCRIPTION, variables }),
      signal: abort.signal,
    });
    await readEventStream(response, (payload) => {
      if (payload.errors) errors.push(...payload.errors);
      else events.push(payload.data.ratingPublished);
    });
  })().catch((e) => {
    if (!abort.signal.aborted) errors.push(e);
  });
  return {
    events,
    errors,
    async close() {
      abort.abort();
      await done;
    },
  };
}

const deliveriesQuery = `query($id: ID!) { webhook(id: $id) {
  status disabledReason consecutiveFailures
  deliveries(first: 50) { edges { node { id status attempts lastStatusCode event { id cursor } attemptLog { attempt statusCode attemptedAt } } } }
} }`;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const eventId = String(req.headers['webhook-id']);
      const codes = script[path]?.(JSON.parse(body).data.period) ?? [404];
      const seen = received.filter((r) => r.path === path && r.eventId === eventId).length;
      const verified = receiverSecrets[path] ? receiverVerifies(receiverSecrets[path], req.headers, body) : null;
      const scripted = codes[Math.min(seen, codes.length - 1)];
      const answered = verified === false && scripted < 300 ? 401 : scripted;
      received.push({ path, eventId, headers: req.headers, body, answered, verified });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  env = testEnvironment({
    WEBHOOK_ALLOWED_PRIVATE_HOSTS: '127.0.0.1',
    WEBHOOK_RETRY_BASE_MS: '100',
    WEBHOOK_DISABLE_AFTER_FAILURES: '5',
  });
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  await hub.settle();
  // The demo's published results are in the log from the start: let the webhook dispatcher pass
  // them (to no endpoint yet) before the tests register theirs.
  await waitFor('the dispatcher to pass the demo entries', async () => {
    const [{ head }] = await hub.subgraphs.rating.ds.query('SELECT MAX(seq) AS head FROM rating_event');
    const [position] = await hub.subgraphs.rating.ds.query("SELECT value FROM rating_counter WHERE id = 'webhook_dispatch'");
    return Number(head) > 0 && Number(position?.value) === Number(head);
  });
  await ok(haishuOfficial, `mutation($input: CreateRatingSchemeInput!) { createRatingScheme(input: $input) { id } }`, {
    input: {
      districtCode: R.haishu,
      name: '海曙区物业服务评价方案',
      indicators: [
        { code: 'CLEANING', name: '环境保洁', weightBasisPoints: 6_000 },
        { code: 'REPAIRS', name: '设施维修', weightBasisPoints: 4_000 },
      ],
      groups: [
        { group: 'OWNERS_COMMITTEE', proportionBasisPoints: 5_000, minRaters: 1 },
        { group: 'OWNER_REPRESENTATIVES', proportionBasisPoints: 3_000, minRaters: 1 },
        { group: 'COMMUNITY', proportionBasisPoints: 2_000, minRaters: 1 },
      ],
      incompleteGroupRule: 'REDISTRIBUTE',
      listRule: { kind: 'SHARE', red: 3_400, black: 3_400 },
    },
  });
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
  await new Promise((r) => receiver?.close(r));
});

describe('a published rating reaches partners', () => {
  let secret: string;
  let endpointId: string;
  let firstCursor: string;

  it("starts with the demo's published results in the feed, in publication order", async () => {
    const feed = await ok(partner, `query($r: String!) { ratingEvents(regionCode: $r, first: 10) { edges { node { period scoreCentipoints compound { name } firm { name } regionPath roundId } } } }`, { r: R.haishu });
    expect(feed.ratingEvents.edges.map((e: any) => e.node)).toEqual([
      { period: '2026-Q2', scoreCentipoints: 8810, compound: { name: '广场商厦区域' }, firm: { name: '春江物业' }, regionPath: [R.dongfang, R.shiqi, R.haishu], roundId: null },
      { period: '2026-Q3', scoreCentipoints: 9520, compound: { name: '梦达教师楼' }, firm: null, regionPath: [R.dongfang, R.shiqi, R.haishu], roundId: null },
      { period: '2026-Q3', scoreCentipoints: 9235, compound: { name: '广场商厦区域' }, firm: { name: '春江物业' }, regionPath: [R.dongfang, R.shiqi, R.haishu], roundId: null },
      { period: '2026-Q3', scoreCentipoints: 9110, compound: { name: '游河小区' }, firm: null, regionPath: YOUHE_PATH, roundId: null },
    ]);
    // Seeding again (every start does) adds nothing.
    await seedRatingDemo(hub.subgraphs.rating.ds, ratingDemo);
    expect(await hub.subgraphs.rating.ds.getRepository(RatingEventEntity).count()).toBe(4);
  });

  it('registers a webhook and returns its secret once', async () => {
    const { body } = await gql(
      hub.gateway.url,
      `mutation($url: String!, $region: String!) { registerWebhook(url: $url, events: [RATING_PUBLISHED], regionCode: $region) {
        secret endpoint { id url events regionCode status consecutiveFailures }
      } }`,
      { token: partner, variables: { url: `${receiverUrl}/flaky`, region: DEMO_REGIONS.haishu } },
    );
    expect(body.errors).toBeUndefined();
    const registered = body.data.registerWebhook;
    expect(registered.secret).toMatch(/^whsec_/);
    expect(registered.endpoint).toMatchObject({ url: `${receiverUrl}/flaky`, events: ['RATING_PUBLISHED'], regionCode: DEMO_REGIONS.haishu, status: 'ACTIVE', consecutiveFailures: 0 });
    secret = registered.secret;
    endpointId = registered.endpoint.id;
    receiverSecrets['/flaky'] = secret;
    const listed = await gql(hub.gateway.url, `{ webhooks(first: 10) { edges { node { id } } } }`, { token: partner });
    expect(listed.body.data.webhooks.edges.map((e: any) => e.node.id)).toEqual([endpointId]);
    const other = await gql(hub.gateway.url, `{ webhooks(first: 10) { edges { node { id } } } }`, { token: otherPartner });
    expect(other.body.data.webhooks.edges).toEqual([]);
  });

  it('is seen live over graphql-ws and SSE with compound and firm, and signed to a receiver that was down at first', async () => {
    const ws = wsSubscriber(partner, { region: DEMO_REGIONS.haishu });
    const sse = sseSubscriber(partner, { region: DEMO_REGIONS.haishu });
    const elsewhere = wsSubscriber(otherPartner, { region: DEMO_REGIONS.yinzhou });
    // Both subscriptions are open once the subgraph has their streams; give the gateway a moment.
    await new Promise((r) => setTimeout(r, 1_000));
    // The district's incentive pool for Chunjiang's service at Guangchang Shangsha this quarter, set before publication.
    const POOL_FEN = 1_000_000;
    await ok(haishuOfficial, `mutation($c: ID!, $f: ID!, $p: String!, $fen: Fen!) { setIncentivePool(compoundId: $c, firmId: $f, period: $p, poolFen: $fen) { period } }`, {
      c: DEMO_IDS.guangchangShangsha,
      f: DEMO_IDS.chunjiangFirm,
      p: '2026-Q4',
      fen: POOL_FEN,
    });

    await publishQuarter('2026-Q4');
    const youheScore = await publishedScore(DEMO_IDS.youhe, '2026-Q4');
    const gcssScore = await publishedScore(DEMO_IDS.guangchangShangsha, '2026-Q4');
    expect(youheScore).toBeGreaterThan(gcssScore);

    for (const subscriber of [ws, sse]) {
      await waitFor('two live events', () => subscriber.events.length >= 2);
      expect(subscriber.errors).toEqual([]);
      // Published in ranking order: Youhe first.
      expect(subscriber.events.map((e) => [e.compound.name, e.firm?.name ?? null, e.score, e.period])).toEqual([
        ['游河小区', null, youheScore, '2026-Q4'],
        ['广场商厦区域', '春江物业', gcssScore, '2026-Q4'],
      ]);
      expect(subscriber.events[0]).toMatchObject({ type: 'RATING_PUBLISHED', regionPath: YOUHE_PATH, compound: { id: DEMO_IDS.youhe } });
    }
    expect(elsewhere.events).toEqual([]);
    firstCursor = ws.events[0].cursor;

    // The receiver answered 503 twice, then 200; every attempt carried the same id and a valid signature.
    const flaky = await waitFor('three attempts of the first event', () => {
      const got = received.filter((r) => r.path === '/flaky' && JSON.parse(r.body).data.id === ws.events[0].id);
      return got.length >= 3 && got;
    });
    expect(flaky.map((r) => r.answered)).toEqual([503, 503, 200]);
    // The receiver checked every attempt's signature itself before answering.
    expect(flaky.map((r) => r.verified)).toEqual([true, true, true]);
    for (const r of flaky) {
      expect(r.headers['webhook-id']).toBe(ws.events[0].id);
      const ok = verifyWebhook(secret, { id: String(r.headers['webhook-id']), timestamp: String(r.headers['webhook-timestamp']), signature: String(r.headers['webhook-signature']) }, r.body);
      expect(ok).toBe(true);
      expect(verifyWebhook(secret, { id: String(r.headers['webhook-id']), timestamp: String(r.headers['webhook-timestamp']), signature: String(r.headers['webhook-signature']) }, r.body + ' ')).toBe(false);
    }
    const payload = JSON.parse(flaky[2].body);
    expect(payload).toMatchObject({ type: 'rating.published', data: { compoundId: DEMO_IDS.youhe, period: '2026-Q4', score: youheScore, cursor: firstCursor } });

    const log = await waitFor('the delivery log to show success', async () => {
      const { body } = await gql(hub.gateway.url, deliveriesQuery, { token: partner, variables: { id: endpointId } });
      const nodes = body.data.webhook.deliveries.edges.map((e: any) => e.node);
      return nodes.length === 2 && nodes.every((n: any) => n.status === 'SUCCEEDED') && body.data.webhook;
    });
    const first = log.deliveries.edges.map((e: any) => e.node).find((n: any) => n.event.id === ws.events[0].id);
    expect(first).toMatchObject({ attempts: 3, lastStatusCode: 200, attemptLog: [{ attempt: 1, statusCode: 503 }, { attempt: 2, statusCode: 503 }, { attempt: 3, statusCode: 200 }] });
    // Backoff: base 100 ms, then three times that, each with at most 20% jitter off.
    const at = first.attemptLog.map((a: any) => Date.parse(a.attemptedAt));
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(80);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(240);
    // Read again: the endpoint row above may have been read just before the last success landed.
    const endpoint = (await ok(partner, `query($id: ID!) { webhook(id: $id) { status consecutiveFailures } }`, { id: endpointId })).webhook;
    expect(endpoint).toEqual({ status: 'ACTIVE', consecutiveFailures: 0 });

    // The same publication placed Youhe on the district's red list and booked Chunjiang's payout in finance.
    const list = await ok(haishuOfficial, `query($d: ID!, $p: String!) { redBlackList(districtCode: $d, period: $p) { red: entries(color: RED) { edges { node { compound { name } score } } } black: entries(color: BLACK) { edges { node { compound { name } firm { name } } } } } }`, { d: R.haishu, p: '2026-Q4' });
    expect(list.redBlackList.red.edges.map((e: any) => e.node)).toEqual([{ compound: { name: '游河小区' }, score: youheScore }]);
    expect(list.redBlackList.black.edges.map((e: any) => e.node)).toEqual([{ compound: { name: '广场商厦区域' }, firm: { name: '春江物业' } }]);
    await hub.settle();
    const chunjiang = tokenFor({ sub: 'firm-user', role: 'PROPERTY_FIRM', firm: DEMO_IDS.chunjiangFirm });
    const payouts = await ok(chunjiang, `query($f: ID!) { incentivePayouts(firmId: $f) { edges { node { ratingResultId period scoreCentipoints outcome shareBasisPoints poolFen amountFen entryId } } } }`, { f: DEMO_IDS.chunjiangFirm });
    const payout = payouts.incentivePayouts.edges.map((e: any) => e.node).find((p: any) => p.ratingResultId === ws.events[1].resultId);
    // Guangchang scored 0.6×75 + 0.4×70 = 73.00: the default schedule's band from 70 gives 40% of the pool, booked in the ledger.
    expect(gcssScore).toBe(73);
    expect(payout).toMatchObject({ period: '2026-Q4', scoreCentipoints: ws.events[1].scoreCentipoints, outcome: 'BOOKED', shareBasisPoints: 4_000 });
    expect([Number(payout.poolFen), Number(payout.amountFen)]).toEqual([POOL_FEN, (POOL_FEN * 4_000) / 10_000]);
    expect(payout.entryId).toEqual(expect.any(String));

    await Promise.all([ws.close(), sse.close(), elsewhere.close()]);
  }, 30_000);

  it('replays from a cursor: the feed and a resumed subscription send what came after, in order, once', async () => {
    const feed = await gql(
      hub.gateway.url,
      `query($region: String!, $after: String) { ratingEvents(regionCode: $region, after: $after, first: 10) { edges { cursor node { compound { name } score } } pageInfo { hasNextPage endCursor } } }`,
      { token: partner, variables: { region: DEMO_REGIONS.haishu } },
    );
    expect(feed.body.errors).toBeUndefined();
    // The demo's four published results, then the quarter just published.
    const names = feed.body.data.ratingEvents.edges.map((e: any) => e.node.compound.name);
    expect(names).toEqual(['广场商厦区域', '梦达教师楼', '广场商厦区域', '游河小区', '游河小区', '广场商厦区域']);
    expect(feed.body.data.ratingEvents.edges[4].cursor).toBe(firstCursor);

    const street = await gql(hub.gateway.url, `query($region: String!) { ratingEvents(regionCode: $region) { edges { node { compound { name } } } } }`, {
      token: partner,
      variables: { region: DEMO_REGIONS.yuehu },
    });
    expect(street.body.errors).toBeUndefined();
    expect(street.body.data.ratingEvents.edges.map((e: any) => e.node.compound.name)).toEqual(['游河小区', '游河小区']);

    // A partner that was offline since the first event resumes from its cursor and then stays live.
    const resumed = wsSubscriber(partner, { region: DEMO_REGIONS.haishu, after: firstCursor });
    await waitFor('the missed event', () => resumed.events.length >= 1);
    expect(resumed.events.map((e) => e.compound.name)).toEqual(['广场商厦区域']);
    await publishQuarter('2027-Q1');
    await waitFor('the live events after catch-up', () => resumed.events.length >= 3);
    expect(resumed.events.map((e) => [e.compound.name, e.period])).toEqual([
      ['广场商厦区域', '2026-Q4'],
      ['游河小区', '2027-Q1'],
      ['广场商厦区域', '2027-Q1'],
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(resumed.events).toHaveLength(3);
    await resumed.close();
  }, 30_000);

  it('replays a delivery by hand with the same webhook id', async () => {
    const { body } = await gql(hub.gateway.url, deliveriesQuery, { token: partner, variables: { id: endpointId } });
    const delivery = body.data.webhook.deliveries.edges[0].node;
    const before = received.filter((r) => r.path === '/flaky').length;
    const replay = await gql(hub.gateway.url, `mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, { token: partner, variables: { id: delivery.id } });
    expect(replay.body.errors).toBeUndefined();
    expect(replay.body.data.replayWebhookDelivery.status).toBe('PENDING');
    const again = await waitFor('the replayed delivery', () => received.slice(before).find((r) => r.path === '/flaky' && r.headers['webhook-id'] === delivery.event.id));
    expect(again.answered).toBe(200);
    const other = await gql(hub.gateway.url, `mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, { token: otherPartner, variables: { id: delivery.id } });
    expect(other.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('endpoints that stop answering are disabled and say why', () => {
  const register = async (path: string) => {
    const { body } = await gql(
      hub.gateway.url,
      `mutation($url: String!, $region: String!) { registerWebhook(url: $url, events: [RATING_PUBLISHED], regionCode: $region) { endpoint { id } } }`,
      { token: partner, variables: { url: `${receiverUrl}${path}`, region: DEMO_REGIONS.yuehu } },
    );
    expect(body.errors).toBeUndefined();
    return body.data.registerWebhook.endpoint.id as string;
  };
  const state = async (id: string) => (await gql(hub.gateway.url, deliveriesQuery, { token: partner, variables: { id } })).body.data.webhook;

  it('disables on 410 Gone at once, and on a run of failures', async () => {
    const gone = await register('/gone');
    const down = await register('/down');
    await publishQuarter('2027-Q2');

    const goneState = await waitFor('410 to disable', async () => {
      const s = await state(gone);
      return s.status === 'DISABLED' && s;
    });
    expect(goneState.disabledReason).toMatch(/410 Gone/);
    expect(goneState.deliveries.edges[0].node).toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: 410 });

    const downState = await waitFor('five failures to disable', async () => {
      const s = await state(down);
      return s.status === 'DISABLED' && s;
    });
    expect(downState.disabledReason).toMatch(/5 failed attempts in a row \(last: HTTP 500\)/);
    expect(downState.consecutiveFailures).toBe(5);
    expect(downState.deliveries.edges[0].node).toMatchObject({ status: 'FAILED', attempts: 5 });

    // Nothing more goes to a disabled endpoint.
    const sent = received.filter((r) => r.path === '/gone' || r.path === '/down').length;
    await publishQuarter('2027-Q3');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(received.filter((r) => r.path === '/gone' || r.path === '/down').length).toBe(sent);
    const replay = await gql(hub.gateway.url, `mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, {
      token: partner,
      variables: { id: goneState.deliveries.edges[0].node.id },
    });
    expect(replay.body.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');

    const enabled = await gql(hub.gateway.url, `mutation($id: ID!) { enableWebhook(id: $id) { status disabledReason consecutiveFailures } }`, { token: partner, variables: { id: down } });
    expect(enabled.body.data.enableWebhook).toEqual({ status: 'ACTIVE', disabledReason: null, consecutiveFailures: 0 });
  }, 30_000);
});

describe('rotating a webhook secret', () => {
  const ROTATE = `mutation($id: ID!, $grace: Int) { rotateWebhookSecret(id: $id, graceSeconds: $grace) { secret endpoint { id secretRotatedAt previousSecretExpiresAt } } }`;
  const stored = (id: string) => hub.subgraphs.rating.ds.getRepository(WebhookEndpointEntity).findOneByOrFail({ id });
  /** The deliveries of one quarter's Youhe result the receiver got on /rotating, with what each secret makes of them. */
  const deliveredFor = async (period: string, secrets: Record<string, string>) => {
    const got = await waitFor(`the ${period} delivery`, () => received.find((r) => r.path === '/rotating' && JSON.parse(r.body).data.period === period));
    const headers = { id: String(got.headers['webhook-id']), timestamp: String(got.headers['webhook-timestamp']), signature: String(got.headers['webhook-signature']) };
    return { signatures: headers.signature.split(' ').length, verifies: Object.fromEntries(Object.entries(secrets).map(([name, secret]) => [name, verifyWebhook(secret, headers, got.body)])) };
  };

  it('keeps secrets sealed, signs with old and new during the grace period, then with the new one only', async () => {
    const registered = (await ok(partner, `mutation($url: String!, $region: String!) { registerWebhook(url: $url, events: [RATING_PUBLISHED], regionCode: $region) { secret endpoint { id secretRotatedAt previousSecretExpiresAt } } }`, {
      url: `${receiverUrl}/rotating`,
      region: R.yuehu,
    })).registerWebhook;
    const id = registered.endpoint.id;
    const first = registered.secret as string;
    expect(registered.endpoint).toMatchObject({ secretRotatedAt: null, previousSecretExpiresAt: null });
    // At rest the secret is sealed: neither it nor its key bytes are in the row.
    const row = await stored(id);
    expect(row.secret).toMatch(/^v1\./);
    expect(row.secret).not.toContain(first.slice('whsec_'.length));

    // Refused rotations change nothing.
    expect((await gql(hub.gateway.url, ROTATE, { token: otherPartner, variables: { id } })).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    for (const grace of [-1, 604_801]) {
      expect((await gql(hub.gateway.url, ROTATE, { token: partner, variables: { id, grace } })).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await stored(id)).secret).toBe(row.secret);

    const before = Date.now();
    const rotated = (await ok(partner, ROTATE, { id, grace: 3_600 })).rotateWebhookSecret;
    const second = rotated.secret as string;
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect(Date.parse(rotated.endpoint.previousSecretExpiresAt) - before).toBeGreaterThanOrEqual(3_600_000 - 1_000);
    expect(Date.parse(rotated.endpoint.previousSecretExpiresAt) - before).toBeLessThanOrEqual(3_600_000 + 5_000);
    expect(rotated.endpoint.secretRotatedAt).not.toBeNull();
    expect((await stored(id)).previousSecret).toBe(row.secret);

    await publishQuarter('2027-Q4');
    expect(await deliveredFor('2027-Q4', { first, second, stranger: 'whsec_' + Buffer.alloc(24, 9).toString('base64') })).toEqual({ signatures: 2, verifies: { first: true, second: true, stranger: false } });

    // A day later (the grace period moved into the past): the new secret only.
    await hub.subgraphs.rating.ds.getRepository(WebhookEndpointEntity).update({ id }, { previousSecretExpiresAt: new Date(Date.now() - 1_000) });
    expect((await ok(partner, `query($id: ID!) { webhook(id: $id) { previousSecretExpiresAt } }`, { id })).webhook.previousSecretExpiresAt).toBeNull();
    await publishQuarter('2028-Q1');
    expect(await deliveredFor('2028-Q1', { first, second })).toEqual({ signatures: 1, verifies: { first: false, second: true } });

    // A rotation without grace: the old secret stops at once.
    const third = (await ok(partner, ROTATE, { id, grace: 0 })).rotateWebhookSecret;
    expect(third.endpoint.previousSecretExpiresAt).toBeNull();
    await publishQuarter('2028-Q2');
    expect(await deliveredFor('2028-Q2', { second, third: third.secret })).toEqual({ signatures: 1, verifies: { second: false, third: true } });
  }, 30_000);
});

describe('secrets stored in plain before they were sealed', () => {
  it('are sealed in place once, and still sign as before', async () => {
    const ds = hub.subgraphs.rating.ds;
    const plain = newWebhookSecret();
    const id = uuidv7();
    await ds.getRepository(WebhookEndpointEntity).insert({ id, url: `${receiverUrl}/rotating`, events: 'RATING_PUBLISHED', regionCode: R.jiangbei, secret: plain, ownerSub: 'partner-old', status: 'DISABLED', disabledReason: 'test', disabledAt: new Date(), consecutiveFailures: 0 });
    const key = webhookSecretKey(env.config);
    expect(await sealPlainSecrets(ds, key)).toBe(1);
    expect(await sealPlainSecrets(ds, key)).toBe(0);
    const sealed = (await ds.getRepository(WebhookEndpointEntity).findOneByOrFail({ id })).secret;
    expect(sealed).toMatch(/^v1\./);
    expect(openSecret(key, id, sealed)).toBe(plain);
  });

  it('are never read without WEBHOOK_SECRET_KEY in production: the rating server and worker refuse to start', async () => {
    const production = loadConfig({ HUB_ENV: 'production', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET, DATABASE_URL: env.config.databaseUrl });
    const ctx = { ds: hub.subgraphs.rating.ds, config: production, log: createLogger('production', 'silent') };
    await expect(ratingSubgraph.serve!(ctx)).rejects.toThrow(/WEBHOOK_SECRET_KEY is required when HUB_ENV=production/);
    await expect(ratingSubgraph.background!(ctx)).rejects.toThrow(/WEBHOOK_SECRET_KEY is required when HUB_ENV=production/);
  });
});

describe('bad input and scope change nothing', () => {
  const registerAs = (token: string, url: string, region: string = DEMO_REGIONS.haishu) =>
    gql(hub.gateway.url, `mutation($url: String!, $region: String!) { registerWebhook(url: $url, events: [RATING_PUBLISHED], regionCode: $region) { secret } }`, {
      token,
      variables: { url, region },
    });
  const count = async () => (await gql(hub.gateway.url, `{ webhooks(first: 100) { edges { node { id } } } }`, { token: partner })).body.data.webhooks.edges.length;

  it('refuses non-http URLs and private or loopback addresses not on the allowlist', async () => {
    const before = await count();
    for (const url of ['ftp://partner.example.com/hook', 'not a url', 'http://127.0.0.2:9/hook', 'http://localhost:9/hook', 'http://169.254.169.254/latest', 'http://10.0.0.1/hook', 'http://[::1]:9/hook', 'http://user:pw@partner.example.com/']) {
      const { body } = await registerAs(partner, url);
      expect([url, body.errors?.[0].extensions?.code]).toEqual([url, 'BAD_USER_INPUT']);
    }
    expect(await count()).toBe(before);
  });

  it('keeps partners to their regions and other roles out', async () => {
    expect((await registerAs(otherPartner, `${receiverUrl}/flaky`)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await registerAs(resident, `${receiverUrl}/flaky`)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const feed = (token: string | undefined) =>
      gql(hub.gateway.url, `query($region: String!) { ratingEvents(regionCode: $region) { edges { cursor } } }`, { token, variables: { region: DEMO_REGIONS.haishu } });
    expect((await feed(otherPartner)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await feed(resident)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await feed(undefined)).body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const bad = await gql(hub.gateway.url, `{ ratingEvents(regionCode: "330203000000", after: "bm9wZQ") { edges { cursor } } }`, { token: partner });
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const sub = wsSubscriber(otherPartner, { region: DEMO_REGIONS.haishu });
    await waitFor('a refused subscription', () => sub.errors.length > 0);
    expect(JSON.stringify(sub.errors)).toMatch(/FORBIDDEN|outside your regions/);
    await sub.close();
  });

  it('closes a WebSocket when its token expires', async () => {
    const sub = wsSubscriber(tokenFor({ sub: 'partner-haishu', role: 'PARTNER', regions: [R.haishu] }, 2), { region: R.haishu });
    await waitFor('the expiry', () => sub.errors.length > 0, 6_000);
    expect((sub.errors[0] as { code?: number }).code).toBe(4401);
    await sub.close();
  });

  it('closes a WebSocket that brings a bad token', async () => {
    const sub = wsSubscriber('not-a-token', { region: DEMO_REGIONS.haishu });
    await waitFor('the refused connection', () => sub.errors.length > 0);
    expect((sub.errors[0] as { code?: number }).code).toBe(4403);
    expect(sub.events).toEqual([]);
    await sub.close();
  });
});

describe('the rating event log', () => {
  const jiangbeiUpdate = (n: number) => ({
    resultId: `0190aaaa-0000-7000-8000-${String(n).padStart(12, '0')}`,
    roundId: null,
    compoundId: DEMO_IDS.youhe,
    firmId: null,
    period: '2025-Q1',
    scoreCentipoints: 8000 + n,
    regionPath: ['330205001001', '330205001000', R.jiangbei],
    publishedAt: new Date(),
  });

  it('records a result once, and concurrent publishers in commit order without gaps', async () => {
    const ds = hub.subgraphs.rating.ds;
    const [first] = await transaction(ds, (m) => recordRatingUpdates(m, [jiangbeiUpdate(0)]));
    expect(await transaction(ds, (m) => recordRatingUpdates(m, [jiangbeiUpdate(0)]))).toEqual([]);
    const written = await Promise.all([1, 2, 3, 4, 5].map((n) => transaction(ds, (m) => recordRatingUpdates(m, [jiangbeiUpdate(n), jiangbeiUpdate(n + 10)]))));
    const seqs = written.flat().map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => first.seq + 1 + i));
    expect(await ds.getRepository(RatingEventEntity).countBy({ period: '2025-Q1' })).toBe(11);
    const bad = transaction(ds, (m) => recordRatingUpdates(m, [{ ...jiangbeiUpdate(99), scoreCentipoints: 10_001 }]));
    await expect(bad).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(await ds.getRepository(RatingEventEntity).countBy({ period: '2025-Q1' })).toBe(11);
  });
});

describe('across instances', () => {
  it("wakes another server's live feed through Redis pub/sub, not its slow poll", async () => {
    // A second server process's feed on the same database, polling only once a minute.
    const other = new LiveFeed(hub.subgraphs.rating.ds, env.config, createLogger('other-instance', 'silent'), 60_000);
    await other.start();
    const seen: number[] = [];
    const stop = other.listen((event) => seen.push(event.scoreCentipoints));
    try {
      await new Promise((r) => setTimeout(r, 200)); // its Redis subscription is not awaited
      await transaction(hub.subgraphs.rating.ds, (m) =>
        recordRatingUpdates(m, [{ resultId: '0190bbbb-0000-7000-8000-000000000001', roundId: null, compoundId: DEMO_IDS.youhe, firmId: null, period: '2025-Q2', scoreCentipoints: 7777, regionPath: [R.jiangbei], publishedAt: new Date() }]),
      );
      await waitFor('the nudge', () => seen.includes(7777), 5_000);
    } finally {
      stop();
      await other.stop();
    }
  });
});

describe('batching', () => {
  /**
   * SELECTs the rating subgraph ran while `fn` ran, on the given tables. The worker's dispatcher
   * and sweep share the connection pool, so their statements (on the counters, or for due
   * deliveries) are left out by what they read.
   */
  async function selectsDuring(fn: () => Promise<unknown>): Promise<string[]> {
    const counter = hub.subgraphs.rating.statements;
    const seen: string[] = [];
    const original = counter.logQuery;
    counter.logQuery = function (this: typeof counter, ...args: unknown[]) {
      seen.push(String(args[0]));
      return original.apply(this, args as []);
    };
    try {
      await fn();
    } finally {
      counter.logQuery = original;
    }
    return seen.filter((q) => /^\s*SELECT/i.test(q) && !/rating_counter|`nextAttemptAt` <=|MAX\(/.test(q) && /rating_event|webhook_/.test(q));
  }

  /**
   * The request's own statements: background pollers (subscription fallback, webhook worker)
   * share the counter and can only add to a window, so the fewest of three is the request's.
   */
  async function fewestSelects(fn: () => Promise<unknown>): Promise<string[]> {
    const runs = [await selectsDuring(fn), await selectsDuring(fn), await selectsDuring(fn)];
    return runs.reduce((a, b) => (b.length < a.length ? b : a));
  }

  it('reads a feed page and the delivery log in one statement per table, whatever the page size', async () => {
    // Let the worker finish with what earlier tests published, so that only requests read.
    const ds = hub.subgraphs.rating.ds;
    await waitFor('the worker to be idle', async () => {
      const [{ head }] = await ds.query('SELECT MAX(seq) AS head FROM rating_event');
      const [{ value }] = await ds.query("SELECT value FROM rating_counter WHERE id = 'webhook_dispatch'");
      const busy = await ds.getRepository(WebhookDeliveryEntity).countBy({ status: In(['PENDING', 'RETRYING']) });
      return Number(head) === Number(value) && busy === 0;
    });
    await new Promise((r) => setTimeout(r, 300));
    const feed = (first: number) =>
      ok(partner, `query($r: String!, $n: Int) { ratingEvents(regionCode: $r, first: $n) { edges { node { id compound { name } firm { name } } } } }`, { r: R.haishu, n: first });
    const one = await fewestSelects(() => feed(1));
    const many = await fewestSelects(async () => expect((await feed(50)).ratingEvents.edges.length).toBeGreaterThanOrEqual(6));
    expect(many).toHaveLength(1);
    expect(one).toHaveLength(1);

    const log = (first: number) =>
      ok(partner, `query($n: Int) { webhooks(first: 10) { edges { node { id deliveries(first: $n) { edges { node { status event { period } attemptLog { statusCode } } } } } } } }`, { n: first });
    const small = await fewestSelects(() => log(1));
    const large = await fewestSelects(async () => {
      const data = await log(50);
      const deliveries = data.webhooks.edges.flatMap((e: any) => e.node.deliveries.edges);
      expect(data.webhooks.edges.length).toBeGreaterThanOrEqual(3);
      expect(deliveries.length).toBeGreaterThanOrEqual(8);
    });
    // Endpoints, deliveries, their events and their attempts: four statements either way.
    expect(large).toHaveLength(4);
    expect(small).toHaveLength(4);
  });
});

