import { Queue } from 'bullmq';
import { Between } from 'typeorm';
import IORedis from 'ioredis';
import { OutboxEvent, recordEvent, transaction, uuidv7 } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { community as demoCommunity, demoId, DEMO_IDS, DEMO_REGIONS } from '../scripts/demo-data';
import { seedCommunityDemo } from '@hub/community';
import { gql, tokenFor } from './client';
import { UnitEntity } from '../subgraphs/community/src/units/unit.entity';
import { ResidentRequestEntity } from '../subgraphs/community/src/requests/resident-request.entity';
import { RequestStepEntity } from '../subgraphs/community/src/requests/request-step.entity';
import { requestFigures } from '../subgraphs/community/src/requests/request-stats';
import { sweepRequests, ESCALATION_QUEUE, ESCALATION_SCHEDULER_ID } from '../subgraphs/community/src/escalation/escalation.worker';
import { FEEDBACK_WINDOW_SECONDS } from '../subgraphs/community/src/escalation/escalation';

/**
 * Resident requests (诉求一键达) through the gateway on MariaDB and Redis: from a resident's tap
 * through routing, escalation compound → community → street by the hub itself, a completed work
 * order, a rejected fix, to a closed and rated result; scope, bad input and statement counts.
 */
let env: TestEnvironment;
let hub: Hub;
let url: string;

const GCSS = DEMO_IDS.guangchangShangsha;
const MENGDA = DEMO_IDS.mengda;
const R = DEMO_REGIONS;

const admin = tokenFor({ sub: 'admin-1', role: 'ADMIN' });
const streetOfficial = tokenFor({ sub: 'official-shiqi', role: 'OFFICIAL', regions: [R.shiqi] });
const communityOfficial = tokenFor({ sub: 'official-dongfang', role: 'OFFICIAL', regions: [R.dongfang] });
const otherStreetOfficial = tokenFor({ sub: 'official-yuehu', role: 'OFFICIAL', regions: [R.yuehu] });
const gcssCommittee = tokenFor({ sub: 'oc-gcss', role: 'OWNERS_COMMITTEE', compounds: [GCSS] });
const mengdaCommittee = tokenFor({ sub: 'oc-mengda', role: 'OWNERS_COMMITTEE', compounds: [MENGDA] });
const analyst = tokenFor({ sub: 'analyst-1', role: 'ANALYST' });

let reporter: { personId: string; unitId: string; token: string };
let neighbour: { personId: string; unitId: string; token: string };

const REQUEST_FIELDS = `id state level responsible slaSeconds category description place photoUrls submittedAt dueAt overdue escalations
  onTime reopenCount satisfaction feedback compound { id name } escalatedTo { code name }
  timeline { action state level actorRole note photoUrls at }`;

async function ok<T = any>(query: string, token: string, variables?: Record<string, unknown>): Promise<T> {
  const { body } = await gql(url, query, { token, variables });
  if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function errorCode(query: string, token: string, variables?: Record<string, unknown>): Promise<string | undefined> {
  const { body } = await gql(url, query, { token, variables });
  return body.errors?.[0]?.extensions?.code;
}

const SUBMIT = `mutation($input: SubmitRequestInput!) { submitRequest(input: $input) { ${REQUEST_FIELDS} } }`;
const GET = `query($id: ID!) { residentRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const step = (name: string, args = '') => `mutation($id: ID!) { ${name}(id: $id${args}) { ${REQUEST_FIELDS} } }`;

async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const outboxOf = (topic: string, aggregateId: string) =>
  hub.subgraphs.community.ds.getRepository(OutboxEvent).find({ where: { topic, aggregateId }, order: { id: 'ASC' } });

const requestCount = () => hub.subgraphs.community.ds.getRepository(ResidentRequestEntity).count();

beforeAll(async () => {
  env = testEnvironment();
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  url = hub.gateway.url;
  await hub.settle();
  // Two owners of Guangchang Shangsha from the demo register; their tokens carry their person id and unit.
  // (owners without demo requests, so that their lists start empty)
  const units = await hub.subgraphs.community.ds
    .getRepository(UnitEntity)
    .createQueryBuilder('u')
    .where('u.compoundId = :c AND u.use = :use AND u.ownerId IS NOT NULL', { c: GCSS, use: 'RESIDENTIAL' })
    .andWhere('u.ownerId NOT IN (SELECT r.reporterId FROM resident_request r)')
    .orderBy('u.id')
    .take(2)
    .getMany();
  expect(units).toHaveLength(2);
  expect(units[0].ownerId).not.toBe(units[1].ownerId);
  const resident = (u: UnitEntity) => ({
    personId: u.ownerId!,
    unitId: u.id,
    token: tokenFor({ sub: u.ownerId!, role: 'RESIDENT', compounds: [GCSS], units: [u.id] }),
  });
  reporter = resident(units[0]);
  neighbour = resident(units[1]);
});

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
});

describe('a request from submission through escalation to a closed, rated result', () => {
  let id: string;

  it('lets an admin shorten the repair SLA so that escalation can be watched', async () => {
    const data = await ok(
      `mutation { setRequestRoute(input: { category: "REPAIR", label: "报修", responsible: PROPERTY_FIRM, slaSeconds: 2 }) { category responsible slaSeconds } }`,
      admin,
    );
    expect(data.setRequestRoute).toEqual({ category: 'REPAIR', responsible: 'PROPERTY_FIRM', slaSeconds: 2 });
    const routes = await ok(`{ requestRoutes { category responsible slaSeconds } }`, reporter.token);
    expect(routes.requestRoutes).toEqual(
      expect.arrayContaining([
        { category: 'REPAIR', responsible: 'PROPERTY_FIRM', slaSeconds: 2 },
        { category: 'DISPUTE', responsible: 'RESIDENTS_COMMITTEE', slaSeconds: 72 * 3600 },
        { category: 'OWNERS_MATTER', responsible: 'OWNERS_COMMITTEE', slaSeconds: 7 * 24 * 3600 },
        { category: 'GAS', responsible: 'UTILITY', slaSeconds: 4 * 3600 },
      ]),
    );
  });

  it('files a resident\'s request once, routed to the property firm, with the SLA clock running at compound level', async () => {
    const before = await requestCount();
    const input = {
      compoundId: GCSS,
      unitId: reporter.unitId,
      category: 'REPAIR',
      description: '楼道声控灯坏了，晚上看不见台阶',
      place: '2幢3单元楼道',
      photoUrls: ['https://img.example.cn/req/1.jpg'],
      clientRequestId: 'app-7f3a',
    };
    const first = (await ok(SUBMIT, reporter.token, { input })).submitRequest;
    // the app retries the same tap: same request back, nothing filed twice
    const again = (await ok(SUBMIT, reporter.token, { input })).submitRequest;
    expect(again.id).toBe(first.id);
    expect(await requestCount()).toBe(before + 1);
    id = first.id;
    expect(first).toMatchObject({
      state: 'SUBMITTED',
      level: 'COMPOUND',
      responsible: 'PROPERTY_FIRM',
      slaSeconds: 2,
      escalations: 0,
      overdue: false,
      escalatedTo: null,
      compound: { id: GCSS, name: '广场商厦区域' },
      photoUrls: ['https://img.example.cn/req/1.jpg'],
    });
    expect(Date.parse(first.dueAt) - Date.parse(first.submittedAt)).toBe(2000);
    expect(first.timeline).toEqual([expect.objectContaining({ action: 'SUBMIT', state: 'SUBMITTED', actorRole: 'RESIDENT' })]);
  });

  it('is accepted by the owners\' committee and dispatched by the community: the firm gets it through RequestDispatched', async () => {
    const accepted = (await ok(step('acceptRequest', ', note: "已受理"'), gcssCommittee, { id })).acceptRequest;
    expect(accepted.state).toBe('ACCEPTED');
    const dispatched = (await ok(step('dispatchRequest'), communityOfficial, { id })).dispatchRequest;
    expect(dispatched.state).toBe('DISPATCHED');
    const events = await outboxOf('RequestDispatched', id);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toMatchObject({
      requestId: id,
      compoundId: GCSS,
      category: 'REPAIR',
      responsible: 'PROPERTY_FIRM',
      round: 1,
      place: '2幢3单元楼道',
      photoUrls: ['https://img.example.cn/req/1.jpg'],
    });
  });

  it('escalates by itself to the community, then to the street, and no further', async () => {
    const community = await waitFor('escalation to the community', async () => (await ok(GET, reporter.token, { id })).residentRequest, (r) => r.level !== 'COMPOUND');
    expect(community).toMatchObject({ level: 'COMMUNITY', escalations: 1, escalatedTo: { code: R.dongfang, name: '东方社区' }, state: 'DISPATCHED' });
    const street = await waitFor('escalation to the street', async () => (await ok(GET, reporter.token, { id })).residentRequest, (r) => r.level === 'STREET');
    expect(street).toMatchObject({ level: 'STREET', escalations: 2, escalatedTo: { code: R.shiqi, name: '石碶街道' } });
    const escalations = street.timeline.filter((s: any) => s.action === 'ESCALATE');
    expect(escalations.map((s: any) => [s.level, s.actorRole])).toEqual([
      ['COMMUNITY', 'SYSTEM'],
      ['STREET', 'SYSTEM'],
    ]);
    // each level had its own full window of 2 s
    expect(Date.parse(escalations[1].at) - Date.parse(escalations[0].at)).toBeGreaterThanOrEqual(2000);
    // the street is the top: after another window it is overdue there, not moved again
    await new Promise((r) => setTimeout(r, 3000));
    const later = (await ok(GET, reporter.token, { id })).residentRequest;
    expect(later).toMatchObject({ level: 'STREET', escalations: 2, overdue: true });
  });

  it('shows in the street\'s overdue queue, but not in another street\'s', async () => {
    const queue = `query($code: ID!) { residentRequests(regionCode: $code, level: STREET, overdueOnly: true) { edges { node { id } } } }`;
    const mine = await ok(queue, streetOfficial, { code: R.shiqi });
    expect(mine.residentRequests.edges.map((e: any) => e.node.id)).toContain(id);
    expect(await errorCode(queue, otherStreetOfficial, { code: R.shiqi })).toBe('FORBIDDEN');
  });

  it('becomes a work order of the compound\'s firm, and is resolved when the firm completes it, late against the SLA', async () => {
    await hub.settle();
    const firm = tokenFor({ sub: 'firm-staff-1', role: 'PROPERTY_FIRM', firm: DEMO_IDS.chunjiangFirm });
    const orders = await ok(`query($c: ID!) { workOrders(compoundId: $c, first: 100) { edges { node { id requestId status firm { id } } } } }`, firm, { c: GCSS });
    const order = orders.workOrders.edges.map((e: any) => e.node).find((o: any) => o.requestId === id);
    expect(order).toMatchObject({ status: 'NEW', firm: { id: DEMO_IDS.chunjiangFirm } });
    await ok(`mutation($id: ID!) { assignWorkOrder(id: $id, assigneeName: "维修班 李师傅") { status } }`, firm, { id: order.id });
    await ok(`mutation($id: ID!) { startWorkOrder(id: $id) { status } }`, firm, { id: order.id });
    const done = await ok(`mutation($id: ID!) { completeWorkOrder(id: $id, photoUrls: ["https://img.example.cn/wo/done.jpg"], note: "已更换声控灯") { status } }`, firm, { id: order.id });
    expect(done.completeWorkOrder.status).toBe('COMPLETED');
    await hub.settle();
    const r = (await ok(GET, reporter.token, { id })).residentRequest;
    expect(r).toMatchObject({ state: 'RESOLVED', onTime: false, dueAt: null, overdue: false });
    expect(r.timeline.slice(-2)).toEqual([
      expect.objectContaining({ action: 'START', state: 'IN_PROGRESS', actorRole: 'PROPERTY_FIRM' }),
      expect.objectContaining({ action: 'RESOLVE', state: 'RESOLVED', actorRole: 'PROPERTY_FIRM', photoUrls: ['https://img.example.cn/wo/done.jpg'] }),
    ]);
  });

  it('ignores a repeated or stray work-order completion', async () => {
    const stray = uuidv7();
    await transaction(hub.subgraphs.property.ds, (manager) =>
      recordEvent(manager, 'WorkOrderCompleted', stray, { workOrderId: stray, requestId: id, compoundId: GCSS, firmId: DEMO_IDS.chunjiangFirm, photoUrls: [], completedAt: new Date().toISOString() }),
    );
    await hub.settle();
    const r = (await ok(GET, reporter.token, { id })).residentRequest;
    expect(r.state).toBe('RESOLVED');
    expect(r.timeline.filter((s: any) => s.action === 'RESOLVE')).toHaveLength(1);
  });

  it('is reopened when the reporter rejects the fix, then handled again', async () => {
    const reopened = (await ok(step('reopenRequest', ', feedback: "只修好了一层，三楼还是不亮"'), reporter.token, { id })).reopenRequest;
    expect(reopened).toMatchObject({ state: 'REOPENED', reopenCount: 1, onTime: null, feedback: '只修好了一层，三楼还是不亮' });
    expect(Date.parse(reopened.dueAt)).toBeGreaterThan(Date.now() - 2000);
    await ok(step('startRequest'), streetOfficial, { id });
    const resolved = (await ok(`mutation($id: ID!) { resolveRequest(id: $id, note: "三楼灯已换", photoUrls: ["https://img.example.cn/req/fixed.jpg"]) { state } }`, streetOfficial, { id })).resolveRequest;
    expect(resolved.state).toBe('RESOLVED');
  });

  it('is closed by the reporter with a score, announced to rating through RequestClosed, and visible in myRequests with its whole timeline', async () => {
    const closed = (await ok(step('closeRequest', ', satisfaction: 4, feedback: "修好了，谢谢"'), reporter.token, { id })).closeRequest;
    expect(closed).toMatchObject({ state: 'CLOSED', satisfaction: 4, feedback: '修好了，谢谢' });
    const events = await outboxOf('RequestClosed', id);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toMatchObject({ requestId: id, compoundId: GCSS, category: 'REPAIR', satisfaction: 4 });

    const mine = await ok(`{ myRequests(first: 10) { edges { node { id state timeline { action state actorRole } } } } }`, reporter.token);
    const node = mine.myRequests.edges.find((e: any) => e.node.id === id).node;
    expect(node.timeline.map((s: any) => s.action)).toEqual([
      'SUBMIT', 'ACCEPT', 'DISPATCH', 'ESCALATE', 'ESCALATE', 'START', 'RESOLVE', 'REOPEN', 'START', 'RESOLVE', 'CLOSE',
    ]);
    expect(node.timeline.at(-1)).toEqual({ action: 'CLOSE', state: 'CLOSED', actorRole: 'RESIDENT' });
    // closed is final
    expect(await errorCode(step('reopenRequest', ', feedback: "again"'), reporter.token, { id })).toBe('INVALID_TRANSITION');
  });
});

describe('scope and bad input', () => {
  let id: string;

  beforeAll(async () => {
    const data = await ok(SUBMIT, reporter.token, { input: { compoundId: GCSS, category: 'DISPUTE', description: '楼上装修噪音' } });
    id = data.submitRequest.id;
    expect(data.submitRequest.responsible).toBe('RESIDENTS_COMMITTEE');
  });

  it('keeps a request from other residents, analysts, other compounds\' committees and other streets', async () => {
    expect(await errorCode(GET, neighbour.token, { id })).toBe('FORBIDDEN');
    expect(await errorCode(GET, analyst, { id })).toBe('FORBIDDEN');
    expect(await errorCode(GET, mengdaCommittee, { id })).toBe('FORBIDDEN');
    expect(await errorCode(GET, otherStreetOfficial, { id })).toBe('FORBIDDEN');
    expect((await ok(GET, gcssCommittee, { id })).residentRequest.id).toBe(id);
    // the committee may contact the reporter, but sees their personal data masked; the reporter sees it in full
    const WHO = `query($id: ID!) { residentRequest(id: $id) { reporter { id name phone } } }`;
    const seenByCommittee = (await ok(WHO, gcssCommittee, { id })).residentRequest.reporter;
    const seenByReporter = (await ok(WHO, reporter.token, { id })).residentRequest.reporter;
    expect(seenByCommittee.id).toBe(reporter.personId);
    expect(seenByReporter.phone).toMatch(/^\d{11}$/);
    expect(seenByCommittee.phone).toContain('*');
    expect(seenByCommittee.name).not.toBe(seenByReporter.name);
    expect((await ok(GET, streetOfficial, { id })).residentRequest.id).toBe(id);
    const theirs = await ok(`{ myRequests { edges { node { id } } } }`, neighbour.token);
    expect(theirs.myRequests.edges).toEqual([]);
  });

  it('lets only the compound\'s committee and the region\'s officials handle it, and only the reporter close it', async () => {
    expect(await errorCode(step('acceptRequest'), mengdaCommittee, { id })).toBe('FORBIDDEN');
    expect(await errorCode(step('acceptRequest'), otherStreetOfficial, { id })).toBe('FORBIDDEN');
    expect(await errorCode(step('acceptRequest'), reporter.token, { id })).toBe('FORBIDDEN');
    expect(await errorCode(step('closeRequest', ', satisfaction: 5'), neighbour.token, { id })).toBe('FORBIDDEN');
    expect((await ok(GET, reporter.token, { id })).residentRequest.state).toBe('SUBMITTED');
  });

  it('refuses a skipped step with INVALID_TRANSITION and changes nothing', async () => {
    const steps = () => hub.subgraphs.community.ds.getRepository(RequestStepEntity).countBy({ requestId: id });
    const before = await steps();
    expect(await errorCode(step('resolveRequest'), gcssCommittee, { id })).toBe('INVALID_TRANSITION');
    expect(await errorCode(step('dispatchRequest'), gcssCommittee, { id })).toBe('INVALID_TRANSITION');
    expect(await errorCode(step('closeRequest', ', satisfaction: 5'), reporter.token, { id })).toBe('INVALID_TRANSITION');
    expect(await steps()).toBe(before);
    expect((await ok(GET, reporter.token, { id })).residentRequest.state).toBe('SUBMITTED');
  });

  it('refuses bad submissions with a code and files nothing', async () => {
    const before = await requestCount();
    const submit = (input: Record<string, unknown>, token = reporter.token) =>
      errorCode(SUBMIT, token, { input: { compoundId: GCSS, category: 'REPAIR', description: '水管漏水', ...input } });
    expect(await submit({ category: 'PLUMBING' })).toBe('BAD_USER_INPUT');
    expect(await submit({ description: '   ' })).toBe('BAD_USER_INPUT');
    expect(await submit({ photoUrls: ['file:///etc/passwd'] })).toBe('BAD_USER_INPUT');
    expect(await submit({ unitId: neighbour.unitId })).toBe('FORBIDDEN');
    expect(await submit({ compoundId: MENGDA })).toBe('FORBIDDEN');
    const unknownCompound = '019b0000-0000-7000-8000-000000000000';
    expect(await submit({ compoundId: unknownCompound }, tokenFor({ sub: reporter.personId, role: 'RESIDENT', compounds: [GCSS, unknownCompound] }))).toBe('NOT_FOUND');
    // a unit of another compound, even if the token lists it
    const mengdaUnit = await hub.subgraphs.community.ds.getRepository(UnitEntity).findOneByOrFail({ compoundId: MENGDA });
    expect(await submit({ unitId: mengdaUnit.id }, tokenFor({ sub: reporter.personId, role: 'RESIDENT', compounds: [GCSS], units: [mengdaUnit.id] }))).toBe('BAD_USER_INPUT');
    expect(await submit({}, gcssCommittee)).toBe('FORBIDDEN');
    const { body } = await gql(url, SUBMIT, { variables: { input: { compoundId: GCSS, category: 'REPAIR', description: 'x' } } });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await requestCount()).toBe(before);
  });

  it('refuses a satisfaction outside 1–5 and an empty reason to reopen, leaving the request as it was', async () => {
    const { submitRequest } = await ok(SUBMIT, reporter.token, { input: { compoundId: GCSS, category: 'OWNERS_MATTER', description: '公共收益公示' } });
    for (const s of ['acceptRequest', 'dispatchRequest', 'startRequest', 'resolveRequest']) await ok(step(s), gcssCommittee, { id: submitRequest.id });
    expect(await errorCode(step('closeRequest', ', satisfaction: 6'), reporter.token, { id: submitRequest.id })).toBe('BAD_USER_INPUT');
    expect(await errorCode(step('closeRequest', ', satisfaction: 0'), reporter.token, { id: submitRequest.id })).toBe('BAD_USER_INPUT');
    expect(await errorCode(step('reopenRequest', ', feedback: " "'), reporter.token, { id: submitRequest.id })).toBe('BAD_USER_INPUT');
    expect((await ok(GET, reporter.token, { id: submitRequest.id })).residentRequest).toMatchObject({ state: 'RESOLVED', satisfaction: null });
    expect(await outboxOf('RequestClosed', submitRequest.id)).toEqual([]);
    // reopened and dispatched again: a second dispatch, told apart by its round
    await ok(step('reopenRequest', ', feedback: "公示内容不全"'), reporter.token, { id: submitRequest.id });
    await ok(step('dispatchRequest'), gcssCommittee, { id: submitRequest.id });
    const rounds = (await outboxOf('RequestDispatched', submitRequest.id)).map((e) => JSON.parse(e.payload).round);
    expect(rounds).toEqual([1, 2]);
  });

  it('lets only admins change the routing table, and only to something valid', async () => {
    const set = (sla: number) => `mutation { setRequestRoute(input: { category: "GAS", label: "燃气", responsible: UTILITY, slaSeconds: ${sla} }) { slaSeconds } }`;
    expect(await errorCode(set(60), streetOfficial)).toBe('FORBIDDEN');
    expect(await errorCode(set(0), admin)).toBe('BAD_USER_INPUT');
    expect(await errorCode(set(91 * 24 * 3600), admin)).toBe('BAD_USER_INPUT');
    const routes = await ok(`{ requestRoutes { category slaSeconds } }`, reporter.token);
    expect(routes.requestRoutes.find((r: any) => r.category === 'GAS').slaSeconds).toBe(4 * 3600);
  });

  it('applies a step once when two hands act at the same moment, and files a doubly sent tap once', async () => {
    const { submitRequest } = await ok(SUBMIT, reporter.token, { input: { compoundId: GCSS, category: 'WATER', description: '水压低' } });
    const results = await Promise.all([
      gql(url, step('acceptRequest'), { token: gcssCommittee, variables: { id: submitRequest.id } }),
      gql(url, step('acceptRequest'), { token: communityOfficial, variables: { id: submitRequest.id } }),
    ]);
    expect(results.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(['CONFLICT', 'INVALID_TRANSITION']).toContain(results.find((r) => r.body.errors)!.body.errors![0].extensions!.code);
    const accepts = await hub.subgraphs.community.ds.getRepository(RequestStepEntity).countBy({ requestId: submitRequest.id, action: 'ACCEPT' });
    expect(accepts).toBe(1);

    const before = await requestCount();
    const input = { compoundId: GCSS, category: 'WATER', description: '水压低（重复发送）', clientRequestId: 'app-double-tap' };
    const both = await Promise.all([ok(SUBMIT, reporter.token, { input }), ok(SUBMIT, reporter.token, { input })]);
    expect(both[0].submitRequest.id).toBe(both[1].submitRequest.id);
    expect(await requestCount()).toBe(before + 1);
  });

  it('refuses a resident token that names no person', async () => {
    const nobody = tokenFor({ sub: '', role: 'RESIDENT', compounds: [GCSS] });
    expect(await errorCode(`{ myRequests { edges { node { id } } } }`, nobody)).toBe('FORBIDDEN');
    expect(await errorCode(SUBMIT, nobody, { input: { compoundId: GCSS, category: 'REPAIR', description: '漏水' } })).toBe('FORBIDDEN');
  });

  it('refuses a page larger than the cap', async () => {
    expect(await errorCode(`{ myRequests(first: 1000) { edges { node { id } } } }`, reporter.token)).toBe('BAD_USER_INPUT');
  });
});

describe('one statement per entity type', () => {
  it('reads a page of requests with timelines, compounds and escalation regions in the same number of statements for 1 or 12 requests', async () => {
    const resident = tokenFor({ sub: neighbour.personId, role: 'RESIDENT', compounds: [GCSS], units: [neighbour.unitId] });
    const page = (n: number) => `{ myRequests(first: ${n}) { edges { node { id timeline { action at } compound { name } escalatedTo { name } } } } }`;
    // The outbox relay, the request sweep and the vote-closing sweep share the database and poll
    // it on their own timers; their statements (on the outbox, the sweep's read by due time, the
    // read of matters whose voting has closed) are not the query's and are left out of the count.
    const background = /`outbox`|ORDER BY `ResidentRequestEntity`\.`nextActionAt`|`MatterEntity`\.`votingClosesAt`/;
    // The events of the requests just filed are consumed before counting (a consumer's job may
    // apply many events, one after another); the fewest of three tries leaves out anything else.
    const spent = async (n: number) => {
      const counter = hub.subgraphs.community.statements as unknown as { logQuery: (query: string) => void };
      const original = counter.logQuery;
      let statements = 0;
      counter.logQuery = function (query: string) {
        if (!background.test(query)) statements++;
        original.call(this, query);
      };
      try {
        let fewest = { statements: Infinity, length: 0 };
        for (let attempt = 0; attempt < 3; attempt++) {
          statements = 0;
          const data = await ok(page(n), resident);
          if (statements < fewest.statements) fewest = { statements, length: data.myRequests.edges.length };
        }
        return fewest;
      } finally {
        counter.logQuery = original;
      }
    };
    await ok(SUBMIT, resident, { input: { compoundId: GCSS, category: 'WATER', description: '停水' } });
    await hub.settle();
    const one = await spent(1);
    for (let i = 0; i < 11; i++) await ok(SUBMIT, resident, { input: { compoundId: GCSS, category: 'POWER', description: `停电 ${i}` } });
    await hub.settle();
    const twelve = await spent(12);
    expect(one.length).toBe(1);
    expect(twelve.length).toBe(12);
    // the page, the timelines, the compounds: three, whatever the length
    expect(one.statements).toBe(3);
    expect(twelve.statements).toBe(3);
  });
});

describe('the hub acts by itself', () => {
  it('keeps one sweep scheduler with a fixed id in Redis', async () => {
    const connection = new IORedis(env.config.redisUrl, { maxRetriesPerRequest: 1 });
    const queue = new Queue(ESCALATION_QUEUE, { connection, prefix: env.config.queuePrefix });
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toEqual([ESCALATION_SCHEDULER_ID]);
    } finally {
      await queue.close();
      await connection.quit();
    }
  });

  it('escalates what fell due while nobody was watching, on the next tick', async () => {
    const { submitRequest } = await ok(SUBMIT, reporter.token, { input: { compoundId: GCSS, category: 'GAS', description: '闻到燃气味' } });
    // as if the hub had been down past the 4-hour SLA
    const past = new Date(Date.now() - 5 * 3600 * 1000);
    await hub.subgraphs.community.ds.getRepository(ResidentRequestEntity).update({ id: submitRequest.id }, { dueAt: past, nextActionAt: past });
    const r = await waitFor('the sweep', async () => (await ok(GET, reporter.token, { id: submitRequest.id })).residentRequest, (x) => x.escalations > 0);
    expect(r).toMatchObject({ level: 'COMMUNITY', escalations: 1, overdue: false });
  });

  it('closes a resolved request without a score once the feedback window has passed, and tells rating', async () => {
    const { submitRequest } = await ok(SUBMIT, reporter.token, { input: { compoundId: GCSS, category: 'DISPUTE', description: '车位被占' } });
    for (const s of ['acceptRequest', 'dispatchRequest', 'startRequest', 'resolveRequest']) await ok(step(s), communityOfficial, { id: submitRequest.id });
    const resolvedAt = (await hub.subgraphs.community.ds.getRepository(ResidentRequestEntity).findOneByOrFail({ id: submitRequest.id })).resolvedAt!;
    await sweepRequests(hub.subgraphs.community.ds, new Date(resolvedAt.getTime() + FEEDBACK_WINDOW_SECONDS * 1000 - 1));
    expect((await ok(GET, reporter.token, { id: submitRequest.id })).residentRequest.state).toBe('RESOLVED');
    const atWindow = await sweepRequests(hub.subgraphs.community.ds, new Date(resolvedAt.getTime() + FEEDBACK_WINDOW_SECONDS * 1000));
    expect(atWindow.closed).toBeGreaterThanOrEqual(1);
    const r = (await ok(GET, reporter.token, { id: submitRequest.id })).residentRequest;
    expect(r).toMatchObject({ state: 'CLOSED', satisfaction: null });
    expect(r.timeline.at(-1)).toMatchObject({ action: 'CLOSE', actorRole: 'SYSTEM' });
    const events = await outboxOf('RequestClosed', submitRequest.id);
    expect(JSON.parse(events[0].payload)).toMatchObject({ requestId: submitRequest.id, satisfaction: null });
  });
});

describe('demo requests', () => {
  it('are seeded once, walked through their steps, and the open repair became a work order of the firm', async () => {
    const gas = (await ok(GET, admin, { id: demoId('request/gcss/gas') })).residentRequest;
    expect(gas).toMatchObject({ state: 'CLOSED', satisfaction: 5, onTime: true, responsible: 'UTILITY' });
    expect(gas.timeline.map((s: any) => s.action)).toEqual(['SUBMIT', 'ACCEPT', 'DISPATCH', 'START', 'RESOLVE', 'CLOSE']);
    const before = await requestCount();
    const steps = await hub.subgraphs.community.ds.getRepository(RequestStepEntity).count();
    await seedCommunityDemo(hub.subgraphs.community.ds, demoCommunity);
    expect(await requestCount()).toBe(before);
    expect(await hub.subgraphs.community.ds.getRepository(RequestStepEntity).count()).toBe(steps);
    const firm = tokenFor({ sub: 'firm-staff-1', role: 'PROPERTY_FIRM', firm: DEMO_IDS.chunjiangFirm });
    const orders = await ok(`query($c: ID!) { workOrders(compoundId: $c, first: 100) { edges { node { requestId } } } }`, firm, { c: GCSS });
    expect(orders.workOrders.edges.map((e: any) => e.node.requestId)).toContain(demoId('request/gcss/repair'));
  });
});

describe('request figures for analysts', () => {
  it('counts by category and state, with resolution times, on-time share, satisfaction and escalations, and nothing personal', async () => {
    const from = new Date(Date.now() - 3600 * 1000);
    const to = new Date(Date.now() + 3600 * 1000);
    const rows = await hub.subgraphs.community.ds.getRepository(ResidentRequestEntity).findBy({ streetCode: R.shiqi, submittedAt: Between(from, to) });
    expect(rows.length).toBeGreaterThan(10);
    const FIGURES = `query($code: ID!, $from: String!, $to: String!) { communityStats(regionCode: $code, from: $from, to: $to) { requests {
      regionCode total byState { state count }
      byCategory { category total byState { state count } resolution { resolved medianSeconds p90Seconds onTime onTimeShare rated averageSatisfaction escalated escalations reachedStreet } }
      resolution { resolved medianSeconds p90Seconds onTime onTimeShare rated averageSatisfaction escalated escalations reachedStreet } } } }`;
    const { body } = await gql(url, FIGURES, { token: analyst, variables: { code: R.shiqi, from: from.toISOString(), to: to.toISOString() } });
    expect(body.errors).toBeUndefined();
    const figures = body.data.communityStats.requests;
    expect(figures.total).toBe(rows.length);
    const repair = figures.byCategory.find((c: any) => c.category === 'REPAIR');
    expect(repair).toMatchObject({ total: 1, byState: [{ state: 'CLOSED', count: 1 }] });
    expect(repair.resolution).toMatchObject({ resolved: 1, onTime: 0, onTimeShare: 0, rated: 1, averageSatisfaction: 4, escalated: 1, escalations: 2, reachedStreet: 1 });
    const resolvedRows = rows.filter((r) => r.resolveSeconds !== null);
    expect(figures.resolution.resolved).toBe(resolvedRows.length);
    const sorted = resolvedRows.map((r) => r.resolveSeconds!).sort((a, b) => a - b);
    expect(figures.resolution.medianSeconds).toBe(sorted[Math.ceil(sorted.length / 2) - 1]);
    expect(figures.resolution.p90Seconds).toBe(sorted[Math.ceil((sorted.length * 9) / 10) - 1]);
    expect(figures.byState.reduce((a: number, s: any) => a + s.count, 0)).toBe(rows.length);
    expect(JSON.stringify(figures)).not.toContain(reporter.personId);
    // the same as the function the stats resolver calls, and another street has none of them
    expect(await requestFigures(hub.subgraphs.community.ds, { code: R.shiqi, level: 'STREET' }, from, to)).toMatchObject({ total: figures.total, resolution: figures.resolution });
    const yuehu = await requestFigures(hub.subgraphs.community.ds, { code: R.yuehu, level: 'STREET' }, from, to);
    expect(yuehu.total).toBe(0);
    expect(yuehu.resolution.medianSeconds).toBeNull();
  });
});
