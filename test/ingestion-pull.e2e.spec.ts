import { uuidv7 } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, demoId } from '../scripts/demo-data';
import { gql, tokenFor } from './client';
import { startErpSimulator, startUtilitySimulator, type Expected, type ExpectedRecord, type RunningSimulator } from '@hub/simulators';
import { PropertyFirmEntity } from '../subgraphs/property/src/firms/property-firm.entity';
import { ServiceContractEntity } from '../subgraphs/property/src/contracts/service-contract.entity';
import { WorkOrderEntity } from '../subgraphs/property/src/work-orders/work-order.entity';
import { IngestionBatchEntity } from '../subgraphs/property/src/ingestion/ingestion-batch.entity';
import { ParkingFeeEntity } from '../subgraphs/property/src/parking/parking.entities';

/**
 * Pulls from the simulated vendors through the whole stack: two ERPs of different shapes and a
 * utility feed flow into work orders, parking revenue in finance (read through the gateway) and
 * outage notices on a compound; malformed and duplicated records are handled as the simulators
 * say they must be.
 */
let env: TestEnvironment;
let hub: Hub;
let url: string;
const sims: RunningSimulator[] = [];
let erpA: RunningSimulator;
let erpB: RunningSimulator;
let grid: RunningSimulator;

const GCSS = DEMO_IDS.guangchangShangsha;
const MENGDA = DEMO_IDS.mengda;
const CHUNJIANG = DEMO_IDS.chunjiangFirm;
const HUAYU = uuidv7();
const TOKENS = { A: 'erp-a-pull-token', B: 'erp-b-pull-token', G: 'grid-pull-token' };
const VARS = { A: `PULL_A_${process.pid}`, B: `PULL_B_${process.pid}`, G: `PULL_G_${process.pid}` };
const admin = tokenFor({ sub: 'admin-1', role: 'ADMIN' });

async function ok<T = any>(query: string, token: string, variables?: Record<string, unknown>): Promise<T> {
  const { body } = await gql(url, query, { token, variables });
  if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const register = (input: Record<string, unknown>) => ok(`mutation($input: RegisterIngestionSourceInput!) { registerIngestionSource(input: $input) { id } }`, admin, { input });

/** Waits until every item the simulator served is in an applied batch of the source. */
async function drained(sourceId: string, sim: RunningSimulator): Promise<void> {
  const served = sim.expected().served;
  const batches = hub.subgraphs.property.ds.getRepository(IngestionBatchEntity);
  for (let i = 0; i < 600; i++) {
    const rows = await batches.find({ select: { status: true, received: true }, where: { sourceId } });
    const applied = rows.filter((r) => r.status === 'APPLIED').reduce((n, r) => n + r.received, 0);
    if (applied >= served && rows.every((r) => r.status === 'APPLIED')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`source ${sourceId} did not drain ${served} items`);
}

const balance = async (compoundId: string) => (await ok(`query($id: ID!) { compound(id: $id) { publicRevenueBalanceFen } }`, admin, { id: compoundId })).compound.publicRevenueBalanceFen as number;
const ofKind = <K extends ExpectedRecord['kind']>(e: Expected, kind: K) => e.latest.filter((r): r is Extract<ExpectedRecord, { kind: K }> => r.kind === kind);

let balanceBefore: number;
let feesBefore: Set<string>;

beforeAll(async () => {
  Object.assign(process.env, { [VARS.A]: TOKENS.A, [VARS.B]: TOKENS.B, [VARS.G]: TOKENS.G });
  env = testEnvironment({ INGEST_RECONCILE_MS: '300', INGEST_RETRY_BASE_MS: '100' });
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  url = hub.gateway.url;
  await hub.settle();
  // A second firm takes over Mengda, so that the two ERPs' order numbers never meet.
  const property = hub.subgraphs.property.ds;
  await property.getRepository(PropertyFirmEntity).insert({ id: HUAYU, name: '华宇物业', creditCode: '91330200TEST00001X', partyOrganisation: null, partyInstructorPersonId: null });
  await property.getRepository(ServiceContractEntity).update({ compoundId: MENGDA }, { firmId: HUAYU, model: 'STANDARD' as never });
  balanceBefore = await balance(GCSS);
  feesBefore = new Set((await property.getRepository(ParkingFeeEntity).findBy({ compoundId: GCSS })).map((f) => f.id));

  const inspection = { planId: demoId('property/inspection/guangchang'), checkpoints: [1, 2, 3, 4, 5].map((n) => `${n}号出入口道闸`) };
  erpA = await startErpSimulator({ shape: 'erp-a', seed: 'pull-a', firmId: CHUNJIANG, compounds: [{ id: GCSS, gates: [1, 2, 3, 4, 5].map((n) => `GCSS-${n}`), inspection }], records: 400, token: TOKENS.A, knobs: { malformedRate: 0.03, duplicateRate: 0.05 } });
  erpB = await startErpSimulator({ shape: 'erp-b', seed: 'pull-b', firmId: HUAYU, compounds: [{ id: MENGDA, gates: ['MD-1'] }], records: 250, token: TOKENS.B, knobs: { duplicateRate: 0.05 } });
  grid = await startUtilitySimulator({ seed: 'pull-grid', compounds: [GCSS, MENGDA], records: 60, token: TOKENS.G });
  sims.push(erpA, erpB, grid);
  const common = { scheduleSeconds: 1, pageSize: 100, rateLimitPerSecond: 50 };
  await register({ id: 'chunjiang-erp', kind: 'ERP', adapter: 'erp-a', baseUrl: erpA.url, credentialsRef: `env:${VARS.A}`, firmId: CHUNJIANG, ...common });
  await register({ id: 'huayu-erp', kind: 'ERP', adapter: 'erp-b', baseUrl: erpB.url, credentialsRef: `env:${VARS.B}`, firmId: HUAYU, ...common });
  await register({ id: 'ningbo-grid', kind: 'UTILITY', adapter: 'utility-grid', baseUrl: grid.url, credentialsRef: `env:${VARS.G}`, ...common });
  await Promise.all([drained('chunjiang-erp', erpA), drained('huayu-erp', erpB), drained('ningbo-grid', grid)]);
  await hub.settle(20_000);
});

afterAll(async () => {
  for (const s of sims) await s.stop();
  await hub?.stop();
  await env?.cleanup();
});

describe('ERP feeds of both shapes', () => {
  it.each([
    ['chunjiang-erp (erp-a)', () => erpA, CHUNJIANG],
    ['huayu-erp (erp-b)', () => erpB, HUAYU],
  ])('%s: every work order once, in its latest version', async (_name, sim, firmId) => {
    const expected = ofKind(sim().expected(), 'WORK_ORDER').filter((r) => r.hubWorkOrderId === null);
    expect(expected.length).toBeGreaterThan(20);
    const rows = await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).find({ where: { firmId, source: 'ERP' as never } });
    const byRef = new Map(rows.map((r) => [r.sourceRef, r]));
    expect(rows.length).toBe(expected.length);
    for (const r of expected) {
      const row = byRef.get(`${firmId}:${r.externalId}`);
      expect(row && { status: row.status, description: row.description, compoundId: row.compoundId }).toEqual({ status: r.status, description: r.description, compoundId: r.compoundId });
    }
  });

  it('parking fees are public revenue in finance, read through the gateway: each receipt once, and the fees of gate passages', async () => {
    const receipts = ofKind(erpA.expected(), 'FEE_RECEIPT');
    expect(receipts.length).toBeGreaterThan(0);
    const fees = (await hub.subgraphs.property.ds.getRepository(ParkingFeeEntity).findBy({ compoundId: GCSS })).filter((f) => !feesBefore.has(f.id));
    const booked = new Map(fees.filter((f) => f.receiptRef).map((f) => [f.receiptRef, f.amountFen]));
    for (const r of receipts) expect(booked.get(`${CHUNJIANG}:${r.externalId}`)).toBe(r.amountFen);
    expect(booked.size).toBe(receipts.length);
    const total = fees.reduce((n, f) => n + f.amountFen, 0);
    expect(total).toBeGreaterThan(receipts.reduce((n, f) => n + f.amountFen, 0));
    expect((await balance(GCSS)) - balanceBefore).toBe(total);
  });

  it('malformed records are quarantined with the reasons the vendor defects call for; duplicates change nothing', async () => {
    const { malformed, duplicates } = erpA.expected();
    expect(malformed.length).toBeGreaterThan(0);
    expect(duplicates.length).toBeGreaterThan(0);
    const { quarantinedRecords } = await ok(`query { quarantinedRecords(sourceId: "chunjiang-erp", first: 100) { edges { node { externalId stage reason raw } } } }`, admin);
    const nodes = quarantinedRecords.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.externalId).sort()).toEqual(malformed.map((m) => m.externalId).sort());
    for (const m of malformed) {
      const node = nodes.find((n: any) => n.externalId === m.externalId);
      expect(node.reason).toContain(m.reason);
    }
    const status = (await ok(`query { ingestionStatus(sourceId: "chunjiang-erp") { received rejected quarantined lagRecords lastSuccessAt lastError pausedReason } }`, admin)).ingestionStatus;
    expect(status).toMatchObject({ received: erpA.expected().served, rejected: malformed.length, quarantined: malformed.length, lagRecords: 0, lastError: null, pausedReason: null });
    expect(status.lastSuccessAt).not.toBeNull();
  });

  it('a replay from the start applies nothing twice', async () => {
    const count = () => hub.subgraphs.property.ds.getRepository(WorkOrderEntity).countBy({ firmId: HUAYU });
    const before = await count();
    const batches = hub.subgraphs.property.ds.getRepository(IngestionBatchEntity);
    const batchesBefore = await batches.countBy({ sourceId: 'huayu-erp' });
    const received = (rows: IngestionBatchEntity[]) => rows.reduce((n, b) => n + b.received, 0);
    const receivedBefore = received(await batches.findBy({ sourceId: 'huayu-erp' }));
    await ok(`mutation { replayIngestionSource(id: "huayu-erp", fromCursor: null) { cursor } }`, admin);
    // Pages that arrive while one applies are applied together, so the replay's batches need not match the first pass's one for one.
    for (let i = 0; i < 300; i++) {
      const rows = await batches.find({ where: { sourceId: 'huayu-erp' }, select: { status: true, received: true, applied: true, unchanged: true } });
      if (received(rows) >= receivedBefore * 2 && rows.every((r) => r.status === 'APPLIED')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const replayed = (await batches.find({ where: { sourceId: 'huayu-erp' }, order: { id: 'ASC' } })).slice(batchesBefore);
    expect(received(replayed)).toBe(receivedBefore);
    expect(replayed.reduce((n, b) => n + b.applied, 0)).toBe(0);
    expect(await count()).toBe(before);
  });
});

describe('a utility feed', () => {
  it('puts outage and maintenance notices on the compound, read through the gateway', async () => {
    const notices = ofKind(grid.expected(), 'UTILITY_NOTICE').filter((n) => n.compoundId === GCSS);
    expect(notices.length).toBeGreaterThan(0);
    const { compound } = await ok(`query($id: ID!) { compound(id: $id) { utilityNotices(first: 100) { edges { node { title kind utility } } } } }`, admin, { id: GCSS });
    const shown = compound.utilityNotices.edges.map((e: any) => e.node);
    for (const n of notices) expect(shown).toContainEqual({ title: n.title, kind: n.noticeKind, utility: n.utility });
    expect(notices.some((n) => n.noticeKind === 'OUTAGE')).toBe(true);
  });
});
