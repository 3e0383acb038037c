import { CompoundScopeEntity, OutboxEvent, recordEvent, SUBGRAPHS, transaction, uuidv7, type EventPayloads } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_REGIONS } from '../scripts/demo-data';
import { gql, tokenFor } from './client';
import { UnitEntity } from '../subgraphs/community/src/units/unit.entity';
import { PropertyFirmEntity } from '../subgraphs/property/src/firms/property-firm.entity';
import { ServiceContractEntity } from '../subgraphs/property/src/contracts/service-contract.entity';
import { WorkOrderEntity } from '../subgraphs/property/src/work-orders/work-order.entity';
import { createWorkOrder, ingestErpWorkOrder } from '../subgraphs/property/src/work-orders/work-orders.service';
import { ResidentRequestEntity } from '../subgraphs/community/src/requests/resident-request.entity';

/**
 * Work orders and inspections of the property subgraph through the gateway on MariaDB and Redis:
 * a resident's request becomes the serving firm's work order, its completion (with photos)
 * resolves the request in the community subgraph; inspection findings open orders; scope, bad
 * input and statement counts.
 */
let env: TestEnvironment;
let hub: Hub;
let url: string;

const GCSS = DEMO_IDS.guangchangShangsha;
const MENGDA = DEMO_IDS.mengda;
const R = DEMO_REGIONS;

const admin = tokenFor({ sub: 'admin-1', role: 'ADMIN' });
const chunjiang = tokenFor({ sub: 'cj-dispatcher', role: 'PROPERTY_FIRM', firm: DEMO_IDS.chunjiangFirm });
const otherFirm = tokenFor({ sub: 'other-firm', role: 'PROPERTY_FIRM', firm: uuidv7() });
const gcssCommittee = tokenFor({ sub: 'oc-gcss', role: 'OWNERS_COMMITTEE', compounds: [GCSS] });
const mengdaCommittee = tokenFor({ sub: 'oc-mengda', role: 'OWNERS_COMMITTEE', compounds: [MENGDA] });
const communityOfficial = tokenFor({ sub: 'official-dongfang', role: 'OFFICIAL', regions: [R.dongfang] });
const shiqiOfficial = tokenFor({ sub: 'official-shiqi', role: 'OFFICIAL', regions: [R.shiqi] });
const yuehuOfficial = tokenFor({ sub: 'official-yuehu', role: 'OFFICIAL', regions: [R.yuehu] });
const analyst = tokenFor({ sub: 'analyst-1', role: 'ANALYST' });

let reporter: { personId: string; unitId: string; token: string };

const WO_FIELDS = `id source requestId category priority description place photoUrls status assigneeName dueAt completedAt
  completionPhotoUrls resolutionNote sla compound { id } firm { id name } history { from to byRole note }`;

async function ok<T = any>(query: string, token: string, variables?: Record<string, unknown>): Promise<T> {
  const { body } = await gql(url, query, { token, variables });
  if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function errorCode(query: string, token: string, variables?: Record<string, unknown>): Promise<string | undefined> {
  const { body } = await gql(url, query, { token, variables });
  return body.errors?.[0]?.extensions?.code;
}

const LIST = `query($compoundId: ID, $status: WorkOrderStatus) { workOrders(compoundId: $compoundId, status: $status, first: 100) { edges { node { ${WO_FIELDS} } } } }`;
const GET = `query($id: ID!) { workOrder(id: $id) { ${WO_FIELDS} } }`;
const ordersOf = async (token: string, variables: Record<string, unknown> = {}) =>
  (await ok(LIST, token, variables)).workOrders.edges.map((e: any) => e.node);

const dispatched = (payload: Partial<EventPayloads['RequestDispatched']> & { requestId: string; compoundId: string }): EventPayloads['RequestDispatched'] => ({
  category: 'REPAIR',
  description: '单元门禁坏了',
  place: '1幢',
  photoUrls: [],
  responsible: 'PROPERTY_FIRM',
  dueAt: new Date(Date.now() + 72 * 3600_000).toISOString(),
  dispatchedAt: new Date().toISOString(),
  ...payload,
});

/** A dispatch as the community subgraph announces it, for compounds and parties the request flow does not reach here. */
const announceDispatch = (payload: EventPayloads['RequestDispatched']) =>
  transaction(hub.subgraphs.community.ds, (m) => recordEvent(m, 'RequestDispatched', payload.requestId, payload));

beforeAll(async () => {
  env = testEnvironment();
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  url = hub.gateway.url;
  await hub.settle();
  const unit = await hub.subgraphs.community.ds
    .getRepository(UnitEntity)
    .createQueryBuilder('u')
    .where('u.compoundId = :c AND u.use = :use AND u.ownerId IS NOT NULL', { c: GCSS, use: 'RESIDENTIAL' })
    .orderBy('u.id')
    .getOneOrFail();
  reporter = { personId: unit.ownerId!, unitId: unit.id, token: tokenFor({ sub: unit.ownerId!, role: 'RESIDENT', compounds: [GCSS], units: [unit.id] }) };
});

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
});

describe('a resident request becomes a work order and its completion resolves the request', () => {
  let requestId: string;
  let order: any;

  it('files the request, which the community dispatches to the property firm', async () => {
    const submitted = (
      await ok(
        `mutation($input: SubmitRequestInput!) { submitRequest(input: $input) { id state } }`,
        reporter.token,
        {
          input: {
            compoundId: GCSS,
            unitId: reporter.unitId,
            category: 'REPAIR',
            description: '地下车库入口道闸抬不起来',
            place: '3号出入口',
            photoUrls: ['https://img.example.cn/req/gate.jpg'],
            clientRequestId: 'wo-e2e-1',
          },
        },
      )
    ).submitRequest;
    requestId = submitted.id;
    await ok(`mutation($id: ID!) { acceptRequest(id: $id) { state } }`, gcssCommittee, { id: requestId });
    const d = await ok(`mutation($id: ID!) { dispatchRequest(id: $id, responsible: PROPERTY_FIRM) { state } }`, communityOfficial, { id: requestId });
    expect(d.dispatchRequest.state).toBe('DISPATCHED');
  });

  it('appears as a NEW work order of the firm holding the compound\'s contract', async () => {
    await hub.settle();
    const mine = (await ordersOf(chunjiang, { compoundId: GCSS })).filter((o: any) => o.requestId === requestId);
    expect(mine).toHaveLength(1);
    order = mine[0];
    expect(order).toMatchObject({
      source: 'RESIDENT_REQUEST',
      category: 'REPAIR',
      priority: 'NORMAL',
      description: '地下车库入口道闸抬不起来',
      place: '3号出入口',
      photoUrls: ['https://img.example.cn/req/gate.jpg'],
      status: 'NEW',
      sla: 'ON_TRACK',
      compound: { id: GCSS },
      firm: { id: DEMO_IDS.chunjiangFirm, name: '春江物业' },
      history: [{ from: null, to: 'NEW', byRole: 'EVENT', note: 'from RESIDENT_REQUEST' }],
    });
    // the request's own deadline is the order's
    const request = await ok(`query($id: ID!) { residentRequest(id: $id) { dueAt } }`, reporter.token, { id: requestId });
    expect(order.dueAt).toBe(request.residentRequest.dueAt);
  });

  it('refuses a jump from NEW to COMPLETED with INVALID_TRANSITION and changes nothing', async () => {
    const complete = `mutation($id: ID!) { completeWorkOrder(id: $id, photoUrls: ["https://img.example.cn/wo/x.jpg"]) { status } }`;
    expect(await errorCode(complete, chunjiang, { id: order.id })).toBe('INVALID_TRANSITION');
    expect(await errorCode(`mutation($id: ID!) { startWorkOrder(id: $id) { status } }`, chunjiang, { id: order.id })).toBe('INVALID_TRANSITION');
    const row = await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).findOneByOrFail({ id: order.id });
    expect(row.status).toBe('NEW');
    expect(row.completedAt).toBeNull();
  });

  it('is worked on only by its own firm', async () => {
    const assign = `mutation($id: ID!) { assignWorkOrder(id: $id, assigneeName: "王师傅") { status } }`;
    expect(await errorCode(assign, otherFirm, { id: order.id })).toBe('NOT_FOUND');
    expect(await errorCode(assign, gcssCommittee, { id: order.id })).toBe('FORBIDDEN');
    expect(await errorCode(assign, shiqiOfficial, { id: order.id })).toBe('FORBIDDEN');
    expect((await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).findOneByOrFail({ id: order.id })).status).toBe('NEW');
  });

  it('refuses completion without photos or with a bad URL, changing nothing', async () => {
    await ok(`mutation($id: ID!) { assignWorkOrder(id: $id, assigneeName: "王师傅") { status } }`, chunjiang, { id: order.id });
    await ok(`mutation($id: ID!) { startWorkOrder(id: $id) { status } }`, chunjiang, { id: order.id });
    const complete = `mutation($id: ID!, $photos: [String!]!) { completeWorkOrder(id: $id, photoUrls: $photos) { status } }`;
    expect(await errorCode(complete, chunjiang, { id: order.id, photos: [] })).toBe('BAD_USER_INPUT');
    expect(await errorCode(complete, chunjiang, { id: order.id, photos: ['javascript:alert(1)'] })).toBe('BAD_USER_INPUT');
    expect((await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).findOneByOrFail({ id: order.id })).status).toBe('IN_PROGRESS');
    const events = await hub.subgraphs.property.ds.getRepository(OutboxEvent).findBy({ topic: 'WorkOrderCompleted', aggregateId: order.id });
    expect(events).toHaveLength(0);
  });

  it('is completed with photos, announced once as WorkOrderCompleted, and resolves the request', async () => {
    const done = (
      await ok(
        `mutation($id: ID!) { completeWorkOrder(id: $id, photoUrls: ["https://img.example.cn/wo/gate-fixed.jpg"], note: "更换道闸电机") { ${WO_FIELDS} } }`,
        chunjiang,
        { id: order.id },
      )
    ).completeWorkOrder;
    expect(done).toMatchObject({
      status: 'COMPLETED',
      sla: 'MET',
      assigneeName: '王师傅',
      completionPhotoUrls: ['https://img.example.cn/wo/gate-fixed.jpg'],
      resolutionNote: '更换道闸电机',
    });
    expect(done.history.map((h: any) => [h.from, h.to])).toEqual([
      [null, 'NEW'],
      ['NEW', 'ASSIGNED'],
      ['ASSIGNED', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'COMPLETED'],
    ]);
    const events = await hub.subgraphs.property.ds.getRepository(OutboxEvent).findBy({ topic: 'WorkOrderCompleted', aggregateId: order.id });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toEqual({
      workOrderId: order.id,
      requestId,
      compoundId: GCSS,
      firmId: DEMO_IDS.chunjiangFirm,
      photoUrls: ['https://img.example.cn/wo/gate-fixed.jpg'],
      completedAt: done.completedAt,
      requestRound: 1,
    });
    expect(await errorCode(`mutation($id: ID!) { completeWorkOrder(id: $id, photoUrls: ["https://img.example.cn/a.jpg"]) { status } }`, chunjiang, { id: order.id })).toBe(
      'INVALID_TRANSITION',
    );

    await hub.settle();
    const request = (await ok(`query($id: ID!) { residentRequest(id: $id) { state timeline { action actorRole photoUrls } } }`, reporter.token, { id: requestId })).residentRequest;
    expect(request.state).toBe('RESOLVED');
    expect(request.timeline.at(-1)).toEqual({ action: 'RESOLVE', actorRole: 'PROPERTY_FIRM', photoUrls: ['https://img.example.cn/wo/gate-fixed.jpg'] });
  });

  it('makes one order however often the dispatch is announced', async () => {
    await announceDispatch(dispatched({ requestId, compoundId: GCSS }));
    await hub.settle();
    expect(await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).countBy({ requestId })).toBe(1);
  });
});

describe('completion under concurrency', () => {
  it('completes an order once and announces it once, however many finish it at the same moment', async () => {
    const requestId = uuidv7();
    await announceDispatch(dispatched({ requestId, compoundId: GCSS }));
    await hub.settle();
    const [order] = (await ordersOf(chunjiang, { compoundId: GCSS })).filter((o: any) => o.requestId === requestId);
    await ok(`mutation($id: ID!) { assignWorkOrder(id: $id, assigneeName: "李师傅") { status } }`, chunjiang, { id: order.id });
    await ok(`mutation($id: ID!) { startWorkOrder(id: $id) { status } }`, chunjiang, { id: order.id });
    const complete = `mutation($id: ID!) { completeWorkOrder(id: $id, photoUrls: ["https://img.example.cn/wo/c.jpg"]) { status } }`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => gql(url, complete, { token: chunjiang, variables: { id: order.id } })));
    expect(answers.filter((a) => a.body.data?.completeWorkOrder?.status === 'COMPLETED')).toHaveLength(1);
    expect(answers.filter((a) => a.body.errors?.[0].extensions?.code === 'INVALID_TRANSITION')).toHaveLength(4);
    expect(await hub.subgraphs.property.ds.getRepository(OutboxEvent).countBy({ topic: 'WorkOrderCompleted', aggregateId: order.id })).toBe(1);
  });
});

describe('requests of self-managed compounds and of other parties', () => {
  it('gives a self-managed compound\'s request to its owners\' committee, not to a firm', async () => {
    const requestId = uuidv7();
    await announceDispatch(dispatched({ requestId, compoundId: MENGDA, dueAt: new Date(Date.now() + 2 * 3600_000).toISOString() }));
    const notOurs = uuidv7();
    await announceDispatch(dispatched({ requestId: notOurs, compoundId: GCSS, responsible: 'RESIDENTS_COMMITTEE' }));
    await hub.settle();
    const orders = (await ordersOf(mengdaCommittee)).filter((o: any) => o.requestId === requestId);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ firm: null, priority: 'URGENT', compound: { id: MENGDA } });
    expect(await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).countBy({ requestId: notOurs })).toBe(0);
    // the committee works its own firm-less order
    await ok(`mutation($id: ID!) { assignWorkOrder(id: $id, assigneeName: "红管家 李") { status } }`, mengdaCommittee, { id: orders[0].id });
    // a firm that does not serve Mengda sees neither the compound's list nor the order
    expect(await errorCode(LIST, chunjiang, { compoundId: MENGDA })).toBe('FORBIDDEN');
    expect(await errorCode(GET, chunjiang, { id: orders[0].id })).toBe('NOT_FOUND');
    expect((await ordersOf(chunjiang)).map((o: any) => o.compound.id)).not.toContain(MENGDA);
  });
});

describe('who sees which work orders', () => {
  it('lists by region for officials, by compound for committees, and not at all for analysts and residents', async () => {
    const shiqi = await ordersOf(shiqiOfficial);
    expect(new Set(shiqi.map((o: any) => o.compound.id))).toEqual(new Set([GCSS, MENGDA]));
    expect(await ordersOf(yuehuOfficial)).toEqual([]);
    expect(await errorCode(LIST, yuehuOfficial, { compoundId: GCSS })).toBe('FORBIDDEN');
    expect((await ordersOf(gcssCommittee)).every((o: any) => o.compound.id === GCSS)).toBe(true);
    expect(await errorCode(LIST, analyst)).toBe('FORBIDDEN');
    expect(await errorCode(LIST, reporter.token)).toBe('FORBIDDEN');
    expect(await errorCode(LIST, otherFirm, { compoundId: GCSS })).toBe('FORBIDDEN');
    expect(await ordersOf(otherFirm)).toEqual([]);
  });

  it('costs the same few statements for a page of any length', async () => {
    for (let i = 0; i < 4; i++) await announceDispatch(dispatched({ requestId: uuidv7(), compoundId: GCSS, description: `巡查发现 ${i}` }));
    await hub.settle();
    const page = (n: number) => `{ workOrders(first: ${n}) { edges { node { id firm { name } compound { id } history { to } } } } }`;
    // Background sweeps and the ingestion reconciler share the counter: the fewest of three tries.
    const cost = async (n: number) => {
      let best = { rows: 0, statements: Infinity };
      for (let i = 0; i < 3; i++) {
        const before = hub.subgraphs.property.statements.count;
        const data = await ok(page(n), admin);
        const statements = hub.subgraphs.property.statements.count - before;
        if (statements < best.statements) best = { rows: data.workOrders.edges.length, statements };
      }
      return best;
    };
    // the property relay polls its outbox on the same connection pool: pause it while counting
    const relay = hub.workers[SUBGRAPHS.indexOf('property')].relay;
    await relay.stop();
    const one = await cost(1);
    const many = await cost(100);
    relay.start();
    expect(one.rows).toBe(1);
    expect(many.rows).toBeGreaterThanOrEqual(6);
    // the page, the firms, the histories
    expect(many.statements).toBe(3);
    expect(one.statements).toBe(3);
  });
});

describe('orders from a firm\'s ERP', () => {
  it('are made once per ERP order number, only for compounds the firm serves', async () => {
    const input = {
      firmId: DEMO_IDS.chunjiangFirm,
      externalId: 'ERP-2026-0042',
      compoundId: GCSS,
      category: 'CLEANING',
      priority: 'NORMAL' as const,
      description: '公共区域保洁',
      createdAt: new Date(),
    };
    const first = await transaction(hub.subgraphs.property.ds, (m) => ingestErpWorkOrder(m, input));
    const again = await transaction(hub.subgraphs.property.ds, (m) => ingestErpWorkOrder(m, input));
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ source: 'ERP', firmId: DEMO_IDS.chunjiangFirm, status: 'NEW' });
    await expect(transaction(hub.subgraphs.property.ds, (m) => ingestErpWorkOrder(m, { ...input, externalId: 'ERP-X', compoundId: MENGDA }))).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).countBy({ source: 'ERP' })).toBe(1);
  });
});

describe('inspections', () => {
  const startsAt = new Date(Date.now() - 3 * 24 * 3600_000);
  startsAt.setUTCMinutes(0, 0, 0);
  const iso = (hoursAfterStart: number) => new Date(startsAt.getTime() + hoursAfterStart * 3600_000).toISOString();
  let plan: any;

  it('creates a plan with its route', async () => {
    plan = (
      await ok(
        `mutation($input: CreateInspectionPlanInput!) { createInspectionPlan(input: $input) { id name intervalHours startsAt compound { id } checkpoints { id sequence name location } } }`,
        chunjiang,
        {
          input: {
            compoundId: GCSS,
            name: '公共设施日常巡检',
            intervalHours: 12,
            startsAt: startsAt.toISOString(),
            checkpoints: [{ name: '3号出入口道闸', location: '3号出入口' }, { name: '消防通道', location: '2幢北侧' }],
          },
        },
      )
    ).createInspectionPlan;
    expect(plan).toMatchObject({ name: '公共设施日常巡检', intervalHours: 12, startsAt: startsAt.toISOString(), compound: { id: GCSS } });
    expect(plan.checkpoints.map((c: any) => [c.sequence, c.name])).toEqual([
      [1, '3号出入口道闸'],
      [2, '消防通道'],
    ]);
  });

  it('opens a work order from a finding, once however often the record is resent', async () => {
    const RECORD = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { id result checkpoint { name } workOrder { id source category priority place status firm { id } } } }`;
    const [gate, lane] = plan.checkpoints;
    const okRecord = await ok(RECORD, chunjiang, { input: { planId: plan.id, checkpointId: gate.id, sourceRef: 'pad-1', inspectedAt: iso(1), inspector: '保安 陈', result: 'OK' } });
    expect(okRecord.recordInspection).toMatchObject({ result: 'OK', workOrder: null, checkpoint: { name: '3号出入口道闸' } });
    const finding = {
      planId: plan.id,
      checkpointId: lane.id,
      sourceRef: 'pad-2',
      inspectedAt: iso(2),
      inspector: '保安 陈',
      result: 'FINDING',
      photoUrls: ['https://img.example.cn/insp/lane.jpg'],
      finding: { category: 'FIRE_SAFETY', description: '消防通道被电动车堵塞', priority: 'URGENT' },
    };
    const first = (await ok(RECORD, chunjiang, { input: finding })).recordInspection;
    expect(first.workOrder).toMatchObject({ source: 'INSPECTION', category: 'FIRE_SAFETY', priority: 'URGENT', place: '2幢北侧', status: 'NEW', firm: { id: DEMO_IDS.chunjiangFirm } });
    const again = (await ok(RECORD, chunjiang, { input: finding })).recordInspection;
    expect(again.id).toBe(first.id);
    expect(await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).countBy({ source: 'INSPECTION' })).toBe(1);
    // a finding without what was found is refused, nothing recorded
    expect(await errorCode(RECORD, chunjiang, { input: { ...finding, sourceRef: 'pad-3', finding: null } })).toBe('BAD_USER_INPUT');
    expect(await errorCode(RECORD, chunjiang, { input: { ...finding, sourceRef: 'pad-4', checkpointId: uuidv7() } })).toBe('BAD_USER_INPUT');
    expect(await errorCode(RECORD, otherFirm, { input: { ...finding, sourceRef: 'pad-5' } })).toBe('FORBIDDEN');
  });

  it('lists the checkpoints missed in each whole window', async () => {
    const q = `query($id: ID!, $from: String!, $to: String!) { inspectionRecords(planId: $id, from: $from, to: $to) { edges { node { checkpoint { name } } } }
      missedCheckpoints(planId: $id, from: $from, to: $to) { checkpoint { name } windowStart windowEnd } }`;
    const data = await ok(q, shiqiOfficial, { id: plan.id, from: iso(0), to: iso(24) });
    expect(data.inspectionRecords.edges.map((e: any) => e.node.checkpoint.name)).toEqual(['3号出入口道闸', '消防通道']);
    expect(data.missedCheckpoints).toEqual([
      { checkpoint: { name: '3号出入口道闸' }, windowStart: iso(12), windowEnd: iso(24) },
      { checkpoint: { name: '消防通道' }, windowStart: iso(12), windowEnd: iso(24) },
    ]);
    // the unfinished window at the end is not judged
    const partial = await ok(q, shiqiOfficial, { id: plan.id, from: iso(0), to: iso(23) });
    expect(partial.missedCheckpoints).toEqual([]);
    expect(await errorCode(q, yuehuOfficial, { id: plan.id, from: iso(0), to: iso(24) })).toBe('FORBIDDEN');
    expect(await errorCode(q, shiqiOfficial, { id: plan.id, from: iso(24), to: iso(0) })).toBe('BAD_USER_INPUT');
  });

  it('ends a plan: no window after its end is judged, no record after it is taken, and it ends once', async () => {
    const END_PLAN = `mutation($id: ID!, $endsAt: String) { endInspectionPlan(id: $id, endsAt: $endsAt) { id active endsAt } }`;
    const RECORD = `mutation($input: RecordInspectionInput!) { recordInspection(input: $input) { id result } }`;
    const MISSED = `query($id: ID!, $from: String!, $to: String!) { missedCheckpoints(planId: $id, from: $from, to: $to) { checkpoint { name } windowStart } }`;
    const PLAN = `query($id: ID!) { inspectionPlan(id: $id) { active endsAt } }`;
    const [gate] = plan.checkpoints;
    // six whole windows in [0 h, 72 h); the first had both checkpoints walked
    const running = (await ok(MISSED, shiqiOfficial, { id: plan.id, from: iso(0), to: iso(72) })).missedCheckpoints;
    expect(running).toHaveLength(10);

    // refused, changing nothing: another firm, an end in the future, an end before the start
    expect(await errorCode(END_PLAN, otherFirm, { id: plan.id, endsAt: iso(36) })).toBe('FORBIDDEN');
    expect(await errorCode(END_PLAN, shiqiOfficial, { id: plan.id, endsAt: iso(36) })).toBe('FORBIDDEN');
    expect(await errorCode(END_PLAN, chunjiang, { id: plan.id, endsAt: new Date(Date.now() + 24 * 3600_000).toISOString() })).toBe('BAD_USER_INPUT');
    expect(await errorCode(END_PLAN, chunjiang, { id: plan.id, endsAt: iso(-1) })).toBe('BAD_USER_INPUT');
    expect((await ok(PLAN, chunjiang, { id: plan.id })).inspectionPlan).toEqual({ active: true, endsAt: null });

    const ended = (await ok(END_PLAN, chunjiang, { id: plan.id, endsAt: iso(36) })).endInspectionPlan;
    expect(ended).toEqual({ id: plan.id, active: false, endsAt: iso(36) });
    const after = (await ok(MISSED, shiqiOfficial, { id: plan.id, from: iso(0), to: iso(72) })).missedCheckpoints;
    expect(after.map((m: any) => m.windowStart)).toEqual([iso(12), iso(12), iso(24), iso(24)]);

    // a walk made before the end may still be uploaded; one after it is refused
    const late = await ok(RECORD, chunjiang, { input: { planId: plan.id, checkpointId: gate.id, sourceRef: 'pad-late', inspectedAt: iso(30), inspector: '保安 陈', result: 'OK' } });
    expect(late.recordInspection.result).toBe('OK');
    expect((await ok(MISSED, shiqiOfficial, { id: plan.id, from: iso(0), to: iso(72) })).missedCheckpoints).toHaveLength(3);
    const records = `query($id: ID!, $from: String!, $to: String!) { inspectionRecords(planId: $id, from: $from, to: $to, first: 100) { edges { node { id } } } }`;
    const recordCount = async () => (await ok(records, chunjiang, { id: plan.id, from: iso(0), to: iso(72) })).inspectionRecords.edges.length;
    const before = await recordCount();
    expect(await errorCode(RECORD, chunjiang, { input: { planId: plan.id, checkpointId: gate.id, sourceRef: 'pad-after', inspectedAt: iso(36), inspector: '保安 陈', result: 'OK' } })).toBe(
      'CONFLICT',
    );
    expect(await recordCount()).toBe(before);
    expect(await errorCode(END_PLAN, chunjiang, { id: plan.id, endsAt: iso(48) })).toBe('INVALID_TRANSITION');
    expect((await ok(PLAN, chunjiang, { id: plan.id })).inspectionPlan).toEqual({ active: false, endsAt: iso(36) });
  });
});

describe('a work order cancelled by the firm gives the request back for a new dispatch', () => {
  let requestId: string;
  let first: any;
  let second: any;
  const REQUEST = `query($id: ID!) { residentRequest(id: $id) { state timeline { action state actorRole note } } }`;
  const requestNow = async () => (await ok(REQUEST, reporter.token, { id: requestId })).residentRequest;
  const ordersOfRequest = async () => (await ordersOf(admin, { compoundId: GCSS })).filter((o: any) => o.requestId === requestId);
  const fromProperty = <T extends 'WorkOrderCompleted' | 'WorkOrderCancelled'>(topic: T, payload: EventPayloads[T]) =>
    transaction(hub.subgraphs.property.ds, (m) => recordEvent(m, topic, payload.workOrderId, payload));

  it('is filed, accepted and dispatched: round 1, one order', async () => {
    requestId = (
      await ok(`mutation($input: SubmitRequestInput!) { submitRequest(input: $input) { id } }`, reporter.token, {
        input: { compoundId: GCSS, unitId: reporter.unitId, category: 'REPAIR', description: '厨房水管漏水', clientRequestId: 'wo-e2e-cancel' },
      })
    ).submitRequest.id;
    await ok(`mutation($id: ID!) { acceptRequest(id: $id) { state } }`, gcssCommittee, { id: requestId });
    await ok(`mutation($id: ID!) { dispatchRequest(id: $id, responsible: PROPERTY_FIRM) { state } }`, communityOfficial, { id: requestId });
    await hub.settle();
    [first] = await ordersOfRequest();
    expect(first).toMatchObject({ status: 'NEW', firm: { id: DEMO_IDS.chunjiangFirm } });
  });

  it('announces the cancellation with the firm\'s reason and round, and the request goes back to ACCEPTED', async () => {
    await ok(`mutation($id: ID!) { assignWorkOrder(id: $id, assigneeName: "王师傅") { status } }`, chunjiang, { id: first.id });
    // a reason is required; without one nothing changes and nothing is announced
    expect(await errorCode(`mutation($id: ID!) { cancelWorkOrder(id: $id, reason: " ") { status } }`, chunjiang, { id: first.id })).toBe('BAD_USER_INPUT');
    expect(await hub.subgraphs.property.ds.getRepository(OutboxEvent).countBy({ topic: 'WorkOrderCancelled', aggregateId: first.id })).toBe(0);
    const cancelled = (await ok(`mutation($id: ID!) { cancelWorkOrder(id: $id, reason: "业主不在家，无法入户") { status sla } }`, chunjiang, { id: first.id })).cancelWorkOrder;
    expect(cancelled).toEqual({ status: 'CANCELLED', sla: 'NOT_APPLICABLE' });
    const events = await hub.subgraphs.property.ds.getRepository(OutboxEvent).findBy({ topic: 'WorkOrderCancelled', aggregateId: first.id });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toEqual({
      workOrderId: first.id,
      requestId,
      requestRound: 1,
      compoundId: GCSS,
      firmId: DEMO_IDS.chunjiangFirm,
      reason: '业主不在家，无法入户',
      cancelledAt: expect.any(String),
    });
    await hub.settle();
    const r = await requestNow();
    expect(r.state).toBe('ACCEPTED');
    expect(r.timeline.at(-1)).toEqual({
      action: 'RETURN',
      state: 'ACCEPTED',
      actorRole: 'PROPERTY_FIRM',
      note: `Work order ${first.id} cancelled by the firm: 业主不在家，无法入户`,
    });
  });

  it('is dispatched again as round 2, which makes a second order', async () => {
    await ok(`mutation($id: ID!) { dispatchRequest(id: $id, responsible: PROPERTY_FIRM) { state } }`, gcssCommittee, { id: requestId });
    const dispatches = await hub.subgraphs.community.ds.getRepository(OutboxEvent).findBy({ topic: 'RequestDispatched', aggregateId: requestId });
    expect(dispatches.map((e) => JSON.parse(e.payload).round).sort()).toEqual([1, 2]);
    await hub.settle();
    const orders = await ordersOfRequest();
    expect(orders.map((o: any) => o.status)).toEqual(['CANCELLED', 'NEW']);
    second = orders[1];
    const row = await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).findOneByOrFail({ id: second.id });
    expect(row.sourceRef).toBe(`${requestId}#2`);
    expect((await hub.subgraphs.community.ds.getRepository(ResidentRequestEntity).findOneByOrFail({ id: requestId })).dispatchRound).toBe(2);
  });

  it('ignores late news of the round-1 order: neither its completion nor a repeated cancellation moves round 2', async () => {
    const late = { workOrderId: first.id, requestId, compoundId: GCSS, firmId: DEMO_IDS.chunjiangFirm };
    await fromProperty('WorkOrderCompleted', { ...late, photoUrls: ['https://img.example.cn/wo/old.jpg'], completedAt: new Date().toISOString(), requestRound: 1 });
    // an event from before rounds were announced counts as round 1
    await fromProperty('WorkOrderCompleted', { ...late, photoUrls: [], completedAt: new Date().toISOString() });
    await fromProperty('WorkOrderCancelled', { ...late, requestRound: 1, reason: '重复撤销', cancelledAt: new Date().toISOString() });
    await hub.settle();
    const r = await requestNow();
    expect(r.state).toBe('DISPATCHED');
    expect(r.timeline.map((s: any) => s.action)).toEqual(['SUBMIT', 'ACCEPT', 'DISPATCH', 'RETURN', 'DISPATCH']);
  });

  it('resolves the request when the round-2 order is completed', async () => {
    await ok(`mutation($id: ID!) { assignWorkOrder(id: $id, assigneeName: "李师傅") { status } }`, chunjiang, { id: second.id });
    await ok(`mutation($id: ID!) { startWorkOrder(id: $id) { status } }`, chunjiang, { id: second.id });
    await ok(`mutation($id: ID!) { completeWorkOrder(id: $id, photoUrls: ["https://img.example.cn/wo/pipe.jpg"]) { status } }`, chunjiang, { id: second.id });
    const [event] = await hub.subgraphs.property.ds.getRepository(OutboxEvent).findBy({ topic: 'WorkOrderCompleted', aggregateId: second.id });
    expect(JSON.parse(event.payload).requestRound).toBe(2);
    await hub.settle();
    const r = await requestNow();
    expect(r.state).toBe('RESOLVED');
    expect(r.timeline.map((s: any) => s.action).slice(-2)).toEqual(['START', 'RESOLVE']);
  });

  it('gives a self-managed compound\'s request back when its owners\' committee cancels the order', async () => {
    const unit = await hub.subgraphs.community.ds
      .getRepository(UnitEntity)
      .createQueryBuilder('u')
      .where('u.compoundId = :c AND u.use = :use AND u.ownerId IS NOT NULL', { c: MENGDA, use: 'RESIDENTIAL' })
      .orderBy('u.id')
      .getOneOrFail();
    const resident = tokenFor({ sub: unit.ownerId!, role: 'RESIDENT', compounds: [MENGDA], units: [unit.id] });
    const id = (
      await ok(`mutation($input: SubmitRequestInput!) { submitRequest(input: $input) { id } }`, resident, {
        input: { compoundId: MENGDA, unitId: unit.id, category: 'REPAIR', description: '楼道扶手松动', clientRequestId: 'wo-e2e-mengda-cancel' },
      })
    ).submitRequest.id;
    await ok(`mutation($id: ID!) { acceptRequest(id: $id) { state } }`, mengdaCommittee, { id });
    await ok(`mutation($id: ID!) { dispatchRequest(id: $id, responsible: PROPERTY_FIRM) { state } }`, mengdaCommittee, { id });
    await hub.settle();
    const [order] = (await ordersOf(mengdaCommittee, { compoundId: MENGDA })).filter((o: any) => o.requestId === id);
    expect(order.firm).toBeNull();
    await ok(`mutation($id: ID!) { cancelWorkOrder(id: $id, reason: "业主已自行修好") { status } }`, mengdaCommittee, { id: order.id });
    await hub.settle();
    const r = (await ok(REQUEST, resident, { id })).residentRequest;
    expect(r.state).toBe('ACCEPTED');
    expect(r.timeline.at(-1)).toEqual({ action: 'RETURN', state: 'ACCEPTED', actorRole: 'OWNERS_COMMITTEE', note: `Work order ${order.id} cancelled by the owners' committee: 业主已自行修好` });
  });

  it('announces nothing when an order that did not come from a request is cancelled', async () => {
    const erp = await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).findOneByOrFail({ source: 'ERP' });
    await ok(`mutation($id: ID!) { cancelWorkOrder(id: $id, reason: "ERP 重复单") { status } }`, chunjiang, { id: erp.id });
    expect(await hub.subgraphs.property.ds.getRepository(OutboxEvent).countBy({ topic: 'WorkOrderCancelled', aggregateId: erp.id })).toBe(0);
  });
});

describe('work orders of a compound and of a firm', () => {
  const COMPOUND = `query($id: ID!, $state: WorkOrderStatus, $first: Int, $after: String) {
    compound(id: $id) { id workOrders(state: $state, first: $first, after: $after) { edges { node { id status compound { id } firm { id } } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`;
  const FIRM = `query($id: ID!, $state: WorkOrderStatus, $first: Int, $after: String) {
    propertyFirm(id: $id) { id workOrders(state: $state, first: $first, after: $after) { edges { node { id status compound { id } firm { id } } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`;
  const idsOf = (connection: any) => connection.edges.map((e: any) => e.node.id);
  const refused = async (query: string, token: string, variables: Record<string, unknown>, field: 'compound' | 'propertyFirm') => {
    const { body } = await gql(url, query, { token, variables });
    expect(body.data?.[field]?.workOrders ?? null).toBeNull();
    return body.errors?.[0]?.extensions?.code;
  };

  it('pages a compound\'s orders oldest first, filtered by state, as the workOrders list does', async () => {
    const all = await ordersOf(admin, { compoundId: GCSS });
    const firstPage = (await ok(COMPOUND, admin, { id: GCSS, first: 2 })).compound.workOrders;
    expect(idsOf(firstPage)).toEqual(all.slice(0, 2).map((o: any) => o.id));
    expect(firstPage.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const next = (await ok(COMPOUND, admin, { id: GCSS, first: 2, after: firstPage.pageInfo.endCursor })).compound.workOrders;
    expect(idsOf(next)).toEqual(all.slice(2, 4).map((o: any) => o.id));
    expect(next.pageInfo.hasPreviousPage).toBe(true);
    const cancelled = (await ok(COMPOUND, admin, { id: GCSS, state: 'CANCELLED', first: 50 })).compound.workOrders;
    expect(idsOf(cancelled)).toEqual(all.filter((o: any) => o.status === 'CANCELLED').map((o: any) => o.id));
    expect(cancelled.edges.length).toBeGreaterThan(0);
  });

  it('shows a compound\'s orders only to those in its scope', async () => {
    const gcssAll = (await ordersOf(admin, { compoundId: GCSS })).length;
    const ofFirm = (await ok(COMPOUND, chunjiang, { id: GCSS, first: 100 })).compound.workOrders;
    expect(ofFirm.edges.length).toBe(gcssAll);
    expect(ofFirm.edges.every((e: any) => e.node.firm?.id === DEMO_IDS.chunjiangFirm)).toBe(true);
    expect((await ok(COMPOUND, shiqiOfficial, { id: GCSS, first: 100 })).compound.workOrders.edges.length).toBe(gcssAll);
    expect((await ok(COMPOUND, gcssCommittee, { id: GCSS, first: 100 })).compound.workOrders.edges.length).toBe(gcssAll);
    const mengda = (await ok(COMPOUND, mengdaCommittee, { id: MENGDA, first: 100 })).compound.workOrders;
    expect(mengda.edges.length).toBeGreaterThan(0);
    expect(mengda.edges.every((e: any) => e.node.compound.id === MENGDA && e.node.firm === null)).toBe(true);
    // a firm that does not serve Mengda, an official of another street, another compound's committee, residents, analysts
    expect(await refused(COMPOUND, chunjiang, { id: MENGDA }, 'compound')).toBe('FORBIDDEN');
    expect(await refused(COMPOUND, otherFirm, { id: GCSS }, 'compound')).toBe('FORBIDDEN');
    expect(await refused(COMPOUND, yuehuOfficial, { id: GCSS }, 'compound')).toBe('FORBIDDEN');
    expect(await refused(COMPOUND, mengdaCommittee, { id: GCSS }, 'compound')).toBe('FORBIDDEN');
    expect(await refused(COMPOUND, reporter.token, { id: GCSS }, 'compound')).toBe('FORBIDDEN');
    expect(await refused(COMPOUND, analyst, { id: GCSS }, 'compound')).toBe('FORBIDDEN');
  });

  it('pages a firm\'s orders for the firm itself, officials of their regions, committees of their compounds and admins', async () => {
    const own = await ordersOf(chunjiang);
    const mine = (await ok(FIRM, chunjiang, { id: DEMO_IDS.chunjiangFirm, first: 100 })).propertyFirm.workOrders;
    expect(idsOf(mine)).toEqual(own.map((o: any) => o.id));
    const page = (await ok(FIRM, chunjiang, { id: DEMO_IDS.chunjiangFirm, first: 3 })).propertyFirm.workOrders;
    const rest = (await ok(FIRM, chunjiang, { id: DEMO_IDS.chunjiangFirm, first: 100, after: page.pageInfo.endCursor })).propertyFirm.workOrders;
    expect([...idsOf(page), ...idsOf(rest)]).toEqual(own.map((o: any) => o.id));
    const open = (await ok(FIRM, admin, { id: DEMO_IDS.chunjiangFirm, state: 'NEW', first: 100 })).propertyFirm.workOrders;
    expect(open.edges.length).toBeGreaterThan(0);
    expect(open.edges.every((e: any) => e.node.status === 'NEW' && e.node.firm.id === DEMO_IDS.chunjiangFirm)).toBe(true);
    expect(idsOf((await ok(FIRM, shiqiOfficial, { id: DEMO_IDS.chunjiangFirm, first: 100 })).propertyFirm.workOrders)).toEqual(own.map((o: any) => o.id));
    expect((await ok(FIRM, yuehuOfficial, { id: DEMO_IDS.chunjiangFirm, first: 100 })).propertyFirm.workOrders.edges).toEqual([]);
    expect((await ok(FIRM, mengdaCommittee, { id: DEMO_IDS.chunjiangFirm, first: 100 })).propertyFirm.workOrders.edges).toEqual([]);
    expect(idsOf((await ok(FIRM, gcssCommittee, { id: DEMO_IDS.chunjiangFirm, first: 100 })).propertyFirm.workOrders)).toEqual(own.map((o: any) => o.id));
    expect(await refused(FIRM, otherFirm, { id: DEMO_IDS.chunjiangFirm }, 'propertyFirm')).toBe('FORBIDDEN');
    expect(await refused(FIRM, reporter.token, { id: DEMO_IDS.chunjiangFirm }, 'propertyFirm')).toBe('FORBIDDEN');
    expect(await refused(FIRM, analyst, { id: DEMO_IDS.chunjiangFirm }, 'propertyFirm')).toBe('FORBIDDEN');
  });

  it('reads the pages of every compound and every firm of a list in one statement, whatever the list\'s length', async () => {
    // orders in every demo compound, and a few firms with orders of their own
    for (const compoundId of [GCSS, MENGDA, DEMO_IDS.youhe]) {
      for (let i = 0; i < 3; i++) await announceDispatch(dispatched({ requestId: uuidv7(), compoundId, description: `清单 ${i}` }));
    }
    const firms = Array.from({ length: 4 }, (_, i) => ({ id: uuidv7(), name: `测试物业 ${i}`, creditCode: `TEST${String(i).padStart(14, '0')}`, partyOrganisation: null, partyInstructorPersonId: null }));
    await hub.subgraphs.property.ds.getRepository(PropertyFirmEntity).insert(firms);
    await transaction(hub.subgraphs.property.ds, async (m) => {
      for (const firm of firms) {
        for (let i = 0; i < 3; i++) {
          await createWorkOrder(m, {
            compoundId: GCSS, source: 'ERP', sourceRef: `${firm.id}:${i}`, category: 'CLEANING', priority: 'NORMAL', description: '保洁',
            createdAt: new Date(), firmId: firm.id, by: { role: 'INTEGRATION', sub: firm.id },
          });
        }
      }
    });
    await hub.settle();
    const compounds = (n: number) => `{ compounds(first: ${n}) { edges { node { id workOrders(first: 2) { edges { node { id status history { to } } } } } } } }`;
    const firmList = (n: number) => `{ propertyFirms(first: ${n}) { edges { node { id workOrders(first: 2) { edges { node { id compound { id } } } } } } } }`;
    // Background sweeps and the ingestion reconciler share the counter: the fewest of three tries.
    const cost = async (query: string, token: string, pick: (data: any) => any[]) => {
      let best = { lists: [] as number[], statements: Infinity };
      for (let i = 0; i < 3; i++) {
        const before = hub.subgraphs.property.statements.count;
        const lists = pick(await ok(query, token)).map((node: any) => node.workOrders.edges.length);
        const statements = hub.subgraphs.property.statements.count - before;
        if (statements < best.statements) best = { lists, statements };
      }
      return best;
    };
    const relay = hub.workers[SUBGRAPHS.indexOf('property')].relay;
    await relay.stop();
    try {
      const compoundNodes = (d: any) => d.compounds.edges.map((e: any) => e.node);
      const one = await cost(compounds(1), admin, compoundNodes);
      const all = await cost(compounds(3), admin, compoundNodes);
      expect(one.lists).toEqual([2]);
      expect(all.lists).toEqual([2, 2, 2]);
      // the pages of all compounds, the histories of all their orders
      expect(all.statements).toBe(2);
      expect(one.statements).toBe(2);
      // an official's scope costs one more (the compounds' region paths), also whatever the length
      const official = tokenFor({ sub: 'official-haishu', role: 'OFFICIAL', regions: [R.haishu] });
      const officialOne = await cost(compounds(1), official, compoundNodes);
      const officialAll = await cost(compounds(3), official, compoundNodes);
      expect(officialOne.lists).toEqual([2]);
      expect(officialAll.lists).toEqual([2, 2, 2]);
      expect(officialAll.statements).toBe(3);
      expect(officialAll.statements).toBe(officialOne.statements);

      const firmNodes = (d: any) => d.propertyFirms.edges.map((e: any) => e.node);
      const oneFirm = await cost(firmList(1), admin, firmNodes);
      const allFirms = await cost(firmList(5), admin, firmNodes);
      expect(oneFirm.lists).toEqual([2]);
      expect(allFirms.lists).toEqual([2, 2, 2, 2, 2]);
      expect(allFirms.statements).toBe(oneFirm.statements);
    } finally {
      relay.start();
    }
  });
});

describe('open work orders are handed over when a compound changes firm', () => {
  const compoundId = uuidv7();
  const oldFirm = { id: uuidv7(), name: '旧物业', creditCode: 'HANDOVER0000000001', partyOrganisation: null, partyInstructorPersonId: null };
  const newFirm = { id: uuidv7(), name: '新物业', creditCode: 'HANDOVER0000000002', partyOrganisation: null, partyInstructorPersonId: null };
  const oldToken = tokenFor({ sub: 'old-firm', role: 'PROPERTY_FIRM', firm: oldFirm.id });
  const newToken = tokenFor({ sub: 'new-firm', role: 'PROPERTY_FIRM', firm: newFirm.id });
  const committee = tokenFor({ sub: 'oc-handover', role: 'OWNERS_COMMITTEE', compounds: [compoundId] });
  const HAND_OVER = `mutation($c: ID!) { handOverWorkOrders(compoundId: $c) }`;
  const utcDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const orders: WorkOrderEntity[] = [];
  const contract = (firmId: string, startsOn: string, endsOn: string | null) => ({
    id: uuidv7(), compoundId, firmId, model: 'STANDARD' as const, startsOn, endsOn, feeFenPerM2Month: 80, status: 'ACTIVE' as const, endReason: null,
  });

  beforeAll(async () => {
    const ds = hub.subgraphs.property.ds;
    await ds.getRepository(CompoundScopeEntity).insert({ compoundId, regionPath: `${R.dongfang},${R.shiqi},${R.haishu}` });
    await ds.getRepository(PropertyFirmEntity).insert([oldFirm, newFirm]);
    // the old firm served until yesterday
    await ds.getRepository(ServiceContractEntity).insert(contract(oldFirm.id, utcDay(-60), utcDay(-1)));
    await transaction(ds, async (m) => {
      for (let i = 0; i < 3; i++) {
        orders.push(
          await createWorkOrder(m, {
            compoundId, source: 'ERP', sourceRef: `handover:${i}`, category: 'REPAIR', priority: 'NORMAL', description: `交接前的工单 ${i}`,
            createdAt: new Date(Date.now() - 3 * 86_400_000), firmId: oldFirm.id, by: { role: 'INTEGRATION', sub: oldFirm.id },
          }),
        );
      }
    });
    // one order was being worked on, one was already cancelled
    await ok(`mutation($id: ID!) { assignWorkOrder(id: $id, assigneeName: "王师傅") { status } }`, admin, { id: orders[1].id });
    await ok(`mutation($id: ID!) { startWorkOrder(id: $id) { status } }`, admin, { id: orders[1].id });
    await ok(`mutation($id: ID!) { cancelWorkOrder(id: $id, reason: "重复报修") { status } }`, admin, { id: orders[2].id });
  });

  it('refuses a handover while no contract is in force, changing nothing', async () => {
    expect(await errorCode(HAND_OVER, admin, { c: compoundId })).toBe('CONFLICT');
    expect((await ok(GET, admin, { id: orders[0].id })).workOrder.firm.id).toBe(oldFirm.id);
  });

  it('leaves the open orders with nobody but admins able to work them until they are handed over', async () => {
    await hub.subgraphs.property.ds.getRepository(ServiceContractEntity).insert(contract(newFirm.id, utcDay(0), null));
    expect(await errorCode(`mutation($id: ID!) { assignWorkOrder(id: $id, assigneeName: "赵师傅") { status } }`, newToken, { id: orders[0].id })).toBe('NOT_FOUND');
    expect(await errorCode(`mutation($id: ID!) { assignWorkOrder(id: $id, assigneeName: "赵师傅") { status } }`, oldToken, { id: orders[0].id })).toBe('NOT_FOUND');
    // the departing firm, a resident and an official of another street may not hand over
    expect(await errorCode(HAND_OVER, oldToken, { c: compoundId })).toBe('FORBIDDEN');
    expect(await errorCode(HAND_OVER, yuehuOfficial, { c: compoundId })).toBe('FORBIDDEN');
    expect(await errorCode(HAND_OVER, tokenFor({ sub: uuidv7(), role: 'RESIDENT', compounds: [compoundId], units: [] }), { c: compoundId })).toBe('FORBIDDEN');
    expect((await ok(GET, admin, { id: orders[1].id })).workOrder).toMatchObject({ status: 'IN_PROGRESS', firm: { id: oldFirm.id } });
  });

  it('hands the open orders to the firm serving today, each starting again as NEW with its due time kept', async () => {
    const before = (await ok(GET, admin, { id: orders[1].id })).workOrder;
    expect((await ok(HAND_OVER, newToken, { c: compoundId })).handOverWorkOrders).toBe(2);
    const moved = (await ok(GET, newToken, { id: orders[1].id })).workOrder;
    expect(moved).toMatchObject({ status: 'NEW', assigneeName: null, dueAt: before.dueAt, firm: { id: newFirm.id, name: '新物业' } });
    expect(moved.history.at(-1)).toMatchObject({ from: 'IN_PROGRESS', to: 'NEW', byRole: 'PROPERTY_FIRM' });
    expect(moved.history.at(-1).note).toContain(`from firm ${oldFirm.id} to firm ${newFirm.id}`);
    expect((await ok(GET, newToken, { id: orders[0].id })).workOrder).toMatchObject({ status: 'NEW', firm: { id: newFirm.id } });
    // the cancelled order stays as it was, with the old firm
    expect((await ok(GET, admin, { id: orders[2].id })).workOrder).toMatchObject({ status: 'CANCELLED', firm: { id: oldFirm.id } });
    // the compound's list shows the new firm its orders; a repeat hands over nothing
    expect((await ordersOf(newToken, { compoundId })).map((o: any) => o.id)).toEqual([orders[0].id, orders[1].id]);
    expect((await ok(HAND_OVER, committee, { c: compoundId })).handOverWorkOrders).toBe(0);
  });

  it('lets the new firm work a handed-over order to completion', async () => {
    await ok(`mutation($id: ID!) { assignWorkOrder(id: $id, assigneeName: "赵师傅") { status } }`, newToken, { id: orders[1].id });
    await ok(`mutation($id: ID!) { startWorkOrder(id: $id) { status } }`, newToken, { id: orders[1].id });
    const done = await ok(`mutation($id: ID!) { completeWorkOrder(id: $id, photoUrls: ["https://img.example.cn/wo/handover.jpg"]) { status firm { id } } }`, newToken, { id: orders[1].id });
    expect(done.completeWorkOrder).toEqual({ status: 'COMPLETED', firm: { id: newFirm.id } });
    const [event] = await hub.subgraphs.property.ds.getRepository(OutboxEvent).findBy({ topic: 'WorkOrderCompleted', aggregateId: orders[1].id });
    expect(JSON.parse(event.payload).firmId).toBe(newFirm.id);
  });
});
