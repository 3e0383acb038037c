import { OutboxEvent, recordEvent, SUBGRAPHS, transaction, uuidv7 } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_REGIONS } from '../scripts/demo-data';
import { gql, tokenFor } from './client';
import { ParkingFeeEntity, ParkingGateEventEntity, ParkingPermitEntity, ParkingPricingRuleEntity, ParkingSessionEntity } from '../subgraphs/property/src/parking/parking.entities';

/**
 * Parking through the gateway on MariaDB and Redis: prices per class, permits, a day of gate
 * events at the Guangchang Shangsha area priced by class and announced to finance as revenue,
 * monthly passes, convention enforcement from the community's ConventionAdopted, scope and bad input.
 */
let env: TestEnvironment;
let hub: Hub;
let url: string;

const GCSS = DEMO_IDS.guangchangShangsha;
const MENGDA = DEMO_IDS.mengda;
const R = DEMO_REGIONS;

const admin = tokenFor({ sub: 'admin-1', role: 'ADMIN' });
const chunjiang = tokenFor({ sub: 'cj-parking', role: 'PROPERTY_FIRM', firm: DEMO_IDS.chunjiangFirm });
const otherFirm = tokenFor({ sub: 'other-firm', role: 'PROPERTY_FIRM', firm: uuidv7() });
const gates = tokenFor({ sub: 'gcss-gates', role: 'INTEGRATION', source: 'gcss-gate-system', compounds: [GCSS] });
const mengdaGates = tokenFor({ sub: 'mengda-gates', role: 'INTEGRATION', source: 'mengda-gate-system', compounds: [MENGDA] });
const unboundFeed = tokenFor({ sub: 'water-feed', role: 'INTEGRATION', source: 'NINGBO_WATER' });
const mengdaCommittee = tokenFor({ sub: 'oc-mengda', role: 'OWNERS_COMMITTEE', compounds: [MENGDA] });
const shiqiOfficial = tokenFor({ sub: 'official-shiqi', role: 'OFFICIAL', regions: [R.shiqi] });
const yuehuOfficial = tokenFor({ sub: 'official-yuehu', role: 'OFFICIAL', regions: [R.yuehu] });

const OWNER_UNIT = uuidv7();
const TENANT_UNIT = uuidv7();
const SHOP_UNIT = uuidv7();
const ownerResident = tokenFor({ sub: uuidv7(), role: 'RESIDENT', compounds: [GCSS], units: [OWNER_UNIT] });

async function ok<T = any>(query: string, token: string, variables?: Record<string, unknown>): Promise<T> {
  const { body } = await gql(url, query, { token, variables });
  if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function errorCode(query: string, token: string, variables?: Record<string, unknown>): Promise<string | undefined> {
  const { body } = await gql(url, query, { token, variables });
  return body.errors?.[0]?.extensions?.code;
}

const SET_PRICING = `mutation($compoundId: ID!, $rules: [ParkingPricingInput!]!) { setParkingPricing(compoundId: $compoundId, rules: $rules) { plateClass freeMinutes hourlyFen dailyCapFen monthlyPassFen } }`;
const ISSUE = `mutation($input: IssueParkingPermitInput!) { issueParkingPermit(input: $input) { id plate plateClass status validFrom validTo } }`;
const GATE = `mutation($compoundId: ID!, $events: [GateEventInput!]!) { recordGateEvents(compoundId: $compoundId, events: $events) {
  accepted duplicates sessionsOpened sessionsClosed exitsWithoutEntry feesCollectedFen } }`;
const REVENUE = `query($compoundId: ID!, $from: String!, $to: String!) { parkingRevenue(compoundId: $compoundId, from: $from, to: $to) {
  compound { id } totalFen fees byClass { plateClass fees amountFen } } }`;

/** Yesterday's calendar date in China Standard Time, so that every event of "the day" lies in the past. */
const day = new Date(Date.now() + 8 * 3600_000 - 24 * 3600_000).toISOString().slice(0, 10);
const at = (hhmmss: string) => `${day}T${hhmmss}+08:00`;
const dayWindow = { from: at('00:00:00'), to: new Date(Date.parse(at('00:00:00')) + 24 * 3600_000).toISOString() };
const thisMonth = day.slice(0, 7);

const balance = async () =>
  (await ok(`query($id: ID!) { compound(id: $id) { publicRevenueBalanceFen } }`, shiqiOfficial, { id: GCSS })).compound.publicRevenueBalanceFen as number;
let balanceBefore: number;

const count = (entity: Function, where: Record<string, unknown> = {}) => hub.subgraphs.property.ds.getRepository(entity).countBy(where);

beforeAll(async () => {
  env = testEnvironment();
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  url = hub.gateway.url;
  await hub.settle();
  balanceBefore = await balance();
});

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
});

describe('prices and permits', () => {
  it('sets the prices per class: owners discounted, outside vehicles at the market price', async () => {
    const rules = [
      { plateClass: 'OWNER', freeMinutes: 30, hourlyFen: 200, dailyCapFen: 1000, monthlyPassFen: 15000 },
      { plateClass: 'TENANT', freeMinutes: 30, hourlyFen: 300, dailyCapFen: 1500 },
      { plateClass: 'SHOP', freeMinutes: 15, hourlyFen: 300, dailyCapFen: 2000 },
      { plateClass: 'VISITOR', freeMinutes: 15, hourlyFen: 500, dailyCapFen: 4000 },
    ];
    const set = (await ok(SET_PRICING, chunjiang, { compoundId: GCSS, rules })).setParkingPricing;
    expect(set).toEqual([
      { plateClass: 'OWNER', freeMinutes: 30, hourlyFen: 200, dailyCapFen: 1000, monthlyPassFen: 15000 },
      { plateClass: 'SHOP', freeMinutes: 15, hourlyFen: 300, dailyCapFen: 2000, monthlyPassFen: null },
      { plateClass: 'TENANT', freeMinutes: 30, hourlyFen: 300, dailyCapFen: 1500, monthlyPassFen: null },
      { plateClass: 'VISITOR', freeMinutes: 15, hourlyFen: 500, dailyCapFen: 4000, monthlyPassFen: null },
    ]);
    // prices are public: an anonymous caller reads them through the compound
    const { body } = await gql(url, `query($id: ID!) { compound(id: $id) { name parkingPricing { plateClass hourlyFen } } }`, { variables: { id: GCSS } });
    expect(body.data.compound.parkingPricing.map((r: any) => [r.plateClass, r.hourlyFen])).toEqual([
      ['OWNER', 200],
      ['SHOP', 300],
      ['TENANT', 300],
      ['VISITOR', 500],
    ]);
  });

  it('reads the prices of a page of compounds in one statement', async () => {
    const relay = hub.workers[SUBGRAPHS.indexOf('property')].relay;
    await relay.stop(); // the relay polls the outbox on the same pool
    try {
      // Background sweeps and the ingestion reconciler share the counter: the fewest of three tries.
      let fewest = Infinity;
      for (let i = 0; i < 3; i++) {
        const before = hub.subgraphs.property.statements.count;
        const { body } = await gql(url, `{ compounds(first: 10) { edges { node { id parkingPricing { plateClass } } } } }`);
        expect(body.errors).toBeUndefined();
        const nodes = body.data.compounds.edges.map((e: any) => e.node);
        expect(nodes.length).toBeGreaterThanOrEqual(3);
        expect(nodes.find((n: any) => n.id === GCSS).parkingPricing).toHaveLength(4);
        expect(nodes.find((n: any) => n.id === MENGDA).parkingPricing).toEqual([]);
        fewest = Math.min(fewest, hub.subgraphs.property.statements.count - before);
      }
      expect(fewest).toBe(1);
    } finally {
      relay.start();
    }
  });

  it('refuses a negative fee and changes nothing', async () => {
    const before = await hub.subgraphs.property.ds.getRepository(ParkingPricingRuleEntity).findBy({ compoundId: GCSS });
    const rules = [
      { plateClass: 'OWNER', freeMinutes: 30, hourlyFen: 100 },
      { plateClass: 'VISITOR', freeMinutes: 15, hourlyFen: -500 },
    ];
    expect(await errorCode(SET_PRICING, chunjiang, { compoundId: GCSS, rules })).toBe('BAD_USER_INPUT');
    expect(await hub.subgraphs.property.ds.getRepository(ParkingPricingRuleEntity).findBy({ compoundId: GCSS })).toEqual(before);
    expect(await errorCode(SET_PRICING, otherFirm, { compoundId: GCSS, rules: [rules[0]] })).toBe('FORBIDDEN');
  });

  it('issues permits, one active per plate and compound: a second is a CONFLICT and nothing is written', async () => {
    const permit = (plate: string, plateClass: string, unitId: string | null) => ({ compoundId: GCSS, plate, plateClass, unitId, validFrom: `${thisMonth}-01` });
    const owner = (await ok(ISSUE, chunjiang, { input: permit('浙B·11111', 'OWNER', OWNER_UNIT) })).issueParkingPermit;
    expect(owner).toMatchObject({ plate: '浙B11111', plateClass: 'OWNER', status: 'ACTIVE', validTo: null });
    await ok(ISSUE, chunjiang, { input: permit('浙B22222', 'TENANT', TENANT_UNIT) });
    await ok(ISSUE, chunjiang, { input: permit('浙B33333', 'SHOP', SHOP_UNIT) });
    await ok(ISSUE, chunjiang, { input: permit('浙B44444', 'OWNER', OWNER_UNIT) });

    const permits = await count(ParkingPermitEntity, { compoundId: GCSS });
    expect(await errorCode(ISSUE, chunjiang, { input: permit('浙B11111', 'TENANT', TENANT_UNIT) })).toBe('CONFLICT');
    expect(await errorCode(ISSUE, chunjiang, { input: permit('浙B 11111', 'OWNER', OWNER_UNIT) })).toBe('CONFLICT');
    expect(await errorCode(ISSUE, chunjiang, { input: permit('not-a-plate', 'OWNER', OWNER_UNIT) })).toBe('BAD_USER_INPUT');
    expect(await errorCode(ISSUE, chunjiang, { input: permit('浙B55555', 'OWNER', null) })).toBe('BAD_USER_INPUT');
    expect(await errorCode(ISSUE, otherFirm, { input: permit('浙B55555', 'VISITOR', null) })).toBe('FORBIDDEN');
    expect(await count(ParkingPermitEntity, { compoundId: GCSS })).toBe(permits);
  });

  it('gives one permit when the same plate is issued five times at once', async () => {
    const input = { compoundId: GCSS, plate: '浙B56789', plateClass: 'VISITOR', validFrom: `${thisMonth}-01` };
    const answers = await Promise.all(Array.from({ length: 5 }, () => gql(url, ISSUE, { token: chunjiang, variables: { input } })));
    expect(answers.filter((a) => !a.body.errors)).toHaveLength(1);
    expect(answers.filter((a) => a.body.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(4);
    expect(await count(ParkingPermitEntity, { compoundId: GCSS, plate: '浙B56789' })).toBe(1);
    const [permit] = await hub.subgraphs.property.ds.getRepository(ParkingPermitEntity).findBy({ compoundId: GCSS, plate: '浙B56789' });
    await ok(`mutation($id: ID!) { revokeParkingPermit(id: $id, reason: "测试完毕") { status } }`, chunjiang, { id: permit.id });
    expect(await errorCode(`mutation($id: ID!) { revokeParkingPermit(id: $id, reason: "again") { status } }`, chunjiang, { id: permit.id })).toBe('INVALID_TRANSITION');
  });

  it('shows a resident only their own units\' permits', async () => {
    const list = `query($c: ID!) { parkingPermits(compoundId: $c) { edges { node { plate } } } }`;
    const mine = await ok(list, ownerResident, { c: GCSS });
    expect(mine.parkingPermits.edges.map((e: any) => e.node.plate).sort()).toEqual(['浙B11111', '浙B44444']);
    const all = await ok(list, shiqiOfficial, { c: GCSS });
    // officials see every permit, the revoked one included
    expect(all.parkingPermits.edges.map((e: any) => e.node.plate).sort()).toEqual(['浙B11111', '浙B22222', '浙B33333', '浙B44444', '浙B56789']);
    expect(await errorCode(list, yuehuOfficial, { c: GCSS })).toBe('FORBIDDEN');
  });

  it('sells a monthly pass once per plate and month, announcing its fee', async () => {
    const [permit] = await hub.subgraphs.property.ds.getRepository(ParkingPermitEntity).findBy({ compoundId: GCSS, plate: '浙B44444' });
    const sell = `mutation($id: ID!, $month: String!) { sellMonthlyPass(permitId: $id, month: $month) { id kind plateClass amountFen } }`;
    const fee = (await ok(sell, chunjiang, { id: permit.id, month: thisMonth })).sellMonthlyPass;
    expect(fee).toMatchObject({ kind: 'MONTHLY_PASS', plateClass: 'OWNER', amountFen: 15000 });
    expect(await errorCode(sell, chunjiang, { id: permit.id, month: thisMonth })).toBe('CONFLICT');
    expect(await errorCode(sell, chunjiang, { id: permit.id, month: '2026-13' })).toBe('BAD_USER_INPUT');
    const events = await hub.subgraphs.property.ds.getRepository(OutboxEvent).findBy({ topic: 'ParkingFeeCollected' });
    expect(events.map((e) => JSON.parse(e.payload))).toEqual([expect.objectContaining({ feeId: fee.id, compoundId: GCSS, plateClass: 'OWNER', amountFen: 15000 })]);
  });
});

describe('a day of gate events at the Guangchang Shangsha area', () => {
  // Entrances of the area; plates: owner 浙B11111, tenant 浙B22222, shop 浙B33333, owner with a pass 浙B44444, three outside cars.
  const morning = [
    { sourceRef: 'g-001', plate: '浙B11111', gate: 'GCSS-1', direction: 'ENTRY', at: at('07:00:00') },
    { sourceRef: 'g-002', plate: '浙B11111', gate: 'GCSS-1', direction: 'EXIT', at: at('07:20:00') },
    { sourceRef: 'g-003', plate: '浙B22222', gate: 'GCSS-2', direction: 'ENTRY', at: at('08:00:00') },
    { sourceRef: 'g-004', plate: '浙B33333', gate: 'GCSS-5', direction: 'ENTRY', at: at('09:00:00') },
    { sourceRef: 'g-005', plate: '浙A12345', gate: 'GCSS-3', direction: 'ENTRY', at: at('10:00:00') },
    { sourceRef: 'g-006', plate: '浙A12345', gate: 'GCSS-3', direction: 'EXIT', at: at('10:10:00') },
    { sourceRef: 'g-007', plate: '浙B22222', gate: 'GCSS-2', direction: 'EXIT', at: at('10:30:00') },
    { sourceRef: 'g-008', plate: '浙B44444', gate: 'GCSS-4', direction: 'ENTRY', at: at('06:00:00') },
  ];
  const afternoon = [
    { sourceRef: 'g-009', plate: '浙A54321', gate: 'GCSS-3', direction: 'ENTRY', at: at('12:00:00') },
    { sourceRef: 'g-010', plate: '浙A54321', gate: 'GCSS-4', direction: 'EXIT', at: at('14:00:01') },
    { sourceRef: 'g-011', plate: '浙C88888', gate: 'GCSS-1', direction: 'ENTRY', at: at('13:00:00') },
    { sourceRef: 'g-012', plate: '浙B11111', gate: 'GCSS-1', direction: 'ENTRY', at: at('18:00:00') },
    { sourceRef: 'g-013', plate: '浙B33333', gate: 'GCSS-5', direction: 'EXIT', at: at('21:00:00') },
    { sourceRef: 'g-014', plate: '浙C88888', gate: 'GCSS-2', direction: 'EXIT', at: at('23:00:00') },
    { sourceRef: 'g-015', plate: '浙B11111', gate: 'GCSS-1', direction: 'EXIT', at: at('23:30:00') },
    { sourceRef: 'g-016', plate: '浙B44444', gate: 'GCSS-4', direction: 'EXIT', at: at('22:00:00') },
    { sourceRef: 'g-017', plate: '浙D00001', gate: 'GCSS-2', direction: 'EXIT', at: at('12:30:00') },
  ];

  it('refuses a batch with a bad event whole, writing nothing', async () => {
    const bad = [...morning.slice(0, 2), { ...morning[2], plate: '??' }];
    expect(await errorCode(GATE, gates, { compoundId: GCSS, events: bad })).toBe('BAD_USER_INPUT');
    const future = [{ ...morning[0], at: new Date(Date.now() + 3600_000).toISOString() }];
    expect(await errorCode(GATE, gates, { compoundId: GCSS, events: future })).toBe('BAD_USER_INPUT');
    expect(await count(ParkingGateEventEntity)).toBe(0);
    expect(await count(ParkingSessionEntity)).toBe(0);
    expect(await errorCode(GATE, otherFirm, { compoundId: GCSS, events: morning })).toBe('FORBIDDEN');
    // another compound's gate system, and an integration token bound to no compound, report nothing here
    expect(await errorCode(GATE, mengdaGates, { compoundId: GCSS, events: morning })).toBe('FORBIDDEN');
    expect(await errorCode(GATE, unboundFeed, { compoundId: GCSS, events: morning })).toBe('FORBIDDEN');
    expect(await count(ParkingGateEventEntity)).toBe(0);
  });

  it('refuses a batch naming a gate the compound does not have, naming the row and the known gates, writing nothing', async () => {
    // Mengda's gate code is a real gate, but not one of Guangchang Shangsha's
    const strays = [...morning.slice(0, 3), { ...morning[3], gate: 'MD-1' }, { ...morning[4], gate: '3号出入口' }];
    const { body } = await gql(url, GATE, { token: gates, variables: { compoundId: GCSS, events: strays } });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toBe(
      'events[3].gate "MD-1", events[4].gate "3号出入口" are not gates of this compound; its entrance gates are GCSS-1, GCSS-2, GCSS-3, GCSS-4, GCSS-5',
    );
    expect(await count(ParkingGateEventEntity)).toBe(0);
    expect(await count(ParkingSessionEntity)).toBe(0);
    // a gate the compound may get one day, but has not recorded yet, is refused as well
    expect(await errorCode(GATE, gates, { compoundId: GCSS, events: [{ ...morning[3], gate: 'GCSS-6' }] })).toBe('BAD_USER_INPUT');
  });

  it('prices each stay by its class and collects the fees at exit', async () => {
    const first = (await ok(GATE, gates, { compoundId: GCSS, events: morning })).recordGateEvents;
    expect(first).toEqual({ accepted: 8, duplicates: 0, sessionsOpened: 5, sessionsClosed: 3, exitsWithoutEntry: 0, feesCollectedFen: 900 });
    // the gate system resends the morning with the afternoon: the morning is skipped
    const second = (await ok(GATE, gates, { compoundId: GCSS, events: [...afternoon, ...morning] })).recordGateEvents;
    expect(second).toEqual({ accepted: 9, duplicates: 8, sessionsOpened: 3, sessionsClosed: 5, exitsWithoutEntry: 1, feesCollectedFen: 8500 });
  });

  it('collects nothing twice when the gate system resends a batch several times at once', async () => {
    const fees = await count(ParkingFeeEntity);
    const answers = await Promise.all(Array.from({ length: 4 }, () => ok(GATE, gates, { compoundId: GCSS, events: [...morning, ...afternoon] })));
    for (const a of answers) expect(a.recordGateEvents).toMatchObject({ accepted: 0, duplicates: 17, feesCollectedFen: 0 });
    expect(await count(ParkingFeeEntity)).toBe(fees);
  });

  it('adds up to the right revenue per class for the day', async () => {
    const revenue = (await ok(REVENUE, shiqiOfficial, { compoundId: GCSS, ...dayWindow })).parkingRevenue;
    // OWNER 浙B11111: 07:00–07:20 within 30 free minutes → 0; 18:00–23:30 = 6 started hours × 200 = 1200, capped at 1000.
    //   浙B44444 has a monthly pass: 06:00–22:00 → 0.
    // TENANT 浙B22222: 08:00–10:30 = 3 started hours × 300 = 900.
    // SHOP 浙B33333: 09:00–21:00 = 12 hours × 300 = 3600, capped at 2000.
    // VISITOR 浙A12345: 10 minutes → 0; 浙A54321: 2 h 1 s = 3 started hours × 500 = 1500; 浙C88888: 10 h × 500 = 5000, capped at 4000.
    expect(revenue.byClass).toEqual([
      { plateClass: 'OWNER', fees: 1, amountFen: 1000 },
      { plateClass: 'TENANT', fees: 1, amountFen: 900 },
      { plateClass: 'SHOP', fees: 1, amountFen: 2000 },
      { plateClass: 'VISITOR', fees: 2, amountFen: 5500 },
    ]);
    expect(revenue).toMatchObject({ compound: { id: GCSS }, totalFen: 9400, fees: 5 });
  });

  it('announces every fee collected once as ParkingFeeCollected, which finance books', async () => {
    const fees = await hub.subgraphs.property.ds.getRepository(ParkingFeeEntity).findBy({ compoundId: GCSS, kind: 'SESSION' });
    expect(fees).toHaveLength(5);
    const events = (await hub.subgraphs.property.ds.getRepository(OutboxEvent).findBy({ topic: 'ParkingFeeCollected' })).map((e) => JSON.parse(e.payload));
    const sessionEvents = events.filter((e) => fees.some((f) => f.id === e.feeId));
    expect(sessionEvents).toHaveLength(5);
    expect(sessionEvents.map((e) => [e.plateClass, e.amountFen]).sort()).toEqual([
      ['OWNER', 1000],
      ['SHOP', 2000],
      ['TENANT', 900],
      ['VISITOR', 1500],
      ['VISITOR', 4000],
    ]);
    for (const e of sessionEvents) expect(e.compoundId).toBe(GCSS);
    // a closed stay carries its fee; the exit without an entry is recorded, not charged
    const sessions = await ok(
      `query($c: ID!, $from: String!, $to: String!) { parkingSessions(compoundId: $c, from: $from, to: $to, first: 100) { edges { node { plate plateClass status feeFen permit { plate } } } } }`,
      chunjiang,
      { c: GCSS, ...dayWindow },
    );
    const stays = sessions.parkingSessions.edges.map((e: any) => e.node);
    expect(stays).toHaveLength(8);
    expect(stays.filter((s: any) => s.plate === '浙B44444')).toEqual([{ plate: '浙B44444', plateClass: 'OWNER', status: 'CLOSED', feeFen: 0, permit: { plate: '浙B44444' } }]);
    expect(stays.find((s: any) => s.plate === '浙C88888')).toMatchObject({ plateClass: 'VISITOR', feeFen: 4000, permit: null });
    expect(await count(ParkingGateEventEntity, { outcome: 'NO_ENTRY' })).toBe(1);

    // finance books the day's fees and the pass as public revenue: the balance grows by exactly that
    await hub.settle();
    const processed = await hub.subgraphs.finance.ds.query('SELECT id FROM processed_event WHERE topic = ?', ['ParkingFeeCollected']);
    expect(processed).toHaveLength(6);
    expect(await balance()).toBe(balanceBefore + 9400 + 15000);
  });

  it('keeps residents out of the parking records', async () => {
    const q = `query($c: ID!, $from: String!, $to: String!) { parkingSessions(compoundId: $c, from: $from, to: $to) { edges { node { plate } } } }`;
    expect(await errorCode(q, ownerResident, { c: GCSS, ...dayWindow })).toBe('FORBIDDEN');
    expect(await errorCode(q, yuehuOfficial, { c: GCSS, ...dayWindow })).toBe('FORBIDDEN');
  });
});

describe('the parking convention: caution, warning, removal', () => {
  const BREACH = `mutation($input: RecordParkingBreachInput!) { recordParkingBreach(input: $input) { plate breachNumber action conventionId } }`;
  const breach = (compoundId: string, plate: string) => ({ compoundId, plate, description: '占用消防通道', occurredAt: new Date().toISOString() });
  const conventionId = uuidv7();

  it('enforces nothing where no parking convention has been adopted', async () => {
    expect(await errorCode(BREACH, admin, { input: breach(DEMO_IDS.youhe, '浙A54321') })).toBe('CONFLICT');
  });

  it('applies the convention the Guangchang Shangsha owners adopted in the community subgraph', async () => {
    const first = (await ok(BREACH, chunjiang, { input: breach(GCSS, '浙A54321') })).recordParkingBreach;
    expect(first).toMatchObject({ breachNumber: 1, action: 'CAUTION' });
    const adopted = await hub.subgraphs.community.ds.getRepository(OutboxEvent).findBy({ topic: 'ConventionAdopted' });
    expect(adopted.map((e) => JSON.parse(e.payload).conventionId)).toContain(first.conventionId);
  });

  it('escalates per plate as the convention adopted in the community says, and removal revokes the permit', async () => {
    await transaction(hub.subgraphs.community.ds, (m) =>
      recordEvent(m, 'ConventionAdopted', conventionId, {
        conventionId,
        compoundId: MENGDA,
        kind: 'PARKING',
        escalation: [
          { breach: 1, action: 'CAUTION' },
          { breach: 2, action: 'WARNING' },
          { breach: 3, action: 'REMOVAL' },
        ],
        adoptedAt: new Date().toISOString(),
      }),
    );
    await hub.settle();
    const permit = (
      await ok(ISSUE, mengdaCommittee, { input: { compoundId: MENGDA, plate: '浙B66666', plateClass: 'OWNER', unitId: uuidv7(), validFrom: `${thisMonth}-01` } })
    ).issueParkingPermit;
    const actions = [];
    for (let i = 0; i < 4; i++) actions.push((await ok(BREACH, mengdaCommittee, { input: breach(MENGDA, '浙B66666') })).recordParkingBreach);
    expect(actions.map((a) => [a.breachNumber, a.action])).toEqual([
      [1, 'CAUTION'],
      [2, 'WARNING'],
      [3, 'REMOVAL'],
      [4, 'REMOVAL'],
    ]);
    expect(actions.every((a) => a.conventionId === conventionId)).toBe(true);
    const after = await hub.subgraphs.property.ds.getRepository(ParkingPermitEntity).findOneByOrFail({ id: permit.id });
    expect(after).toMatchObject({ status: 'REVOKED', activePlate: null });
    expect(after.revokedReason).toContain(conventionId);
    // another plate starts at a caution
    expect((await ok(BREACH, mengdaCommittee, { input: breach(MENGDA, '浙B77777') })).recordParkingBreach).toMatchObject({ breachNumber: 1, action: 'CAUTION' });
    // the firm does not serve Mengda
    expect(await errorCode(BREACH, chunjiang, { input: breach(MENGDA, '浙B77777') })).toBe('FORBIDDEN');
    const list = await ok(`query($c: ID!, $p: String) { parkingBreaches(compoundId: $c, plate: $p) { edges { node { breachNumber } } } }`, shiqiOfficial, { c: MENGDA, p: '浙B66666' });
    expect(list.parkingBreaches.edges.map((e: any) => e.node.breachNumber)).toEqual([1, 2, 3, 4]);
  });
});
