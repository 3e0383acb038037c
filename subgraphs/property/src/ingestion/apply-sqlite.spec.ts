import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompoundScopeEntity, openSubgraphDatabase, transaction, uuidv7, type Database } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startErpSimulator, startUtilitySimulator, type RunningSimulator } from '../../../../infra/simulators/src';
import { propertySubgraph } from '../subgraph';
import { ServiceContractEntity } from '../contracts/service-contract.entity';
import { PropertyFirmEntity } from '../firms/property-firm.entity';
import { ParkingAreaEntity, ParkingEntranceEntity } from '../facilities/parking-area.entity';
import { ParkingGateEventEntity, ParkingPricingRuleEntity } from '../parking/parking.entities';
import { InspectionCheckpointEntity, InspectionPlanEntity } from '../inspections/inspection.entities';
import { UtilityNoticeEntity } from '../utilities/utility.entity';
import { WorkOrderEntity } from '../work-orders/work-order.entity';
import { ADAPTERS } from './adapters';
import { applyRecords } from './apply';
import type { ApplySource, HubRecord } from './records';

/** The embedded demo (`npm start`) runs on SQLite: the appliers' bulk statements must work there too. */
let env: TestEnvironment;
let db: Database;
const dir = mkdtempSync(join(tmpdir(), 'hub-apply-sqlite-'));
const FIRM = uuidv7();
const COMPOUND = uuidv7();
const PLAN = uuidv7();

beforeAll(async () => {
  env = testEnvironment({ DATABASE_URL: `sqlite:${dir}` });
  db = await openSubgraphDatabase(propertySubgraph, env.config);
  const m = db.ds.manager;
  await m.insert(CompoundScopeEntity, { compoundId: COMPOUND, regionPath: '330203001,330203,330200' });
  await m.insert(PropertyFirmEntity, { id: FIRM, name: '演示物业', creditCode: '91330203MA2CJ8QW1M' });
  await m.insert(ServiceContractEntity, { id: uuidv7(), compoundId: COMPOUND, firmId: FIRM, model: 'STANDARD', startsOn: '2026-01-01', endsOn: null, feeFenPerM2Month: 100, status: 'ACTIVE' });
  const area = uuidv7();
  await m.insert(ParkingAreaEntity, { id: area, compoundId: COMPOUND, name: '地面', underground: false });
  await m.insert(ParkingEntranceEntity, { id: uuidv7(), areaId: area, compoundId: COMPOUND, name: '北门', gateCode: 'N1' });
  await m.insert(ParkingPricingRuleEntity, { id: uuidv7(), compoundId: COMPOUND, plateClass: 'VISITOR', freeMinutes: 15, hourlyFen: 300, dailyCapFen: 3000, monthlyPassFen: null });
  await m.insert(InspectionPlanEntity, { id: PLAN, compoundId: COMPOUND, firmId: FIRM, name: '日巡', intervalHours: 24, startsAt: new Date('2026-01-01T00:00:00Z'), active: true, endsAt: null });
  await m.insert(InspectionCheckpointEntity, { id: uuidv7(), planId: PLAN, sequence: 1, name: '配电房', location: null });
});

afterAll(async () => {
  await db?.ds.destroy();
  await env?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function applyAll(sim: RunningSimulator, adapterName: string, source: ApplySource, pageSize: number) {
  const adapter = ADAPTERS[adapterName];
  const raws = sim.pushBody(0, sim.expected().served).records;
  const total = { applied: 0, unchanged: 0, rejected: 0 };
  for (let i = 0; i < raws.length; i += pageSize) {
    const records = raws
      .slice(i, i + pageSize)
      .map((r) => adapter.map(r))
      .flatMap((m) => (m.ok ? [m.record] : []));
    const outcome = await transaction(db.ds, (m) => applyRecords(m, source, records));
    total.applied += outcome.applied;
    total.unchanged += outcome.unchanged;
    total.rejected += outcome.rejected.length;
  }
  return total;
}

it('applies a simulated ERP feed in batches of 500, once', async () => {
  const sim = await startErpSimulator({ shape: 'erp-b', seed: 'sqlite', firmId: FIRM, compounds: [{ id: COMPOUND, gates: ['N1'], inspection: { planId: PLAN, checkpoints: ['配电房'] } }], records: 1500, knobs: { duplicateRate: 0.03 } });
  try {
    const source: ApplySource = { id: 'demo-erp', kind: 'ERP', firmId: FIRM };
    const truth = sim.expected();
    expect(await applyAll(sim, 'erp-b', source, 500)).toEqual({ applied: truth.records.length, unchanged: truth.duplicates.length, rejected: 0 });
    expect(await applyAll(sim, 'erp-b', source, 500)).toEqual({ applied: 0, unchanged: truth.served, rejected: 0 });
    const orders = await db.ds.getRepository(WorkOrderEntity).find({ where: { source: 'ERP' } });
    const latest = new Map(truth.latest.filter((r) => r.kind === 'WORK_ORDER').map((r) => [`${FIRM}:${r.externalId}`, (r as Extract<HubRecord, { kind: 'WORK_ORDER' }>).status]));
    expect(new Map(orders.map((o) => [o.sourceRef, o.status]))).toEqual(latest);
    expect(await db.ds.getRepository(ParkingGateEventEntity).count()).toBe(truth.latest.filter((r) => r.kind === 'GATE_EVENT').length);
  } finally {
    await sim.stop();
  }
});

it('applies a simulated utility feed, outage ends included', async () => {
  const sim = await startUtilitySimulator({ seed: 'sqlite', compounds: [COMPOUND], records: 400 });
  try {
    const source: ApplySource = { id: 'demo-grid', kind: 'UTILITY', firmId: null };
    const truth = sim.expected();
    const first = await applyAll(sim, 'utility-grid', source, 500);
    expect(first.rejected).toBe(0);
    expect(first.applied + first.unchanged).toBe(truth.records.length);
    expect(await applyAll(sim, 'utility-grid', source, 500)).toEqual({ applied: 0, unchanged: truth.served, rejected: 0 });
    const notices = await db.ds.getRepository(UtilityNoticeEntity).findBy({ source: 'demo-grid' });
    const wanted = truth.latest.filter((r) => r.kind === 'UTILITY_NOTICE') as Array<Extract<HubRecord, { kind: 'UTILITY_NOTICE' }>>;
    expect(notices.map((n) => [n.externalId, n.endsAt?.toISOString() ?? null]).sort()).toEqual(wanted.map((n) => [n.externalId, n.endsAt]).sort());
  } finally {
    await sim.stop();
  }
});
