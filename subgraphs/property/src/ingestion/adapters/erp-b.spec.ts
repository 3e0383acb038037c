import { erpB } from './erp-b';

const C = '0192f000-0000-7000-8000-000000000001';
const wo = (over: Record<string, unknown> = {}) => ({
  record_type: 'WO',
  record_no: 'GD20261103001',
  xq_code: C,
  modify_time: '2026-11-03 14:05:00',
  hub_order_id: '',
  repair_type: '管道疏通',
  is_urgent: 0,
  content: '厨房下水道堵塞',
  address: '5幢301',
  status: '处理中',
  worker_name: '赵师傅',
  finish_note: null,
  finish_pics: 'https://img.example.com/a.jpg, https://img.example.com/b.jpg',
  create_time: '2026-11-03 08:00:00',
  finish_time: null,
  ...over,
});

it('maps a work order, reading Beijing time and the picture list', () => {
  expect(erpB.map(wo())).toEqual({
    ok: true,
    record: {
      kind: 'WORK_ORDER',
      externalId: 'GD20261103001',
      compoundId: C,
      hubWorkOrderId: null,
      category: '管道疏通',
      priority: 'NORMAL',
      description: '厨房下水道堵塞',
      place: '5幢301',
      status: 'IN_PROGRESS',
      assigneeName: '赵师傅',
      resolutionNote: null,
      completionPhotoUrls: ['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg'],
      createdAt: '2026-11-03T00:00:00.000Z',
      updatedAt: '2026-11-03T06:05:00.000Z',
      completedAt: null,
    },
  });
  expect(erpB.map(wo({ hub_order_id: 'hub-1', is_urgent: 1, create_time: '2026-11-01 03:00:00' }))).toMatchObject({ ok: true, record: { hubWorkOrderId: 'hub-1', priority: 'URGENT', createdAt: '2026-10-31T19:00:00.000Z' } });
});

it('maps every Chinese status', () => {
  const statuses = { 待派单: 'NEW', 已派单: 'ASSIGNED', 处理中: 'IN_PROGRESS', 已完成: 'COMPLETED', 已取消: 'CANCELLED' };
  for (const [status, hub] of Object.entries(statuses)) expect(erpB.map(wo({ status }))).toMatchObject({ ok: true, record: { status: hub } });
});

it('maps patrols, gate passages and charges', () => {
  const base = { xq_code: C, modify_time: '2026-11-03 00:30:00' };
  expect(erpB.map({ record_type: 'XJ', record_no: 'XJ1', ...base, plan_id: 'p', point_name: '消防通道', patrol_user: '钱', patrol_result: '正常', remark: null, pics: null, patrol_time: '2026-11-03 00:10:00' })).toEqual({
    ok: true,
    record: { kind: 'INSPECTION', externalId: 'XJ1', compoundId: C, planId: 'p', checkpointName: '消防通道', inspector: '钱', result: 'OK', note: null, photoUrls: [], inspectedAt: '2026-11-02T16:10:00.000Z' },
  });
  expect(erpB.map({ record_type: 'DZ', record_no: 'DZ1', ...base, car_no: '浙BD12345', gate_no: 'S2', io_flag: 1, pass_time: '2026-11-03 00:00:00' })).toEqual({
    ok: true,
    record: { kind: 'GATE_EVENT', externalId: 'DZ1', compoundId: C, plate: '浙BD12345', gate: 'S2', direction: 'ENTRY', at: '2026-11-02T16:00:00.000Z' },
  });
  expect(erpB.map({ record_type: 'SF', record_no: 'SF1', ...base, charge_type: 'LS', car_no: null, amount_fen: 1250, pay_time: '2026-11-03 08:00:00' })).toEqual({
    ok: true,
    record: { kind: 'FEE_RECEIPT', externalId: 'SF1', compoundId: C, feeKind: 'PARKING_TEMPORARY', plate: null, amountFen: 1250, receivedAt: '2026-11-03T00:00:00.000Z' },
  });
});

it.each([
  [wo({ status: '已暂停' }), 'status 已暂停 is not a known erp-b status'],
  [wo({ record_type: 'XX' }), 'record_type: Invalid discriminator value'],
  [wo({ modify_time: '2026-11-03T14:05:00+08:00' }), 'modify_time "2026-11-03T14:05:00+08:00" is not a Beijing time'],
  [wo({ create_time: '2026-02-29 08:00:00' }), 'create_time "2026-02-29 08:00:00" is not a Beijing time'],
  [wo({ is_urgent: 2 }), 'is_urgent'],
  [wo({ finish_pics: 'https://x/1.jpg,file:///etc/passwd' }), 'finish_pics "file:///etc/passwd" is not an http(s) URL'],
  [wo({ record_no: 'a b' }), 'record_no: must be 1 to 40'],
  [{ record_type: 'SF', record_no: 'SF2', xq_code: C, modify_time: '2026-11-03 08:00:00', charge_type: 'LS', car_no: null, amount_fen: 12.5, pay_time: '2026-11-03 08:00:00' }, 'amount_fen 12.5 is not a whole number of fen'],
  [{ record_type: 'SF', record_no: 'SF3', xq_code: C, modify_time: '2026-11-03 08:00:00', charge_type: 'LS', car_no: null, amount_fen: '1250', pay_time: '2026-11-03 08:00:00' }, 'amount_fen: expected number'],
  [{ record_type: 'DZ', record_no: 'DZ2', xq_code: C, modify_time: '2026-11-03 08:00:00', car_no: '浙B1', gate_no: 'S2', io_flag: 3, pass_time: '2026-11-03 08:00:00' }, 'io_flag'],
])('refuses %j with a reason naming the field', (raw, reason) => {
  const mapped = erpB.map(raw);
  expect(mapped.ok).toBe(false);
  if (!mapped.ok) expect(mapped.reason).toContain(reason);
});

it('pages by numeric offset', () => {
  expect(erpB.pagePath(null, 100)).toBe('/openapi/records?offset=0&page_size=100');
  expect(erpB.pagePath('300', 100)).toBe('/openapi/records?offset=300&page_size=100');
  expect(erpB.parsePage({ code: 0, msg: 'ok', data: { rows: [1, 2], total: 500, next_offset: 300 } })).toEqual({ records: [1, 2], nextCursor: '300', hasMore: true });
  expect(erpB.parsePage({ code: 0, msg: 'ok', data: { rows: [], total: 500, next_offset: 500 } })).toEqual({ records: [], nextCursor: '500', hasMore: false });
  expect(() => erpB.parsePage({ code: 1001, msg: '签名错误', data: null })).toThrow('erp-b answered code 1001: 签名错误');
});
