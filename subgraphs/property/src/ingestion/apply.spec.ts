import { In } from 'typeorm';
import { CompoundScopeEntity, OutboxEvent, openSubgraphDatabase, transaction, uuidv7, type Database } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { propertySubgraph } from '../subgraph';
import { ServiceContractEntity } from '../contracts/service-contract.entity';
import { PropertyFirmEntity } from '../firms/property-firm.entity';
import { ParkingAreaEntity, ParkingEntranceEntity } from '../facilities/parking-area.entity';
import { ParkingFeeEntity, ParkingGateEventEntity, ParkingPricingRuleEntity, ParkingSessionEntity } from '../parking/parking.entities';
import { InspectionCheckpointEntity, InspectionPlanEntity, InspectionRecordEntity } from '../inspections/inspection.entities';
import { UtilityCoverageEntity, UtilityNoticeEntity } from '../utilities/utility.entity';
import { WorkOrderEntity, WorkOrderTransitionEntity } from '../work-orders/work-order.entity';
import { createWorkOrder } from '../work-orders/work-orders.service';
import { applyRecords } from './apply';
import { statusPath } from './apply-work-orders';
import { findIn } from './bulk-sql';
import type { ApplySource, HubRecord, WorkOrderRecord } from './records';

let env: TestEnvironment;
let db: Database;
const FIRM = uuidv7();
const OTHER_FIRM = uuidv7();
const A = uuidv7(); // served by FIRM, gates N1/N2, priced
const A2 = uuidv7(); // served by FIRM, gate S1
const B = uuidv7(); // served by OTHER_FIRM
const UNKNOWN = uuidv7();
const erp: ApplySource = { id: uuidv7(), kind: 'ERP', firmId: FIRM };
const grid: ApplySource = { id: uuidv7(), kind: 'UTILITY', firmId: null };
let planId: string;

const apply = (source: ApplySource, records: HubRecord[]) => transaction(db.ds, (m) => applyRecords(m, source, records));
const events = (topic: string) => db.ds.getRepository(OutboxEvent).find({ where: { topic }, order: { id: 'ASC' } });

function wo(externalId: string, status: WorkOrderRecord['status'], updatedAt: string, over: Partial<WorkOrderRecord> = {}): WorkOrderRecord {
  return {
    kind: 'WORK_ORDER',
    externalId,
    compoundId: A,
    hubWorkOrderId: null,
    category: '水电维修',
    priority: 'NORMAL',
    description: '楼道灯不亮',
    place: '3幢',
    status,
    assigneeName: status === 'NEW' ? null : '王师傅',
    resolutionNote: null,
    completionPhotoUrls: [],
    createdAt: '2026-11-03T01:00:00.000Z',
    updatedAt,
    completedAt: null,
    ...over,
  };
}

beforeAll(async () => {
  env = testEnvironment();
  db = await openSubgraphDatabase(propertySubgraph, env.config);
  const m = db.ds.manager;
  await m.insert(CompoundScopeEntity, [A, A2, B].map((compoundId) => ({ compoundId, regionPath: '330203001,330203,330200' })));
  await m.insert(PropertyFirmEntity, [
    { id: FIRM, name: '甬城物业', creditCode: '91330203MA2CJ8QW1M' },
    { id: OTHER_FIRM, name: '海曙物业', creditCode: '91330203MA2AAAAA1X' },
  ]);
  const contract = (compoundId: string, firmId: string) => ({ id: uuidv7(), compoundId, firmId, model: 'STANDARD' as const, startsOn: '2026-01-01', endsOn: null, feeFenPerM2Month: 100, status: 'ACTIVE' as const });
  await m.insert(ServiceContractEntity, [contract(A, FIRM), contract(A2, FIRM), contract(B, OTHER_FIRM)]);
  const area = uuidv7();
  const area2 = uuidv7();
  await m.insert(ParkingAreaEntity, [
    { id: area, compoundId: A, name: '地面', underground: false },
    { id: area2, compoundId: A2, name: '地面', underground: false },
  ]);
  await m.insert(ParkingEntranceEntity, [
    { id: uuidv7(), areaId: area, compoundId: A, name: '北门', gateCode: 'N1' },
    { id: uuidv7(), areaId: area, compoundId: A, name: '北门出', gateCode: 'N2' },
    { id: uuidv7(), areaId: area2, compoundId: A2, name: '南门', gateCode: 'S1' },
  ]);
  await m.insert(ParkingPricingRuleEntity, [A, A2].map((compoundId) => ({ id: uuidv7(), compoundId, plateClass: 'VISITOR' as const, freeMinutes: 30, hourlyFen: 500, dailyCapFen: 5000, monthlyPassFen: null })));
  planId = uuidv7();
  await m.insert(InspectionPlanEntity, { id: planId, compoundId: A, firmId: FIRM, name: '夜间巡检', intervalHours: 24, startsAt: new Date('2026-01-01T00:00:00Z'), active: true, endsAt: null });
  await m.insert(InspectionCheckpointEntity, [
    { id: uuidv7(), planId, sequence: 1, name: '泵房', location: '地下一层' },
    { id: uuidv7(), planId, sequence: 2, name: '消防通道', location: null },
  ]);
});

afterAll(async () => {
  await db?.ds.destroy();
  await env?.cleanup();
});

it('finds the implied steps of a status jump', () => {
  expect(statusPath('NEW', 'COMPLETED')).toEqual(['ASSIGNED', 'IN_PROGRESS', 'COMPLETED']);
  expect(statusPath('NEW', 'CANCELLED')).toEqual(['CANCELLED']);
  expect(statusPath('ASSIGNED', 'ASSIGNED')).toEqual([]);
  expect(statusPath('IN_PROGRESS', 'ASSIGNED')).toBeNull();
  expect(statusPath('COMPLETED', 'CANCELLED')).toBeNull();
});

describe('a firm’s own ERP work orders', () => {
  it('creates once, and a redelivery changes nothing', async () => {
    const first = await apply(erp, [wo('E-1', 'NEW', '2026-11-03T01:00:00.000Z')]);
    expect(first).toEqual({ applied: 1, unchanged: 0, rejected: [] });
    const order = await db.ds.getRepository(WorkOrderEntity).findOneByOrFail({ source: 'ERP', sourceRef: `${FIRM}:E-1` });
    expect(order).toMatchObject({ compoundId: A, firmId: FIRM, status: 'NEW', category: '水电维修', sourceUpdatedAt: new Date('2026-11-03T01:00:00.000Z') });
    const again = await apply(erp, [wo('E-1', 'NEW', '2026-11-03T01:00:00.000Z')]);
    expect(again).toEqual({ applied: 0, unchanged: 1, rejected: [] });
    expect(await db.ds.getRepository(WorkOrderEntity).countBy({ sourceRef: `${FIRM}:E-1` })).toBe(1);
    expect(await db.ds.getRepository(WorkOrderTransitionEntity).countBy({ workOrderId: order.id })).toBe(1);
  });

  it('records every step a jump implies, and an older version never overwrites a newer one', async () => {
    await apply(erp, [wo('E-2', 'NEW', '2026-11-03T01:00:00.000Z')]);
    const done = wo('E-2', 'COMPLETED', '2026-11-03T05:00:00.000Z', { completedAt: '2026-11-03T04:30:00.000Z', resolutionNote: '已更换' });
    expect(await apply(erp, [done])).toEqual({ applied: 1, unchanged: 0, rejected: [] });
    // a page from before, delivered late
    expect(await apply(erp, [wo('E-2', 'IN_PROGRESS', '2026-11-03T03:00:00.000Z')])).toEqual({ applied: 0, unchanged: 1, rejected: [] });
    const order = await db.ds.getRepository(WorkOrderEntity).findOneByOrFail({ sourceRef: `${FIRM}:E-2` });
    expect(order).toMatchObject({ status: 'COMPLETED', resolutionNote: '已更换', assigneeName: '王师傅', completedAt: new Date('2026-11-03T04:30:00.000Z'), startedAt: new Date('2026-11-03T05:00:00.000Z') });
    const history = await db.ds.getRepository(WorkOrderTransitionEntity).find({ where: { workOrderId: order.id }, order: { id: 'ASC' } });
    expect(history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
      [null, 'NEW'],
      ['NEW', 'ASSIGNED'],
      ['ASSIGNED', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'COMPLETED'],
    ]);
    expect(history[1].note).toContain('implied by ERP order E-2');
    expect(history[3].note).toBe('ERP order E-2 of 2026-11-03T05:00:00.000Z');
    expect(history.every((h) => h.byRole === 'INTEGRATION' && h.bySub === erp.id)).toBe(true);
    // a firm's own order has no request waiting on it
    expect((await events('WorkOrderCompleted')).filter((e) => e.aggregateId === order.id)).toHaveLength(0);
  });

  it('applies versions of one batch oldest first, whatever their order', async () => {
    const outcome = await apply(erp, [
      wo('E-3', 'IN_PROGRESS', '2026-11-03T03:00:00.000Z'),
      wo('E-3', 'NEW', '2026-11-03T01:00:00.000Z'),
      wo('E-3', 'ASSIGNED', '2026-11-03T02:00:00.000Z', { assigneeName: '李师傅' }),
      wo('E-3', 'ASSIGNED', '2026-11-03T02:00:00.000Z', { assigneeName: '李师傅' }),
    ]);
    expect(outcome).toEqual({ applied: 3, unchanged: 1, rejected: [] });
    const order = await db.ds.getRepository(WorkOrderEntity).findOneByOrFail({ sourceRef: `${FIRM}:E-3` });
    expect(order.status).toBe('IN_PROGRESS');
    const history = await db.ds.getRepository(WorkOrderTransitionEntity).find({ where: { workOrderId: order.id }, order: { id: 'ASC' } });
    expect(history.map((h) => h.toStatus)).toEqual(['NEW', 'ASSIGNED', 'IN_PROGRESS']);
  });

  it('rejects what it may not apply, with reasons, and applies the rest', async () => {
    await apply(erp, [wo('E-4', 'COMPLETED', '2026-11-03T05:00:00.000Z')]);
    const outcome = await apply(erp, [
      wo('E-5', 'NEW', '2026-11-03T01:00:00.000Z', { compoundId: UNKNOWN }),
      wo('E-6', 'NEW', '2026-11-03T01:00:00.000Z', { compoundId: B }),
      wo('E-7', 'NEW', '2026-11-03T01:00:00.000Z', { createdAt: '2025-12-31T10:00:00.000Z' }),
      wo('E-4', 'IN_PROGRESS', '2026-11-03T06:00:00.000Z'),
      wo('E-8', 'NEW', '2026-11-03T01:00:00.000Z'),
      wo('E-9', 'NEW', '2026-11-03T01:00:00.000Z', { hubWorkOrderId: uuidv7() }),
    ]);
    expect(outcome.applied).toBe(1);
    expect(outcome.rejected).toEqual([
      { index: 0, externalId: 'E-5', reason: `compound ${UNKNOWN} is not known to the hub` },
      { index: 1, externalId: 'E-6', reason: `firm ${FIRM} does not serve compound ${B} on 2026-11-03` },
      { index: 2, externalId: 'E-7', reason: `firm ${FIRM} does not serve compound ${A} on 2025-12-31` },
      { index: 3, externalId: 'E-4', reason: 'work order E-4 is COMPLETED and cannot become IN_PROGRESS' },
      { index: 5, externalId: 'E-9', reason: expect.stringContaining('is not a work order of the hub') },
    ]);
    expect(await db.ds.getRepository(WorkOrderEntity).countBy({ sourceRef: In([`${FIRM}:E-5`, `${FIRM}:E-6`, `${FIRM}:E-7`]) })).toBe(0);
    expect((await db.ds.getRepository(WorkOrderEntity).findOneByOrFail({ sourceRef: `${FIRM}:E-4` })).status).toBe('COMPLETED');
  });

  it('costs the same statements for 500 orders as for 10', async () => {
    const spent = async (n: number, tag: string) => {
      const records = Array.from({ length: n }, (_, i) => wo(`${tag}-${i}`, 'COMPLETED', '2026-11-03T02:00:00.000Z'));
      const before = db.statements.count;
      const outcome = await apply(erp, records);
      expect(outcome).toEqual({ applied: n, unchanged: 0, rejected: [] });
      const created = db.statements.count - before;
      const again = db.statements.count;
      expect(await apply(erp, records)).toEqual({ applied: 0, unchanged: n, rejected: [] });
      return { created, redelivered: db.statements.count - again };
    };
    const small = await spent(10, 'S');
    const large = await spent(500, 'L');
    expect(large).toEqual(small);
    // begin, compounds, contracts, orders, upsert, transitions, commit
    expect(small.created).toBeLessThanOrEqual(8);
    expect(await db.ds.getRepository(WorkOrderTransitionEntity).count({ where: { workOrderId: In((await db.ds.getRepository(WorkOrderEntity).find({ select: { id: true }, where: { sourceRef: In([`${FIRM}:L-0`, `${FIRM}:L-499`]) } })).map((o) => o.id)) } })).toBe(8);
  });
});

describe('hub orders the firm works in its ERP', () => {
  const hubOrder = async (requestId: string) =>
    transaction(db.ds, (m) =>
      createWorkOrder(m, { compoundId: A, source: 'RESIDENT_REQUEST', sourceRef: `${requestId}#2`, requestId, category: '漏水', priority: 'URGENT', description: '楼上漏水', createdAt: new Date('2026-11-03T00:00:00Z'), by: { role: 'EVENT', sub: 'e' } }),
    );

  it('completes once: WorkOrderCompleted with the request and its round, never twice', async () => {
    const requestId = uuidv7();
    const order = await hubOrder(requestId);
    expect(order.firmId).toBe(FIRM);
    const noPhoto = wo('H-1', 'COMPLETED', '2026-11-03T06:00:00.000Z', { hubWorkOrderId: order.id });
    expect((await apply(erp, [noPhoto])).rejected).toEqual([{ index: 0, externalId: 'H-1', reason: `completionPhotoUrls: hub work order ${order.id} is completed with at least one photo of the result` }]);
    const done = { ...noPhoto, completionPhotoUrls: ['https://img.example.com/fixed.jpg'], completedAt: '2026-11-03T05:50:00.000Z', description: 'ERP text that must not replace the resident’s' };
    expect(await apply(erp, [done])).toEqual({ applied: 1, unchanged: 0, rejected: [] });
    expect(await apply(erp, [done])).toEqual({ applied: 0, unchanged: 1, rejected: [] });
    expect(await apply(erp, [{ ...done, updatedAt: '2026-11-03T07:00:00.000Z' }])).toEqual({ applied: 1, unchanged: 0, rejected: [] });
    const sent = (await events('WorkOrderCompleted')).filter((e) => e.aggregateId === order.id);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0].payload)).toEqual({
      workOrderId: order.id,
      requestId,
      compoundId: A,
      firmId: FIRM,
      photoUrls: ['https://img.example.com/fixed.jpg'],
      completedAt: '2026-11-03T05:50:00.000Z',
      requestRound: 2,
    });
    expect(await db.ds.getRepository(WorkOrderEntity).findOneByOrFail({ id: order.id })).toMatchObject({ status: 'COMPLETED', description: '楼上漏水' });
  });

  it('cancels once: WorkOrderCancelled with the firm’s reason', async () => {
    const requestId = uuidv7();
    const order = await hubOrder(requestId);
    const cancel = wo('H-2', 'CANCELLED', '2026-11-03T06:00:00.000Z', { hubWorkOrderId: order.id, resolutionNote: '业主自行维修' });
    expect(await apply(erp, [cancel, cancel])).toEqual({ applied: 1, unchanged: 1, rejected: [] });
    expect(await apply(erp, [cancel])).toEqual({ applied: 0, unchanged: 1, rejected: [] });
    const sent = (await events('WorkOrderCancelled')).filter((e) => e.aggregateId === order.id);
    expect(sent.map((e) => JSON.parse(e.payload))).toEqual([
      { workOrderId: order.id, requestId, requestRound: 2, compoundId: A, firmId: FIRM, reason: '业主自行维修', cancelledAt: '2026-11-03T06:00:00.000Z' },
    ]);
  });

  it('refuses another firm’s order', async () => {
    const order = await hubOrder(uuidv7());
    const other: ApplySource = { id: uuidv7(), kind: 'ERP', firmId: OTHER_FIRM };
    const outcome = await apply(other, [wo('H-3', 'ASSIGNED', '2026-11-03T06:00:00.000Z', { hubWorkOrderId: order.id })]);
    expect(outcome.rejected[0].reason).toBe(`firm ${OTHER_FIRM} does not serve compound ${A} on 2026-11-03`);
  });
});

describe('parking', () => {
  const gate = (externalId: string, compoundId: string, gateCode: string, direction: 'ENTRY' | 'EXIT', at: string): HubRecord => ({ kind: 'GATE_EVENT', externalId, compoundId, plate: '浙B·12345', gate: gateCode, direction, at });

  it('runs gate events through the parking logic, refusing only the compound with an unknown gate', async () => {
    const batch = [
      gate('G-1', A, 'N1', 'ENTRY', '2026-11-03T01:00:00.000Z'),
      gate('G-2', A2, 'X9', 'ENTRY', '2026-11-03T01:00:00.000Z'),
      gate('G-3', A, 'N2', 'EXIT', '2026-11-03T03:00:00.000Z'),
      gate('G-4', A2, 'S1', 'EXIT', '2026-11-03T03:00:00.000Z'),
      gate('G-5', A, 'N1', 'ENTRY', '2126-11-03T03:00:00.000Z'),
    ];
    const outcome = await apply(erp, batch);
    expect(outcome.applied).toBe(2);
    expect(outcome.rejected.map((r) => [r.index, r.externalId])).toEqual([
      [1, 'G-2'],
      [3, 'G-4'],
      [4, 'G-5'],
    ]);
    expect(outcome.rejected[0].reason).toBe(`the gate events of compound ${A2} in this batch were refused together: record 1.gate "X9" is not a gate of this compound; its entrance gates are S1`);
    expect(outcome.rejected[2].reason).toBe('at 2126-11-03T03:00:00.000Z is in the future');
    const session = await db.ds.getRepository(ParkingSessionEntity).findOneByOrFail({ compoundId: A });
    // two hours, 30 free minutes, 5 yuan an hour begun
    expect(session).toMatchObject({ plate: '浙B12345', status: 'CLOSED', feeFen: 1000 });
    expect(await apply(erp, batch.slice(0, 1).concat(batch.slice(2, 3)))).toEqual({ applied: 0, unchanged: 2, rejected: [] });
    expect(await db.ds.getRepository(ParkingGateEventEntity).countBy({ compoundId: A })).toBe(2);
    expect(await db.ds.getRepository(ParkingGateEventEntity).countBy({ compoundId: A2 })).toBe(0);
    const fees = (await events('ParkingFeeCollected')).map((e) => JSON.parse(e.payload)).filter((p) => p.compoundId === A && p.amountFen === 1000);
    expect(fees).toHaveLength(1);
  });

  it('books a fee receipt once, and refuses one that changed', async () => {
    const receipt: HubRecord = { kind: 'FEE_RECEIPT', externalId: 'R-1', compoundId: A, feeKind: 'PARKING_PASS', plate: '浙A88888', amountFen: 30000, receivedAt: '2026-11-03T02:00:00.000Z' };
    const zero: HubRecord = { ...receipt, externalId: 'R-0', amountFen: 0 };
    expect(await apply(erp, [receipt, zero])).toEqual({ applied: 1, unchanged: 0, rejected: [{ index: 1, externalId: 'R-0', reason: 'amountFen 0: a receipt books a whole number of fen above 0' }] });
    expect(await apply(erp, [receipt])).toEqual({ applied: 0, unchanged: 1, rejected: [] });
    const changed = await apply(erp, [{ ...receipt, amountFen: 29900 }]);
    expect(changed.rejected[0].reason).toContain('receipt R-1 was already booked as 30000 fen');
    const fee = await db.ds.getRepository(ParkingFeeEntity).findOneByOrFail({ receiptRef: `${FIRM}:R-1` });
    expect(fee).toMatchObject({ kind: 'MONTHLY_PASS', plate: '浙A88888', plateClass: 'VISITOR', amountFen: 30000, sessionId: null });
    const sent = (await events('ParkingFeeCollected')).filter((e) => JSON.parse(e.payload).feeId === fee.id);
    expect(sent.map((e) => JSON.parse(e.payload))).toEqual([{ feeId: fee.id, compoundId: A, plateClass: 'VISITOR', amountFen: 30000, collectedAt: '2026-11-03T02:00:00.000Z' }]);
  });
});

it('keeps inspection visits once and opens a work order for a finding', async () => {
  const visit = (externalId: string, over: Partial<HubRecord> = {}): HubRecord => ({
    kind: 'INSPECTION',
    externalId,
    compoundId: A,
    planId,
    checkpointName: '泵房',
    inspector: '李四',
    result: 'OK',
    note: null,
    photoUrls: [],
    inspectedAt: '2026-11-03T14:00:00.000Z',
    ...(over as object),
  });
  const batch = [visit('X-1'), visit('X-2', { result: 'FINDING', note: '水泵漏水' }), visit('X-3', { checkpointName: '屋顶' }), visit('X-4', { result: 'FINDING' })];
  const outcome = await apply(erp, batch);
  expect(outcome).toEqual({
    applied: 2,
    unchanged: 0,
    rejected: [
      { index: 2, externalId: 'X-3', reason: `checkpointName "屋顶" is not on the route of plan ${planId}` },
      { index: 3, externalId: 'X-4', reason: 'note: a FINDING must say what was found; it becomes the work order’s description' },
    ],
  });
  expect(await apply(erp, batch.slice(0, 2))).toEqual({ applied: 0, unchanged: 2, rejected: [] });
  const finding = await db.ds.getRepository(InspectionRecordEntity).findOneByOrFail({ sourceRef: `${FIRM}:X-2` });
  const order = await db.ds.getRepository(WorkOrderEntity).findOneByOrFail({ id: finding.workOrderId! });
  expect(order).toMatchObject({ source: 'INSPECTION', sourceRef: finding.id, description: '水泵漏水', place: '地下一层', firmId: FIRM, status: 'NEW' });
  expect(await db.ds.getRepository(InspectionRecordEntity).countBy({ planId })).toBe(2);
});

it('keeps utility coverage and notices by their keys; an older report changes nothing', async () => {
  const coverage = (connected: number, reportedAt: string): HubRecord => ({ kind: 'UTILITY_COVERAGE', externalId: `c-${reportedAt}`, compoundId: A, utility: 'GAS', provider: '华润燃气', householdsConnected: connected, householdsTotal: 500, reportedAt });
  const outage: HubRecord = { kind: 'UTILITY_NOTICE', externalId: 'o-1', compoundId: A, utility: 'POWER', noticeKind: 'OUTAGE', title: '线路故障停电', startsAt: '2026-11-03T01:00:00.000Z', endsAt: null };
  expect(await apply(grid, [coverage(480, '2026-11-02T00:00:00.000Z'), outage, { ...outage, externalId: 'o-2', compoundId: UNKNOWN }])).toMatchObject({
    applied: 2,
    unchanged: 0,
    rejected: [{ index: 2, reason: `compound ${UNKNOWN} is not known to the hub` }],
  });
  expect(await apply(grid, [coverage(470, '2026-11-01T00:00:00.000Z'), outage])).toEqual({ applied: 0, unchanged: 2, rejected: [] });
  expect(await apply(grid, [{ ...outage, endsAt: '2026-11-03T05:00:00.000Z' }])).toEqual({ applied: 1, unchanged: 0, rejected: [] });
  // the version from before its end, delivered again, does not reopen it
  expect(await apply(grid, [outage])).toEqual({ applied: 0, unchanged: 1, rejected: [] });
  expect(await db.ds.getRepository(UtilityCoverageEntity).findOneByOrFail({ compoundId: A, utility: 'GAS' })).toMatchObject({ householdsConnected: 480 });
  const notices = await db.ds.getRepository(UtilityNoticeEntity).findBy({ source: grid.id });
  expect(notices).toHaveLength(1);
  expect(notices[0].endsAt).toEqual(new Date('2026-11-03T05:00:00.000Z'));
  expect((await apply(erp, [outage])).rejected[0].reason).toBe('a ERP source does not send UTILITY_NOTICE records');
});

describe.each(['erp-a', 'erp-b'] as const)('a simulated %s feed, mapped and applied page by page', (shape) => {
  it('ends with the hub holding exactly what the ERP says, and a second pass changes nothing', async () => {
    const { startErpSimulator } = await import('../../../../infra/simulators/src');
    const { ADAPTERS } = await import('./adapters');
    const firm = uuidv7();
    const compound = uuidv7();
    const m = db.ds.manager;
    await m.insert(CompoundScopeEntity, { compoundId: compound, regionPath: '330203001,330203,330200' });
    await m.insert(PropertyFirmEntity, { id: firm, name: `模拟物业${shape}`, creditCode: shape === 'erp-a' ? '91330203MA2BBBBB1X' : '91330203MA2CCCCC1X' });
    await m.insert(ServiceContractEntity, { id: uuidv7(), compoundId: compound, firmId: firm, model: 'STANDARD', startsOn: '2026-01-01', endsOn: null, feeFenPerM2Month: 100, status: 'ACTIVE' });
    const area = uuidv7();
    await m.insert(ParkingAreaEntity, { id: area, compoundId: compound, name: '地面', underground: false });
    await m.insert(ParkingEntranceEntity, [
      { id: uuidv7(), areaId: area, compoundId: compound, name: '东门', gateCode: 'E1' },
      { id: uuidv7(), areaId: area, compoundId: compound, name: '西门', gateCode: 'W1' },
    ]);
    await m.insert(ParkingPricingRuleEntity, { id: uuidv7(), compoundId: compound, plateClass: 'VISITOR', freeMinutes: 15, hourlyFen: 300, dailyCapFen: 3000, monthlyPassFen: null });
    const plan = uuidv7();
    await m.insert(InspectionPlanEntity, { id: plan, compoundId: compound, firmId: firm, name: '日巡', intervalHours: 24, startsAt: new Date('2026-01-01T00:00:00Z'), active: true, endsAt: null });
    await m.insert(InspectionCheckpointEntity, [
      { id: uuidv7(), planId: plan, sequence: 1, name: '配电房', location: null },
      { id: uuidv7(), planId: plan, sequence: 2, name: '水箱', location: null },
    ]);
    const sim = await startErpSimulator({ shape, seed: `apply-${shape}`, firmId: firm, compounds: [{ id: compound, gates: ['E1', 'W1'], inspection: { planId: plan, checkpoints: ['配电房', '水箱'] } }], records: 600, knobs: { duplicateRate: 0.05 } });
    try {
      const source: ApplySource = { id: uuidv7(), kind: 'ERP', firmId: firm };
      const adapter = ADAPTERS[shape];
      const raws = sim.pushBody(0, sim.expected().served).records;
      const pass = async () => {
        const total = { applied: 0, unchanged: 0, rejected: 0 };
        for (let i = 0; i < raws.length; i += 100) {
          const records = raws.slice(i, i + 100).map((r) => adapter.map(r)).map((r) => (r.ok ? r.record : null)).filter((r): r is HubRecord => r !== null);
          const outcome = await apply(source, records);
          total.applied += outcome.applied;
          total.unchanged += outcome.unchanged;
          total.rejected += outcome.rejected.length;
        }
        return total;
      };
      const truth = sim.expected();
      const first = await pass();
      expect(first).toEqual({ applied: truth.records.length, unchanged: truth.duplicates.length, rejected: 0 });
      expect(await pass()).toEqual({ applied: 0, unchanged: truth.served, rejected: 0 });

      const latest = truth.latest;
      const orders = await db.ds.getRepository(WorkOrderEntity).find({ where: { compoundId: compound, source: 'ERP' } });
      const wanted = latest.filter((r) => r.kind === 'WORK_ORDER');
      expect(orders.map((o) => [o.sourceRef, o.status]).sort()).toEqual(wanted.map((r) => [`${firm}:${r.externalId}`, (r as WorkOrderRecord).status]).sort());
      expect(await db.ds.getRepository(ParkingGateEventEntity).countBy({ compoundId: compound })).toBe(latest.filter((r) => r.kind === 'GATE_EVENT').length);
      expect(await db.ds.getRepository(InspectionRecordEntity).countBy({ planId: plan })).toBe(latest.filter((r) => r.kind === 'INSPECTION').length);
      const receipts = latest.filter((r) => r.kind === 'FEE_RECEIPT') as Array<Extract<HubRecord, { kind: 'FEE_RECEIPT' }>>;
      const fees = await db.ds.getRepository(ParkingFeeEntity).find({ where: { compoundId: compound } });
      const receiptFees = fees.filter((f) => f.receiptRef !== null);
      expect(receiptFees.map((f) => Number(f.amountFen)).reduce((a, b) => a + b, 0)).toBe(receipts.reduce((a, r) => a + r.amountFen, 0));
      // every fee (receipts and stays) announced exactly once
      const announced = (await events('ParkingFeeCollected')).map((e) => JSON.parse(e.payload).feeId as string);
      expect(fees.every((f) => announced.filter((id) => id === f.id).length === 1)).toBe(true);
    } finally {
      await sim.stop();
    }
  });
});

it('rejects an external id too long to key by', async () => {
  expect(await apply(erp, [wo('y'.repeat(41), 'NEW', '2026-11-03T01:00:00.000Z')])).toEqual({
    applied: 0,
    unchanged: 0,
    rejected: [{ index: 0, externalId: 'y'.repeat(41), reason: 'externalId must be 1 to 40 characters without spaces' }],
  });
});

it('reads entities by plain SQL exactly as TypeORM’s find does, locked when asked', async () => {
  const refs = [`${FIRM}:E-1`, `${FIRM}:E-2`, `${FIRM}:E-3`];
  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
  const viaFind = await db.ds.getRepository(WorkOrderEntity).find({ where: { source: 'ERP', sourceRef: In(refs) } });
  expect(viaFind).toHaveLength(3);
  const viaSql = await transaction(db.ds, (m) => findIn(m, WorkOrderEntity, [{ column: 'sourceRef', values: refs, and: { source: 'ERP' } }, { column: 'id', values: [] }], { lock: true }));
  expect(viaSql.every((o) => o instanceof WorkOrderEntity)).toBe(true);
  expect(byId(viaSql)).toEqual(byId(viaFind));
  const fees = await transaction(db.ds, (m) => findIn(m, ParkingFeeEntity, [{ column: 'receiptRef', values: [`${FIRM}:R-1`, `${FIRM}:none`] }]));
  expect(fees).toEqual(await db.ds.getRepository(ParkingFeeEntity).findBy({ receiptRef: `${FIRM}:R-1` }));
  expect(await transaction(db.ds, (m) => findIn(m, WorkOrderEntity, [{ column: 'id', values: [] }]))).toEqual([]);
});
