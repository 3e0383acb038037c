import jwt from 'jsonwebtoken';
import { CLAIMS_HEADER, SIGNATURE_HEADER, encodeClaims, recordEvent, signUpstream, transaction, uuidv7, type Claims } from '@hub/platform';
import { TEST_SIGNING_SECRET, testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_PEOPLE, DEMO_REGIONS } from '../scripts/demo-data';
import { gql, tokenFor } from './client';

/** The whole hub on MariaDB and Redis, called over HTTP through the gateway. */
let env: TestEnvironment;
let hub: Hub;

const OVERVIEW = `query Overview($id: ID!) {
  compound(id: $id) {
    name households
    community { code name } street { name } district { code name }
    propertyContract { model feeFenPerM2Month firm { id name } }
    publicRevenueBalanceFen
    latestRating { period score }
  }
}`;

const official = tokenFor({ sub: 'official-1', role: 'OFFICIAL', regions: [DEMO_REGIONS.shiqi] });

beforeAll(async () => {
  env = testEnvironment();
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  await hub.settle();
});

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
});

describe('one query across the four subgraphs', () => {
  it('returns the seeded compound with its contract, balance and latest rating', async () => {
    const { status, body } = await gql(hub.gateway.url, OVERVIEW, { token: official, variables: { id: DEMO_IDS.guangchangShangsha } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.compound).toEqual({
      name: '广场商厦区域',
      households: 148,
      community: { code: DEMO_REGIONS.dongfang, name: '东方社区' },
      street: { name: '石碶街道' },
      district: { code: DEMO_REGIONS.haishu, name: '海曙区' },
      propertyContract: { model: 'STANDARD', feeFenPerM2Month: 80, firm: { id: DEMO_IDS.chunjiangFirm, name: '春江物业' } },
      publicRevenueBalanceFen: 3_472_800,
      latestRating: { period: '2026-Q3', score: 92.35 },
    });
  });

  it('lists compounds as a Relay connection and pages with the cursor', async () => {
    const page = `query($after: String) { compounds(first: 2, after: $after) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }`;
    const first = await gql(hub.gateway.url, page);
    expect(first.body.data.compounds.edges.map((e: any) => e.node.name)).toEqual(['梦达教师楼', '广场商厦区域']);
    expect(first.body.data.compounds.pageInfo.hasNextPage).toBe(true);
    const second = await gql(hub.gateway.url, page, { variables: { after: first.body.data.compounds.pageInfo.endCursor } });
    expect(second.body.data.compounds.edges.map((e: any) => e.node.name)).toEqual(['游河小区']);
    expect(second.body.data.compounds.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a page larger than the cap with a coded error', async () => {
    const { body } = await gql(hub.gateway.url, `{ compounds(first: 101) { edges { node { id } } } }`);
    expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0].message).toContain('100');
  });
});

describe('who sees what', () => {
  it('shows an anonymous caller the public fields and withholds the money', async () => {
    const { body } = await gql(hub.gateway.url, OVERVIEW, { variables: { id: DEMO_IDS.guangchangShangsha } });
    expect(body.data.compound.name).toBe('广场商厦区域');
    expect(body.data.compound.latestRating).toEqual({ period: '2026-Q3', score: 92.35 });
    expect(body.data.compound.publicRevenueBalanceFen).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('withholds the money from an official of another street', async () => {
    const elsewhere = tokenFor({ sub: 'official-2', role: 'OFFICIAL', regions: [DEMO_REGIONS.minglou] });
    const { body } = await gql(hub.gateway.url, OVERVIEW, { token: elsewhere, variables: { id: DEMO_IDS.guangchangShangsha } });
    expect(body.data.compound.publicRevenueBalanceFen).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps the compounds of a list whose scoped fields are withheld, with an error per field', async () => {
    const list = `{ compounds(first: 3) { edges { node { name publicRevenueBalanceFen facilities { fireLanes { id } }
      units(first: 1) { edges { node { id } } } } } } }`;
    const { body } = await gql(hub.gateway.url, list, { token: official });
    const nodes = body.data.compounds.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.name)).toEqual(['梦达教师楼', '广场商厦区域', '游河小区']);
    // Youhe is in Yuehu street, outside the official's Shiqi street.
    expect(nodes[2]).toEqual({ name: '游河小区', publicRevenueBalanceFen: null, facilities: null, units: null });
    expect(nodes[1].facilities).not.toBeNull();
    expect(nodes[1].units.edges.length).toBe(1);
    const withheld = (body.errors ?? []).map((e) => [e.path?.slice(-1)[0], e.extensions?.code]).sort();
    expect(withheld).toEqual([['facilities', 'FORBIDDEN'], ['publicRevenueBalanceFen', 'FORBIDDEN'], ['units', 'FORBIDDEN']]);
  });

  it('never hands one caller the answer fetched for another, however concurrent', async () => {
    const elsewhere = tokenFor({ sub: 'official-2', role: 'OFFICIAL', regions: [DEMO_REGIONS.minglou] });
    const ask = (token?: string) => gql(hub.gateway.url, OVERVIEW, { token, variables: { id: DEMO_IDS.guangchangShangsha } });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? ask(official) : i % 4 === 1 ? ask(elsewhere) : ask())));
    answers.forEach((a, i) => {
      expect(a.body.data.compound.publicRevenueBalanceFen).toBe(i % 2 === 0 ? 3_472_800 : null);
    });
  });

  it("shows a resident their own compound's money but not another's", async () => {
    const resident = tokenFor({ sub: 'resident-1', role: 'RESIDENT', compounds: [DEMO_IDS.mengda] });
    const own = await gql(hub.gateway.url, OVERVIEW, { token: resident, variables: { id: DEMO_IDS.mengda } });
    expect(own.body.data.compound.publicRevenueBalanceFen).toBe(1_286_050);
    const other = await gql(hub.gateway.url, OVERVIEW, { token: resident, variables: { id: DEMO_IDS.youhe } });
    expect(other.body.data.compound.publicRevenueBalanceFen).toBeNull();
  });
});

describe('a firm post announced by property', () => {
  it('makes a cross-appointment in community whose firm the gateway resolves from property', async () => {
    const postId = uuidv7();
    await transaction(hub.subgraphs.property.ds, (m) =>
      recordEvent(m, 'FirmPostRecorded', postId, { postId, firmId: DEMO_IDS.chunjiangFirm, personId: DEMO_PEOPLE.socialWorker, role: '客服主管', startsOn: '2026-01-01', endsOn: null }),
    );
    await hub.settle();
    const query = `query($r: ID!) { crossAppointments(regionCode: $r, first: 50) { edges { node { person { id } posts { role firm { id name } } } } } }`;
    const { body } = await gql(hub.gateway.url, query, { token: official, variables: { r: DEMO_REGIONS.shiqi } });
    expect(body.errors).toBeUndefined();
    const worker = body.data.crossAppointments.edges.find((e: any) => e.node.person.id === DEMO_PEOPLE.socialWorker);
    expect(worker.node.posts).toContainEqual({ role: '客服主管', firm: { id: DEMO_IDS.chunjiangFirm, name: '春江物业' } });
    expect(worker.node.posts.filter((p: any) => p.firm === null).length).toBeGreaterThan(0);
  });
});

describe('the property firm in the joint meeting', () => {
  it('sees the meetings of the compounds it serves and completes only its own decisions', async () => {
    const firm = tokenFor({ sub: 'chunjiang-manager', role: 'PROPERTY_FIRM', firm: DEMO_IDS.chunjiangFirm });
    const meetings = `query($c: ID!) { jointMeetings(compoundId: $c) { edges { node { decisions { id responsibleParty status } } } } }`;
    const served = await gql(hub.gateway.url, meetings, { token: firm, variables: { c: DEMO_IDS.guangchangShangsha } });
    expect(served.body.errors).toBeUndefined();
    const decisions = served.body.data.jointMeetings.edges.flatMap((e: any) => e.node.decisions);
    expect(decisions.map((d: any) => d.responsibleParty).sort()).toEqual(['OWNERS_COMMITTEE', 'PROPERTY_FIRM', 'RESIDENTS_COMMITTEE']);
    // Mengda manages itself: the firm has no contract there.
    const other = await gql(hub.gateway.url, meetings, { token: firm, variables: { c: DEMO_IDS.mengda } });
    expect(other.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const complete = `mutation($id: ID!) { completeMeetingDecision(id: $id, note: "done") { status } }`;
    const committees = decisions.find((d: any) => d.responsibleParty === 'OWNERS_COMMITTEE');
    const own = decisions.find((d: any) => d.responsibleParty === 'PROPERTY_FIRM');
    expect((await gql(hub.gateway.url, complete, { token: firm, variables: { id: committees.id } })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // The firm's own decision is past the role check; it was done already.
    expect((await gql(hub.gateway.url, complete, { token: firm, variables: { id: own.id } })).body.errors?.[0].extensions?.code).toBe('INVALID_TRANSITION');

    const overdue = await gql(hub.gateway.url, `query($c: ID!) { overdueMeetingDecisions(compoundId: $c) { edges { node { id } } } }`, { token: firm, variables: { c: DEMO_IDS.guangchangShangsha } });
    expect(overdue.body.data.overdueMeetingDecisions.edges.map((e: any) => e.node.id)).toEqual([committees.id]);
  });
});

describe('analysts', () => {
  it('ask the three subgraphs for one period in the same words', async () => {
    const analyst = tokenFor({ sub: 'analyst-1', role: 'ANALYST' });
    const query = `query($r: ID!, $from: String!, $to: String!) {
      communityStats(regionCode: $r, from: $from, to: $to) { coverage { compounds } }
      propertyStats(regionCode: $r, from: $from, to: $to) { compounds }
      financeStats(regionCode: $r, from: $from, to: $to) { compounds } }`;
    for (const [from, to] of [['2026-01-01', '2026-12-31'], ['2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z']]) {
      const { body } = await gql(hub.gateway.url, query, { token: analyst, variables: { r: DEMO_REGIONS.shiqi, from, to } });
      expect(body.errors).toBeUndefined();
      // Mengda and Guangchang Shangsha are in Shiqi street.
      expect(body.data).toEqual({ communityStats: { coverage: { compounds: 2 } }, propertyStats: { compounds: 2 }, financeStats: { compounds: 2 } });
    }
    const reversed = await gql(hub.gateway.url, query, { token: analyst, variables: { r: DEMO_REGIONS.shiqi, from: '2026-12-31', to: '2026-01-01' } });
    expect(reversed.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });
});

describe('bad tokens get 401 with a reason', () => {
  const query = '{ compounds(first: 1) { edges { node { id } } } }';
  const cases: [string, () => string, string][] = [
    ['malformed', () => 'not-a-jwt', 'TOKEN_MALFORMED'],
    ['wrong signature', () => jwt.sign({ sub: 'x', role: 'ADMIN' }, 'some-other-secret-that-is-long-enough-000'), 'TOKEN_SIGNATURE_INVALID'],
    ['expired', () => jwt.sign({ sub: 'x', role: 'ADMIN', exp: Math.floor(Date.now() / 1000) - 3600 }, 'test-jwt-secret-0123456789abcdefghijklmnop'), 'TOKEN_EXPIRED'],
    ['unknown role', () => jwt.sign({ sub: 'x', role: 'KING' }, 'test-jwt-secret-0123456789abcdefghijklmnop'), 'TOKEN_CLAIMS_INVALID'],
    ['"none" algorithm', () => jwt.sign({ sub: 'x', role: 'ADMIN' }, '', { algorithm: 'none' }), 'TOKEN_ALGORITHM_REJECTED'],
  ];
  it.each(cases)('%s', async (_name, token, reason) => {
    const { status, body } = await gql(hub.gateway.url, query, { token: token() });
    expect(status).toBe(401);
    expect(body.errors?.[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
  });
});

describe('operation limits and malformed requests', () => {
  it('refuses a query deeper than the limit, naming it', async () => {
    const deep = `{ compounds { edges { node { community { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } } }`;
    const { body } = await gql(hub.gateway.url, deep);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'maxDepth', max: 12 });
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: name`).join(' ');
    const { body } = await gql(hub.gateway.url, `{ region(code: "${DEMO_REGIONS.haishu}") { ${aliases} } }`);
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'maxAliases', max: 15 });
  });

  it('refuses too many root fields', async () => {
    const roots = Array.from({ length: 11 }, (_, i) => `r${i}: region(code: "${DEMO_REGIONS.haishu}") { name }`).join(' ');
    const { body } = await gql(hub.gateway.url, `{ ${roots} }`);
    expect(body.errors?.map((e) => e.extensions?.limit)).toContain('maxRootFields');
  });

  it('refuses a document with more tokens than the limit', async () => {
    const fields = Array.from({ length: 3100 }, () => 'name').join(' ');
    const { body } = await gql(hub.gateway.url, `{ region(code: "1") { ${fields} } }`);
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'maxTokens', max: 3000 });
  });

  it('answers malformed GraphQL with a GraphQL error, not a 500', async () => {
    const { status, body } = await gql(hub.gateway.url, '{ compounds( ');
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0].message).toMatch(/Syntax Error/);
  });
});

describe('subgraphs trust only the gateway', () => {
  const body = JSON.stringify({ query: '{ _service { sdl } }' });
  const post = (headers: Record<string, string>) =>
    fetch(hub.subgraphs.finance.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('refuses an unsigned direct call', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'SIGNATURE_MISSING' });
  });

  it('refuses claims that were changed after signing', async () => {
    const signedFor = encodeClaims({ sub: 'r', role: 'RESIDENT', compounds: [] } as Claims);
    const forged = encodeClaims({ sub: 'r', role: 'ADMIN' } as Claims);
    const res = await post({ [CLAIMS_HEADER]: forged, [SIGNATURE_HEADER]: signUpstream(TEST_SIGNING_SECRET, signedFor, body) });
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].extensions.reason).toBe('SIGNATURE_INVALID');
  });

  it('refuses a replayed signature older than the allowed age', async () => {
    const claims = encodeClaims({ sub: 'a', role: 'ADMIN' } as Claims);
    const old = signUpstream(TEST_SIGNING_SECRET, claims, body, Date.now() - 10 * 60_000);
    const res = await post({ [CLAIMS_HEADER]: claims, [SIGNATURE_HEADER]: old });
    expect((await res.json()).errors[0].extensions.reason).toBe('SIGNATURE_EXPIRED');
  });

  it('refuses a body over the size cap before reading it all', async () => {
    const res = await fetch(hub.subgraphs.finance.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(1_000_001) });
    expect(res.status).toBe(413);
  });

  it('answers a correctly signed call', async () => {
    const claims = encodeClaims({ sub: 'a', role: 'ADMIN' } as Claims);
    const res = await post({ [CLAIMS_HEADER]: claims, [SIGNATURE_HEADER]: signUpstream(TEST_SIGNING_SECRET, claims, body) });
    expect(res.status).toBe(200);
    expect((await res.json()).data._service.sdl).toContain('publicRevenueBalanceFen');
  });
});

describe('operational endpoints', () => {
  it('echoes the caller\'s request id, or makes one', async () => {
    const given = await fetch(hub.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req-42' }, body: JSON.stringify({ query: '{ region(code: "1") { name } }' }) });
    expect(given.headers.get('x-request-id')).toBe('req-42');
    const made = await fetch(hub.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ region(code: "1") { name } }' }) });
    expect(made.headers.get('x-request-id')).toMatch(/\S{8,}/);
  });

  it('serves health, readiness and metrics on the gateway and every subgraph', async () => {
    const bases = [hub.gateway.url, ...Object.values(hub.subgraphs).map((s) => s.url)].map((u) => u.replace(/\/graphql$/, ''));
    for (const base of bases) {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('hub_http_request_duration_seconds');
    }
    const rating = await (await fetch(hub.subgraphs.rating.url.replace(/graphql$/, 'metrics'))).text();
    expect(Number(/hub_sql_statements_total\{[^}]*\} (\d+)/.exec(rating)?.[1])).toBeGreaterThan(0);
    // Every subgraph tells what its outbox holds for the relay; the hub's relays keep up, so nothing is an hour old.
    for (const subgraph of Object.values(hub.subgraphs)) {
      const text = await (await fetch(subgraph.url.replace(/graphql$/, 'metrics'))).text();
      expect(Number(/^hub_outbox_unpublished_events\{[^}]*\} (\S+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(0);
      expect(Number(/^hub_outbox_oldest_unpublished_seconds\{[^}]*\} (\S+)$/m.exec(text)?.[1])).toBeLessThan(3_600);
    }
  });

  it('hides introspection outside development', async () => {
    const { body } = await gql(hub.gateway.url, '{ __schema { queryType { name } } }');
    expect(body.data?.__schema).toBeUndefined();
    expect(body.errors?.length).toBeGreaterThan(0);
  });
});
