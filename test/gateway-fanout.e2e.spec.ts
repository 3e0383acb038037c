import { createServer, type Server } from 'node:http';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { readEventStream, testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { createLogger, SUBGRAPHS, type Claims, type SubgraphName } from '@hub/platform';
import { startGateway, type RunningGateway } from '@hub/gateway';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_REGIONS } from '../scripts/demo-data';
import { gql, tokenFor } from './client';

/**
 * Subscription fan-out at the gateway (ADR 0009): many subscribers of one event share the
 * upstream calls that are the same call, claims included, and never an answer computed for other
 * claims. A gateway here reaches community, property and finance through a recording proxy, so
 * the test sees every upstream call and the claims it was signed for.
 */
let env: TestEnvironment;
let hub: Hub;
let gateway: RunningGateway;
const proxies: Server[] = [];

interface UpstreamCall {
  subgraph: SubgraphName;
  claims: Claims;
  query: string;
  variables: Record<string, any> | undefined;
}
const calls: UpstreamCall[] = [];

const R = DEMO_REGIONS;
const haishuOfficial = tokenFor({ sub: 'official-haishu', role: 'OFFICIAL', regions: [R.haishu] });
const shiqiOfficial = tokenFor({ sub: 'official-shiqi', role: 'OFFICIAL', regions: [R.shiqi] });
const PARTNER_CLAIMS = { sub: 'partner-haishu', role: 'PARTNER' as Claims['role'], regions: [R.haishu] as string[] };
// Two tokens (different lifetimes) of one partner: the same claims, so they may share.
const partnerTokens = [tokenFor(PARTNER_CLAIMS, 3600), tokenFor(PARTNER_CLAIMS, 7200)];

/** Forwards to a subgraph and records each call with the claims its signature covers. */
async function recordingProxy(subgraph: SubgraphName, target: string): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const claimsHeader = String(req.headers['x-hub-claims'] ?? '');
      if (body) {
        const parsed = JSON.parse(body);
        calls.push({ subgraph, claims: JSON.parse(Buffer.from(claimsHeader, 'base64url').toString('utf8')), query: parsed.query, variables: parsed.variables });
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value;
      try {
        const answer = await fetch(target, { method: req.method, headers, body: body || undefined });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(await answer.text());
      } catch {
        res.writeHead(502).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxies.push(server);
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;
}

async function ok(token: string, query: string, variables: Record<string, unknown> = {}) {
  const { body } = await gql(gateway.url, query, { token, variables });
  expect(body.errors).toBeUndefined();
  return body.data;
}

const SUBSCRIPTION = `subscription($region: String!) {
  ratingPublished(regionCode: $region) { id period compound { id name publicRevenueBalanceFen } firm { name } }
}`;

interface Payload {
  data?: { ratingPublished: any } | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

/**
 * What a partner's event carries besides the data: the one refusal of the balance it asked for,
 * of this event's compound and nothing else. The router runtime keeps one error list per
 * subscription, so without the gateway's correction the n-th event repeated the refusals of the
 * events before it (ADR 0009).
 */
const ownBalanceRefusal = (p: Payload) => [
  {
    message: expect.stringContaining(p.data!.ratingPublished.compound.id),
    path: ['ratingPublished', 'compound', 'publicRevenueBalanceFen'],
    extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
  },
];
interface Subscriber {
  payloads: Payload[];
  failures: unknown[];
  close(): Promise<void>;
}

function wsSubscriber(token: string, region: string): Subscriber {
  const payloads: Payload[] = [];
  const failures: unknown[] = [];
  const client: Client = createClient({
    url: gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: (e) => failures.push(e),
  });
  const unsubscribe = client.subscribe(
    { query: SUBSCRIPTION, variables: { region } },
    { next: (value) => payloads.push(value as Payload), error: (e) => failures.push(e), complete: () => undefined },
  );
  return {
    payloads,
    failures,
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
}

function sseSubscriber(token: string, region: string): Subscriber {
  const payloads: Payload[] = [];
  const failures: unknown[] = [];
  const abort = new AbortController();
  const done = (async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SUBSCRIPTION, variables: { region } }),
      signal: abort.signal,
    });
    await readEventStream(response, (payload) => payloads.push(payload));
  })().catch((e) => {
    if (!abort.signal.aborted) failures.push(e);
  });
  return {
    payloads,
    failures,
    async close() {
      abort.abort();
      await done;
    },
  };
}

async function waitFor(what: string, done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Opens, scores and closes a Haishu round for the demo's two rated compounds; returns its id. */
async function closedRound(period: string): Promise<string> {
  const round = (await ok(haishuOfficial, `mutation($d: ID!, $p: String!) { openRound(input: { districtCode: $d, period: $p }) { id } }`, { d: R.haishu, p: period })).openRound;
  const scheme = (await ok(haishuOfficial, `query($d: ID!) { currentRatingScheme(districtCode: $d) { indicators { code } } }`, { d: R.haishu })).currentRatingScheme;
  const sheet = scheme.indicators.map((i: { code: string }, n: number) => ({ indicator: i.code, score: 70 + n }));
  const raters: Array<[string, string, string, Omit<Claims, 'sub' | 'role'>, string]> = [
    [DEMO_IDS.youhe, 'oc-1', 'OWNERS_COMMITTEE', { compounds: [DEMO_IDS.youhe] }, 'OWNERS_COMMITTEE'],
    [DEMO_IDS.youhe, 'rep-1', 'OWNER_REPRESENTATIVES', { compounds: [DEMO_IDS.youhe] }, 'RESIDENT'],
    [DEMO_IDS.youhe, 'party-yingfeng', 'COMMUNITY', { regions: [R.yingfeng] }, 'PARTY_ORGANISATION'],
    [DEMO_IDS.guangchangShangsha, 'party-dongfang', 'COMMUNITY', { regions: [R.dongfang] }, 'PARTY_ORGANISATION'],
  ];
  const register = `mutation($r: ID!, $c: ID!, $raters: [RaterInput!]!) { registerRaters(roundId: $r, compoundId: $c, raters: $raters) }`;
  for (const [c, sub, group] of raters) await ok(haishuOfficial, register, { r: round.id, c, raters: [{ sub, group }] });
  for (const [c, sub, , scope, role] of raters) {
    await ok(tokenFor({ sub, role: role as never, ...scope }), `mutation($r: ID!, $c: ID!, $s: [IndicatorScoreInput!]!) { submitScores(roundId: $r, compoundId: $c, scores: $s) { id } }`, {
      r: round.id,
      c,
      s: sheet,
    });
  }
  await ok(haishuOfficial, `mutation($r: ID!) { closeRound(roundId: $r) { status } }`, { r: round.id });
  return round.id;
}

const balanceOf = async (token: string, compoundId: string): Promise<number> =>
  (await ok(token, `query($id: ID!) { compound(id: $id) { publicRevenueBalanceFen } }`, { id: compoundId })).compound.publicRevenueBalanceFen;

/** Entity calls made upstream for one compound (by the representation it asked for). */
const entityCallsFor = (subgraph: SubgraphName, compoundId: string, sub: string) =>
  calls.filter((c) => c.subgraph === subgraph && c.query.includes('_entities') && c.claims.sub === sub && JSON.stringify(c.variables).includes(compoundId));

beforeAll(async () => {
  env = testEnvironment({ LOG_LEVEL: 'silent' });
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  await hub.settle(30_000);
  const urls = Object.fromEntries(SUBGRAPHS.map((n) => [n, hub.subgraphs[n].url])) as Record<SubgraphName, string>;
  for (const name of ['community', 'property', 'finance'] as const) urls[name] = await recordingProxy(name, hub.subgraphs[name].url);
  gateway = await startGateway(env.config, { subgraphUrls: urls, port: 0, logger: createLogger('gateway', 'silent') });
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await hub?.stop();
  await env?.cleanup();
  for (const p of proxies) await new Promise((r) => p.close(r));
});

describe('subscribers of one rating event through the gateway', () => {
  const subscribers: Subscriber[] = [];
  afterAll(async () => {
    for (const s of subscribers) await s.close();
  });

  it('share upstream calls within the same claims, and each caller gets only the answers for its own claims', async () => {
    const roundId = await closedRound('2026-Q4');
    const expectedBalance = {
      haishu: { youhe: await balanceOf(haishuOfficial, DEMO_IDS.youhe), guangchang: await balanceOf(haishuOfficial, DEMO_IDS.guangchangShangsha) },
      shiqi: await balanceOf(shiqiOfficial, DEMO_IDS.guangchangShangsha),
    };
    expect(typeof expectedBalance.haishu.youhe).toBe('number');
    expect(typeof expectedBalance.shiqi).toBe('number');

    // Six subscribers of one partner (two tokens, same claims), over both transports.
    const partners = [0, 1, 2, 3, 4, 5].map((i) => (i % 2 === 0 ? wsSubscriber : sseSubscriber)(partnerTokens[i % 4 < 2 ? 0 : 1], R.haishu));
    const official = wsSubscriber(haishuOfficial, R.haishu);
    const streetOfficial = sseSubscriber(shiqiOfficial, R.shiqi);
    subscribers.push(...partners, official, streetOfficial);
    // A subscription is live once the subgraph has opened its stream; give the last ones a moment.
    await new Promise((r) => setTimeout(r, 1_500));
    calls.length = 0;

    await ok(haishuOfficial, `mutation($r: ID!) { publishRound(roundId: $r) { status } }`, { r: roundId });
    await waitFor('every subscriber to receive its events', () => [...partners, official].every((s) => s.payloads.length >= 2) && streetOfficial.payloads.length >= 1);
    await new Promise((r) => setTimeout(r, 500));

    for (const s of subscribers) expect(s.failures).toEqual([]);
    const byCompound = (s: Subscriber) => Object.fromEntries(s.payloads.map((p) => [p.data!.ratingPublished.compound.id, p]));

    // The partner sees names but no balances: those need an official's (or resident's) claims.
    for (const partner of partners) {
      expect(partner.payloads).toHaveLength(2);
      const got = byCompound(partner);
      expect(got[DEMO_IDS.youhe].data!.ratingPublished.compound).toEqual({ id: DEMO_IDS.youhe, name: '游河小区', publicRevenueBalanceFen: null });
      expect(got[DEMO_IDS.guangchangShangsha].data!.ratingPublished).toMatchObject({ compound: { name: '广场商厦区域', publicRevenueBalanceFen: null }, firm: { name: '春江物业' } });
      for (const p of partner.payloads) expect(p.errors).toEqual(ownBalanceRefusal(p));
    }
    // The district official gets the balances, computed for its claims, for both compounds.
    const officialGot = byCompound(official);
    expect(official.payloads).toHaveLength(2);
    expect(officialGot[DEMO_IDS.youhe]).toEqual({ data: { ratingPublished: expect.objectContaining({ compound: { id: DEMO_IDS.youhe, name: '游河小区', publicRevenueBalanceFen: expectedBalance.haishu.youhe } }) } });
    expect(officialGot[DEMO_IDS.guangchangShangsha].data!.ratingPublished.compound.publicRevenueBalanceFen).toBe(expectedBalance.haishu.guangchang);
    // The street official follows Shiqi: Guangchang Shangsha only, not Youhe of Yuehu street.
    expect(streetOfficial.payloads.map((p) => p.data!.ratingPublished.compound)).toEqual([
      { id: DEMO_IDS.guangchangShangsha, name: '广场商厦区域', publicRevenueBalanceFen: expectedBalance.shiqi },
    ]);

    // Upstream: the six partner subscribers made fewer calls per event than they are, each signed
    // for the partner's claims; the officials' answers came from calls signed for their own claims.
    for (const compoundId of [DEMO_IDS.youhe, DEMO_IDS.guangchangShangsha]) {
      for (const subgraph of ['community', 'finance'] as const) {
        const partnerCalls = entityCallsFor(subgraph, compoundId, PARTNER_CLAIMS.sub);
        expect(partnerCalls.length).toBeGreaterThanOrEqual(1);
        expect(partnerCalls.length).toBeLessThan(partners.length);
        for (const c of partnerCalls) expect(c.claims).toEqual(PARTNER_CLAIMS);
        expect(entityCallsFor(subgraph, compoundId, 'official-haishu').length).toBeGreaterThanOrEqual(1);
      }
    }
    expect(entityCallsFor('finance', DEMO_IDS.guangchangShangsha, 'official-shiqi').length).toBeGreaterThanOrEqual(1);
    expect(entityCallsFor('finance', DEMO_IDS.youhe, 'official-shiqi')).toEqual([]);
    // Every upstream call carried the claims of one of the callers, nobody else's.
    expect(new Set(calls.map((c) => c.claims.sub))).toEqual(new Set(['partner-haishu', 'official-haishu', 'official-shiqi']));
    // The gateway opened one upstream event stream per claims (and region), not one per subscriber.
    expect(gateway.fanout.streamsOpened).toBe(3);
    expect(gateway.fanout.streamsJoined).toBe(partners.length - 1);
  });

  it('gives a subscriber who arrives after a shared stream delivered a stream of its own, and keeps the others on theirs', async () => {
    const roundId = await closedRound('2027-Q1');
    const opened = gateway.fanout.streamsOpened;
    const late = sseSubscriber(partnerTokens[0], R.haishu);
    subscribers.push(late);
    await waitFor('the late stream to open', () => gateway.fanout.streamsOpened === opened + 1);
    // One of the first round's partners leaves; the stream it shared stays with the others.
    const leaving = subscribers[0];
    await leaving.close();
    const staying = subscribers.filter((s) => s !== leaving);
    await new Promise((r) => setTimeout(r, 1_000));
    const before = staying.map((s) => s.payloads.length);

    await ok(haishuOfficial, `mutation($r: ID!) { publishRound(roundId: $r) { status } }`, { r: roundId });
    await waitFor('the new round to reach everyone', () => staying.every((s, i) => s.payloads.length > before[i]));
    await new Promise((r) => setTimeout(r, 500));

    expect(late.payloads.map((p) => p.data!.ratingPublished.period)).toEqual(['2027-Q1', '2027-Q1']);
    for (const s of subscribers) {
      expect(s.failures).toEqual([]);
      // Nothing twice, nothing from before a subscriber arrived.
      const ids = s.payloads.map((p) => p.data!.ratingPublished.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(s.payloads.every((p) => ['2026-Q4', '2027-Q1'].includes(p.data!.ratingPublished.period))).toBe(true);
    }
    expect(leaving.payloads.map((p) => p.data!.ratingPublished.period)).toEqual(['2026-Q4', '2026-Q4']);
    for (const s of staying.slice(0, 5)) expect(s.payloads.filter((p) => p.data!.ratingPublished.period === '2027-Q1')).toHaveLength(2);
    // A refusal the same as an earlier event's (same message and path) is still this event's: the
    // partners who stayed get their third and fourth events with one each, like the first two, and
    // so does the late subscriber with its two.
    for (const s of [...staying.slice(0, 5), late]) {
      expect(s.payloads.length).toBeGreaterThanOrEqual(2);
      for (const p of s.payloads) expect(p.errors).toEqual(ownBalanceRefusal(p));
    }
    const [first, ...later] = staying[0].payloads;
    const again = later.find((p) => p.data!.ratingPublished.compound.id === first.data!.ratingPublished.compound.id);
    expect(again?.data!.ratingPublished.period).toBe('2027-Q1');
    expect(again!.errors).toEqual(first.errors);
    // The officials may read balances: none of their events carries an error.
    for (const s of staying.slice(5, 7)) for (const p of s.payloads) expect(p.errors).toBeUndefined();
  });
});
