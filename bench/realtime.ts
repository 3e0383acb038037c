import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { readEventStream, TEST_JWT_SECRET, testEnvironment } from '@hub/platform/dist/testing';
import { signDevToken } from '@hub/gateway';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_REGIONS } from '../scripts/demo-data';
import { runStandalone, type BenchRow } from './feature-bench';

/**
 * Rating publication → partners, on the real stack (`startHub` with its workers, MariaDB, Redis):
 * Haishu's quarter round is published through the gateway (`publishRound`, the demo's two rated
 * compounds), and the time from the mutation's answer to each receipt is taken for
 *
 * - `ratingPublished` subscribers through the gateway over graphql-ws and over SSE, 1 and 100 of
 *   each (one round per size);
 * - webhook deliveries to 100 endpoints on a local receiver that checks every Standard Webhooks
 *   signature itself (HMAC-SHA256 of `id.timestamp.body`, timestamp within five minutes).
 *
 * The outbox and webhook dispatcher poll at the production default of 500 ms
 * (`BENCH_OUTBOX_POLL_MS` to change it): the dispatcher's pass is also what wakes the live feed,
 * so both paths wait for it. Run after `npm run build`: `node -r @swc-node/register bench/realtime.ts`.
 */
const ENDPOINTS = 100;
const SUBSCRIBER_COUNTS = [1, 100] as const;

/** `BENCH_REALTIME_FIELDS=rating` leaves out the names the gateway fetches from community and property for every update. */
const SUBSCRIPTION =
  process.env.BENCH_REALTIME_FIELDS === 'rating'
    ? `subscription($region: String!) { ratingPublished(regionCode: $region) { id cursor period score compound { id } firm { id } } }`
    : `subscription($region: String!) { ratingPublished(regionCode: $region) { id cursor period score compound { name } firm { name } } }`;

const R = DEMO_REGIONS;
const sign = (claims: Parameters<typeof signDevToken>[1]) => signDevToken(TEST_JWT_SECRET, claims, 3600);
const official = sign({ sub: 'official-haishu', role: 'OFFICIAL' as never, regions: [R.haishu] });
const partner = sign({ sub: 'partner-haishu', role: 'PARTNER' as never, regions: [R.haishu] });

const now = () => Number(process.hrtime.bigint()) / 1e6;

async function gql(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`${query.slice(0, 60)}…: ${body.errors[0].message}`);
  return body.data;
}

interface Subscriber {
  /** When each update arrived (ms, monotonic clock). */
  arrivals: number[];
  ready: Promise<void>;
  close(): Promise<void>;
}

function wsSubscriber(gatewayUrl: string): Subscriber {
  const arrivals: number[] = [];
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  const client: Client = createClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${partner}` },
    retryAttempts: 0,
    lazy: false,
    on: { connected: () => connected() },
  });
  const unsubscribe = client.subscribe(
    { query: SUBSCRIPTION, variables: { region: R.haishu } },
    {
      next: (value) => {
        if (value.errors) throw new Error(`subscription error: ${JSON.stringify(value.errors)}`);
        arrivals.push(now());
      },
      error: (e) => console.error('graphql-ws subscriber failed', e),
      complete: () => undefined,
    },
  );
  return {
    arrivals,
    ready,
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
}

function sseSubscriber(gatewayUrl: string): Subscriber {
  const arrivals: number[] = [];
  const abort = new AbortController();
  let opened!: () => void;
  const ready = new Promise<void>((resolve) => (opened = resolve));
  const done = (async () => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${partner}` },
      body: JSON.stringify({ query: SUBSCRIPTION, variables: { region: R.haishu } }),
      signal: abort.signal,
    });
    opened();
    await readEventStream(response, (payload) => {
      if (payload.errors) throw new Error(`subscription error: ${JSON.stringify(payload.errors)}`);
      arrivals.push(now());
    });
  })().catch((e) => {
    if (!abort.signal.aborted) console.error('SSE subscriber failed', e);
  });
  return {
    arrivals,
    ready,
    async close() {
      abort.abort();
      await done;
    },
  };
}

/** The receiver's own check, from the Standard Webhooks specification rather than the hub's code. */
function verifies(secret: string, headers: IncomingMessage['headers'], body: string): boolean {
  const id = String(headers['webhook-id']);
  const timestamp = String(headers['webhook-timestamp']);
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(`${id}.${timestamp}.${body}`).digest('base64');
  return String(headers['webhook-signature'] ?? '').split(' ').includes(`v1,${expected}`);
}

interface Receiver {
  url: string;
  secrets: Map<string, string>;
  /** Receipt times of good deliveries, first receipt per endpoint and event only. */
  arrivals: number[];
  badSignatures: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const seen = new Set<string>();
  const receiver: Receiver = { url: '', secrets: new Map(), arrivals: [], badSignatures: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const at = now();
      const secret = receiver.secrets.get(req.url ?? '');
      if (!secret || !verifies(secret, req.headers, body)) {
        receiver.badSignatures++;
        return void res.writeHead(401).end();
      }
      const key = `${req.url} ${req.headers['webhook-id']}`;
      if (!seen.has(key)) {
        seen.add(key);
        receiver.arrivals.push(at);
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

/** Opens, scores (one community sheet for each of the demo's two rated compounds) and closes a round; publishing is timed by the caller. */
async function closedRound(url: string, period: string): Promise<string> {
  const round = (await gql(url, official, `mutation($d: ID!, $p: String!) { openRound(input: { districtCode: $d, period: $p }) { id } }`, { d: R.haishu, p: period })).openRound;
  const register = `mutation($r: ID!, $c: ID!, $raters: [RaterInput!]!) { registerRaters(roundId: $r, compoundId: $c, raters: $raters) }`;
  const submit = `mutation($r: ID!, $c: ID!, $s: [IndicatorScoreInput!]!) { submitScores(roundId: $r, compoundId: $c, scores: $s) { id } }`;
  const scheme = (await gql(url, official, `query($d: ID!) { currentRatingScheme(districtCode: $d) { indicators { code } } }`, { d: R.haishu })).currentRatingScheme;
  const sheet = scheme.indicators.map((i: { code: string }, n: number) => ({ indicator: i.code, score: 70 + n }));
  const raters: Array<[string, string, string, string]> = [
    [DEMO_IDS.youhe, 'oc-1', 'OWNERS_COMMITTEE', 'OWNERS_COMMITTEE'],
    [DEMO_IDS.youhe, 'rep-1', 'OWNER_REPRESENTATIVES', 'RESIDENT'],
    [DEMO_IDS.youhe, 'party-yingfeng', 'COMMUNITY', 'PARTY_ORGANISATION'],
    [DEMO_IDS.guangchangShangsha, 'party-dongfang', 'COMMUNITY', 'PARTY_ORGANISATION'],
  ];
  for (const [c, sub, group] of raters) await gql(url, official, register, { r: round.id, c, raters: [{ sub, group }] });
  const regionOf: Record<string, string> = { 'party-yingfeng': R.yingfeng, 'party-dongfang': R.dongfang };
  for (const [c, sub, , role] of raters) {
    const token = sign({ sub, role: role as never, ...(regionOf[sub] ? { regions: [regionOf[sub]] } : { compounds: [c] }) });
    await gql(url, token, submit, { r: round.id, c, s: sheet });
  }
  await gql(url, official, `mutation($r: ID!) { closeRound(roundId: $r) { status } }`, { r: round.id });
  return round.id;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

function latencyRows(what: string, fromMs: number, arrivals: number[], expected: number): BenchRow[] {
  if (arrivals.length !== expected) throw new Error(`${what}: ${arrivals.length} receipts, expected ${expected}`);
  const ms = arrivals.map((a) => a - fromMs).sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return [
    { case: `${what}: p50`, value: round(percentile(ms, 50)), unit: 'ms' },
    { case: `${what}: p99`, value: round(percentile(ms, 99)), unit: 'ms' },
    {
      case: `${what}: max`,
      value: round(ms[ms.length - 1]),
      unit: 'ms',
      // Throughput as a partner sees it: everything received, over the time until the last receipt.
      note: `${expected} receipts, ${Math.round(expected / (ms[ms.length - 1] / 1000))}/s until the last`,
    },
  ];
}

async function waitUntil(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function run(): Promise<BenchRow[]> {
  const pollMs = process.env.BENCH_OUTBOX_POLL_MS ?? '500';
  const env = testEnvironment({ LOG_LEVEL: 'silent', WEBHOOK_ALLOWED_PRIVATE_HOSTS: '127.0.0.1', OUTBOX_POLL_MS: pollMs });
  const receiver = await startReceiver();
  let hub: Hub | null = null;
  const subscribers: Subscriber[] = [];
  try {
    hub = await startHub(env.config, { ephemeralPorts: true, seed: true });
    await hub.settle(30_000);
    const url = hub.gateway.url;
    // The demo's earlier results are in the partner log already: let the dispatcher pass over
    // them before the endpoints exist, so that what is timed below is the new round alone.
    await new Promise((r) => setTimeout(r, 2 * Number(pollMs) + 500));
    for (let i = 0; i < ENDPOINTS; i++) {
      const path = `/partner-${i}`;
      const registered = (
        await gql(url, partner, `mutation($url: String!, $region: String!) { registerWebhook(url: $url, events: [RATING_PUBLISHED], regionCode: $region) { secret } }`, {
          url: `${receiver.url}${path}`,
          region: R.haishu,
        })
      ).registerWebhook;
      receiver.secrets.set(path, registered.secret);
    }
    const rows: BenchRow[] = [];
    const periods = ['2026-Q4', '2027-Q1'];
    for (const [index, count] of SUBSCRIBER_COUNTS.entries()) {
      const roundId = await closedRound(url, periods[index]);
      const fanoutBefore = { ...hub.gateway.fanout };
      const ws = Array.from({ length: count }, () => wsSubscriber(url));
      const sse = Array.from({ length: count }, () => sseSubscriber(url));
      subscribers.push(...ws, ...sse);
      await Promise.all([...ws, ...sse].map((s) => s.ready));
      // A subscription is live once the subgraph has opened its stream; give the last ones a moment.
      await new Promise((r) => setTimeout(r, 1_000));
      const receivedBefore = receiver.arrivals.length;

      const published = (await gql(url, official, `mutation($r: ID!) { publishRound(roundId: $r) { status results(first: 10) { edges { node { id } } } } }`, { r: roundId })).publishRound;
      const answeredAt = now();
      const results = published.results.edges.length;
      await waitUntil('every subscriber and endpoint to receive the round', () =>
        [...ws, ...sse].every((s) => s.arrivals.length >= results) && receiver.arrivals.length - receivedBefore >= ENDPOINTS * results,
      );
      const flat = (list: Subscriber[]) => list.flatMap((s) => s.arrivals);
      rows.push(...latencyRows(`publish → graphql-ws, ${count} subscriber${count > 1 ? 's' : ''}`, answeredAt, flat(ws), count * results));
      rows.push(...latencyRows(`publish → SSE, ${count} subscriber${count > 1 ? 's' : ''}`, answeredAt, flat(sse), count * results));
      if (index === 0) rows.push(...latencyRows(`publish → webhook, ${ENDPOINTS} endpoints`, answeredAt, receiver.arrivals.slice(receivedBefore), ENDPOINTS * results));
      const f = hub.gateway.fanout;
      rows.push({
        case: `gateway upstream calls, ${count} + ${count} subscribers`,
        value: f.streamsOpened - fanoutBefore.streamsOpened + f.entityCalls - fanoutBefore.entityCalls,
        unit: 'calls',
        note: `${f.streamsOpened - fanoutBefore.streamsOpened} event streams (${f.streamsJoined - fanoutBefore.streamsJoined} joined), ${f.entityCalls - fanoutBefore.entityCalls} entity calls (${f.entityCallsShared - fanoutBefore.entityCallsShared} shared)`,
      });
      for (const s of [...ws, ...sse]) await s.close();
      subscribers.length = 0;
    }
    if (receiver.badSignatures > 0) throw new Error(`${receiver.badSignatures} webhook deliveries failed the receiver's signature check`);
    rows.push({ case: 'realtime: outbox and dispatcher poll', value: Number(pollMs), unit: 'ms', note: 'bad webhook signatures: 0' });
    return rows;
  } finally {
    for (const s of subscribers) await s.close().catch(() => undefined);
    await hub?.stop();
    await receiver.close();
    await env.cleanup();
  }
}

runStandalone(module, run);
