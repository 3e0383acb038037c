import { erpA } from './erp-a';
import { adapterByName } from './index';

const C = '0192f000-0000-7000-8000-000000000001';
const workOrder = (over: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  type: 'workOrder',
  id: 'WO-1001',
  updatedAt: '2026-11-03T14:05:00+08:00',
  data: {
    communityId: C,
    hubTicketId: null,
    category: '水电维修',
    urgency: 'urgent',
    summary: '3幢楼道灯不亮',
    location: '3幢2单元',
    state: 'done',
    handler: '王师傅',
    resolution: '更换灯泡',
    photos: ['https://img.example.com/1.jpg'],
    createdAt: '2026-11-03T09:00:00+08:00',
    finishedAt: '2026-11-03T14:00:00+08:00',
    ...data,
  },
  ...over,
});

it('is registered by name', () => {
  expect(adapterByName('erp-a')).toBe(erpA);
  expect(adapterByName('toString')).toBeUndefined();
});

it('maps a work order', () => {
  expect(erpA.map(workOrder())).toEqual({
    ok: true,
    record: {
      kind: 'WORK_ORDER',
      externalId: 'WO-1001',
      compoundId: C,
      hubWorkOrderId: null,
      category: '水电维修',
      priority: 'URGENT',
      description: '3幢楼道灯不亮',
      place: '3幢2单元',
      status: 'COMPLETED',
      assigneeName: '王师傅',
      resolutionNote: '更换灯泡',
      completionPhotoUrls: ['https://img.example.com/1.jpg'],
      createdAt: '2026-11-03T01:00:00.000Z',
      updatedAt: '2026-11-03T06:05:00.000Z',
      completedAt: '2026-11-03T06:00:00.000Z',
    },
  });
});

it('maps every state', () => {
  const states = { open: 'NEW', assigned: 'ASSIGNED', working: 'IN_PROGRESS', done: 'COMPLETED', void: 'CANCELLED' };
  for (const [state, status] of Object.entries(states)) expect(erpA.map(workOrder({}, { state }))).toMatchObject({ ok: true, record: { status } });
});

it('maps inspections, gate events and fee receipts', () => {
  expect(
    erpA.map({ type: 'inspection', id: 'XJ-1', updatedAt: '2026-11-03T10:00:00Z', data: { communityId: C, planId: 'p1', checkpoint: '泵房', inspector: '李四', outcome: 'issue', remark: '漏水', photos: [], inspectedAt: '2026-11-03T09:30:00+08:00' } }),
  ).toEqual({ ok: true, record: { kind: 'INSPECTION', externalId: 'XJ-1', compoundId: C, planId: 'p1', checkpointName: '泵房', inspector: '李四', result: 'FINDING', note: '漏水', photoUrls: [], inspectedAt: '2026-11-03T01:30:00.000Z' } });
  expect(erpA.map({ type: 'gateEvent', id: 'G-1', updatedAt: '2026-11-03T10:00:00Z', data: { communityId: C, plateNo: '浙B12345', gateCode: 'N1', direction: 'out', passedAt: '2026-11-03T10:00:00Z' } })).toEqual({
    ok: true,
    record: { kind: 'GATE_EVENT', externalId: 'G-1', compoundId: C, plate: '浙B12345', gate: 'N1', direction: 'EXIT', at: '2026-11-03T10:00:00.000Z' },
  });
  expect(erpA.map({ type: 'feeReceipt', id: 'F-1', updatedAt: '2026-11-03T10:00:00Z', data: { communityId: C, feeType: 'monthlyPass', plateNo: '浙B12345', amount: '0.29', paidAt: '2026-11-03T18:00:00+08:00' } })).toEqual({
    ok: true,
    record: { kind: 'FEE_RECEIPT', externalId: 'F-1', compoundId: C, feeKind: 'PARKING_PASS', plate: '浙B12345', amountFen: 29, receivedAt: '2026-11-03T10:00:00.000Z' },
  });
});

it.each([
  [null, 'record: expected object'],
  [{ ...workOrder(), type: 'invoice' }, 'type: Invalid discriminator value'],
  [workOrder({ id: '' }), 'id: must be 1 to 40'],
  [workOrder({ id: 'x'.repeat(41) }), 'id: must be 1 to 40'],
  [workOrder({}, { state: 'paused' }), 'data.state paused is not a known erp-a state'],
  [workOrder({}, { urgency: 'high' }), 'data.urgency'],
  [workOrder({}, { summary: '  ' }), 'data.summary'],
  [workOrder({}, { photos: ['ftp://x/1.jpg'] }), 'data.photos.0: must be an http(s) URL'],
  [workOrder({}, { createdAt: '2026-11-03 09:00:00' }), 'data.createdAt "2026-11-03 09:00:00" is not an instant with an offset'],
  [workOrder({ updatedAt: 'yesterday' }), 'updatedAt "yesterday" is not an instant'],
  [workOrder({}, { finishedAt: '2026-11-03T25:00:00Z' }), 'data.finishedAt'],
  [workOrder({}, { communityId: undefined }), 'data.communityId'],
])('refuses %j with a reason naming the field', (raw, reason) => {
  const mapped = erpA.map(raw);
  expect(mapped.ok).toBe(false);
  if (!mapped.ok) expect(mapped.reason).toContain(reason);
});

it.each(['12.5x', '-3.00', '1.005', '', '1e2'])('refuses amount %j', (amount) => {
  const mapped = erpA.map({ type: 'feeReceipt', id: 'F-2', updatedAt: '2026-11-03T10:00:00Z', data: { communityId: C, feeType: 'temporary', plateNo: null, amount, paidAt: '2026-11-03T10:00:00Z' } });
  expect(mapped).toEqual({ ok: false, externalId: 'F-2', reason: `data.amount "${amount}" is not a yuan amount (digits with up to two decimals, e.g. 12.50)` });
});

it('builds page paths and reads pages', () => {
  expect(erpA.pagePath(null, 200)).toBe('/api/v1/changes?limit=200');
  expect(erpA.pagePath('c/42 x', 50)).toBe('/api/v1/changes?since=c%2F42%20x&limit=50');
  expect(erpA.parsePage({ items: [1], next: 'c2', more: true })).toEqual({ records: [1], nextCursor: 'c2', hasMore: true });
  expect(() => erpA.parsePage({ items: 'nope' })).toThrow(/erp-a page is not/);
});
