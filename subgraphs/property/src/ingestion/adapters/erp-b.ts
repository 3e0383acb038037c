import { z } from 'zod';
import type { SourceAdapter, SourcePage } from '../adapter';
import type { HubRecord } from '../records';
import type { WorkOrderStatus } from '../../work-orders/status';
import { beijingToIso, externalIdSchema, httpUrl, idField, mapWith, parsePushBody, query, refuse } from './common';

/**
 * ERP vendor B: flat snake_case rows with a `record_type` code, paged by a numeric offset.
 *
 *   GET /openapi/records?offset=<n>&page_size=<n>
 *   → { "code": 0, "msg": "ok", "data": { "rows": [ { "record_type": "WO", "record_no": "…", … } ],
 *                                       "total": 1234, "next_offset": 200 } }
 *
 * record_type: WO 工单, XJ 巡检, DZ 道闸, SF 收费. Times are Beijing wall-clock time without a zone
 * ("2026-11-03 14:05:00", UTC+8); amounts are already integer fen; statuses are Chinese words;
 * photo lists are one comma-separated string.
 */
const beijing = z.string();
const base = { record_no: externalIdSchema, xq_code: z.string().min(1).max(36), modify_time: beijing };

const wo = z.object({
  record_type: z.literal('WO'),
  ...base,
  hub_order_id: z.string().max(36).nullable(),
  repair_type: z.string().trim().min(1).max(40),
  is_urgent: z.union([z.literal(0), z.literal(1)]),
  content: z.string().trim().min(1).max(1000),
  address: z.string().max(200).nullable(),
  status: z.string(),
  worker_name: z.string().max(60).nullable(),
  finish_note: z.string().max(500).nullable(),
  finish_pics: z.string().max(10_000).nullable(),
  create_time: beijing,
  finish_time: beijing.nullable(),
});

const xj = z.object({
  record_type: z.literal('XJ'),
  ...base,
  plan_id: z.string().min(1).max(36),
  point_name: z.string().trim().min(1).max(100),
  patrol_user: z.string().trim().min(1).max(60),
  patrol_result: z.enum(['正常', '异常']),
  remark: z.string().max(500).nullable(),
  pics: z.string().max(10_000).nullable(),
  patrol_time: beijing,
});

const dz = z.object({
  record_type: z.literal('DZ'),
  ...base,
  car_no: z.string().min(1).max(20),
  gate_no: z.string().trim().min(1).max(40),
  io_flag: z.union([z.literal(1), z.literal(2)]),
  pass_time: beijing,
});

const sf = z.object({
  record_type: z.literal('SF'),
  ...base,
  charge_type: z.enum(['YK', 'LS']),
  car_no: z.string().max(20).nullable(),
  amount_fen: z.number(),
  pay_time: beijing,
});

const row = z.discriminatedUnion('record_type', [wo, xj, dz, sf]);

const page = z.object({
  code: z.number(),
  msg: z.string(),
  data: z.object({ rows: z.array(z.unknown()), total: z.number().int().min(0), next_offset: z.number().int().min(0) }).nullable(),
});

/** Vendor B's work-order statuses (工单状态) and the hub's. */
export const ERP_B_STATUSES: Readonly<Record<string, WorkOrderStatus>> = {
  待派单: 'NEW',
  已派单: 'ASSIGNED',
  处理中: 'IN_PROGRESS',
  已完成: 'COMPLETED',
  已取消: 'CANCELLED',
};

const at = (value: string, field: string): string => beijingToIso(value) ?? refuse(`${field} "${value}" is not a Beijing time (UTC+8) written YYYY-MM-DD HH:mm:ss on a day that exists`);

function pictures(value: string | null, field: string): string[] {
  const urls = (value ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (urls.length > 20) refuse(`${field} has ${urls.length} pictures, at most 20`);
  for (const url of urls) if (!httpUrl.safeParse(url).success) refuse(`${field} "${url}" is not an http(s) URL`);
  return urls;
}

function convert(r: z.output<typeof row>): HubRecord {
  switch (r.record_type) {
    case 'WO': {
      const status = ERP_B_STATUSES[r.status] ?? refuse(`status ${r.status} is not a known erp-b status (${Object.keys(ERP_B_STATUSES).join('/')})`);
      return {
        kind: 'WORK_ORDER',
        externalId: r.record_no,
        compoundId: r.xq_code,
        hubWorkOrderId: r.hub_order_id?.trim() || null,
        category: r.repair_type,
        priority: r.is_urgent === 1 ? 'URGENT' : 'NORMAL',
        description: r.content,
        place: r.address?.trim() || null,
        status,
        assigneeName: r.worker_name?.trim() || null,
        resolutionNote: r.finish_note?.trim() || null,
        completionPhotoUrls: pictures(r.finish_pics, 'finish_pics'),
        createdAt: at(r.create_time, 'create_time'),
        updatedAt: at(r.modify_time, 'modify_time'),
        completedAt: r.finish_time ? at(r.finish_time, 'finish_time') : null,
      };
    }
    case 'XJ':
      return {
        kind: 'INSPECTION',
        externalId: r.record_no,
        compoundId: r.xq_code,
        planId: r.plan_id,
        checkpointName: r.point_name,
        inspector: r.patrol_user,
        result: r.patrol_result === '异常' ? 'FINDING' : 'OK',
        note: r.remark?.trim() || null,
        photoUrls: pictures(r.pics, 'pics'),
        inspectedAt: at(r.patrol_time, 'patrol_time'),
      };
    case 'DZ':
      return { kind: 'GATE_EVENT', externalId: r.record_no, compoundId: r.xq_code, plate: r.car_no, gate: r.gate_no, direction: r.io_flag === 1 ? 'ENTRY' : 'EXIT', at: at(r.pass_time, 'pass_time') };
    case 'SF': {
      if (!Number.isSafeInteger(r.amount_fen) || r.amount_fen < 0) refuse(`amount_fen ${r.amount_fen} is not a whole number of fen`);
      return {
        kind: 'FEE_RECEIPT',
        externalId: r.record_no,
        compoundId: r.xq_code,
        feeKind: r.charge_type === 'YK' ? 'PARKING_PASS' : 'PARKING_TEMPORARY',
        plate: r.car_no?.trim() || null,
        amountFen: r.amount_fen,
        receivedAt: at(r.pay_time, 'pay_time'),
      };
    }
  }
}

export const erpB: SourceAdapter = {
  name: 'erp-b',
  kind: 'ERP',
  pagePath(cursor, limit) {
    const offset = cursor === null ? 0 : Number(cursor);
    return `/openapi/records${query({ offset: Number.isSafeInteger(offset) && offset >= 0 ? offset : 0, page_size: limit })}`;
  },
  parsePage(body: unknown): SourcePage {
    const parsed = page.safeParse(body);
    if (!parsed.success) throw new Error(`erp-b page is not { code, msg, data: { rows, total, next_offset } }: ${parsed.error.issues[0].path.join('.') || 'body'} ${parsed.error.issues[0].message}`);
    const { code, msg, data } = parsed.data;
    if (code !== 0 || !data) throw new Error(`erp-b answered code ${code}: ${msg}`);
    return { records: data.rows, nextCursor: String(data.next_offset), hasMore: data.next_offset < data.total };
  },
  map: (raw) => mapWith(row, raw, (r) => idField(r, 'record_no'), convert),
  parsePush: parsePushBody,
};
