import { z } from 'zod';
import type { SourceAdapter, SourcePage } from '../adapter';
import type { HubRecord } from '../records';
import type { WorkOrderStatus } from '../../work-orders/status';
import { externalIdSchema, httpUrl, idField, mapWith, offsetInstantToIso, parsePushBody, query, refuse, yuanToFen } from './common';

/**
 * ERP vendor A: a JSON REST change feed in camelCase.
 *
 *   GET /api/v1/changes?since=<cursor>&limit=<n>
 *   → { "items": [ { "type": "workOrder"|"inspection"|"gateEvent"|"feeReceipt",
 *                    "id": "WO-1001", "updatedAt": "2026-11-03T14:05:00+08:00", "data": { … } } ],
 *       "next": "<opaque cursor>", "more": true }
 *
 * Times carry their offset; money is in yuan as a decimal string ("12.50"), converted exactly to fen.
 */
const instant = z.string().min(1);
const compound = z.string().min(1).max(36);

const workOrder = z.object({
  communityId: compound,
  hubTicketId: z.string().min(1).max(36).nullable(),
  category: z.string().trim().min(1).max(40),
  urgency: z.enum(['normal', 'urgent']),
  summary: z.string().trim().min(1).max(1000),
  location: z.string().max(200).nullable(),
  state: z.string(),
  handler: z.string().max(60).nullable(),
  resolution: z.string().max(500).nullable(),
  photos: z.array(httpUrl).max(20),
  createdAt: instant,
  finishedAt: instant.nullable(),
});

const inspection = z.object({
  communityId: compound,
  planId: z.string().min(1).max(36),
  checkpoint: z.string().trim().min(1).max(100),
  inspector: z.string().trim().min(1).max(60),
  outcome: z.enum(['ok', 'issue']),
  remark: z.string().max(500).nullable(),
  photos: z.array(httpUrl).max(20),
  inspectedAt: instant,
});

const gateEvent = z.object({
  communityId: compound,
  plateNo: z.string().min(1).max(20),
  gateCode: z.string().trim().min(1).max(40),
  direction: z.enum(['in', 'out']),
  passedAt: instant,
});

const feeReceipt = z.object({
  communityId: compound,
  feeType: z.enum(['monthlyPass', 'temporary']),
  plateNo: z.string().min(1).max(20).nullable(),
  amount: z.string(),
  paidAt: instant,
});

const item = z.discriminatedUnion('type', [
  z.object({ type: z.literal('workOrder'), id: externalIdSchema, updatedAt: instant, data: workOrder }),
  z.object({ type: z.literal('inspection'), id: externalIdSchema, updatedAt: instant, data: inspection }),
  z.object({ type: z.literal('gateEvent'), id: externalIdSchema, updatedAt: instant, data: gateEvent }),
  z.object({ type: z.literal('feeReceipt'), id: externalIdSchema, updatedAt: instant, data: feeReceipt }),
]);

const page = z.object({ items: z.array(z.unknown()), next: z.string().nullable(), more: z.boolean() });

/** Vendor A's work-order states. */
export const ERP_A_STATES: Readonly<Record<string, WorkOrderStatus>> = {
  open: 'NEW',
  assigned: 'ASSIGNED',
  working: 'IN_PROGRESS',
  done: 'COMPLETED',
  void: 'CANCELLED',
};

const at = (value: string, field: string): string => offsetInstantToIso(value) ?? refuse(`${field} "${value}" is not an instant with an offset, e.g. 2026-11-03T14:05:00+08:00`);

function convert(raw: z.output<typeof item>): HubRecord {
  switch (raw.type) {
    case 'workOrder': {
      const d = raw.data;
      const status = ERP_A_STATES[d.state] ?? refuse(`data.state ${d.state} is not a known erp-a state (${Object.keys(ERP_A_STATES).join(', ')})`);
      return {
        kind: 'WORK_ORDER',
        externalId: raw.id,
        compoundId: d.communityId,
        hubWorkOrderId: d.hubTicketId,
        category: d.category,
        priority: d.urgency === 'urgent' ? 'URGENT' : 'NORMAL',
        description: d.summary,
        place: d.location?.trim() || null,
        status,
        assigneeName: d.handler?.trim() || null,
        resolutionNote: d.resolution?.trim() || null,
        completionPhotoUrls: d.photos,
        createdAt: at(d.createdAt, 'data.createdAt'),
        updatedAt: at(raw.updatedAt, 'updatedAt'),
        completedAt: d.finishedAt === null ? null : at(d.finishedAt, 'data.finishedAt'),
      };
    }
    case 'inspection': {
      const d = raw.data;
      return {
        kind: 'INSPECTION',
        externalId: raw.id,
        compoundId: d.communityId,
        planId: d.planId,
        checkpointName: d.checkpoint,
        inspector: d.inspector,
        result: d.outcome === 'issue' ? 'FINDING' : 'OK',
        note: d.remark?.trim() || null,
        photoUrls: d.photos,
        inspectedAt: at(d.inspectedAt, 'data.inspectedAt'),
      };
    }
    case 'gateEvent': {
      const d = raw.data;
      return { kind: 'GATE_EVENT', externalId: raw.id, compoundId: d.communityId, plate: d.plateNo, gate: d.gateCode, direction: d.direction === 'in' ? 'ENTRY' : 'EXIT', at: at(d.passedAt, 'data.passedAt') };
    }
    case 'feeReceipt': {
      const d = raw.data;
      const amountFen = yuanToFen(d.amount) ?? refuse(`data.amount "${d.amount}" is not a yuan amount (digits with up to two decimals, e.g. 12.50)`);
      return {
        kind: 'FEE_RECEIPT',
        externalId: raw.id,
        compoundId: d.communityId,
        feeKind: d.feeType === 'monthlyPass' ? 'PARKING_PASS' : 'PARKING_TEMPORARY',
        plate: d.plateNo,
        amountFen,
        receivedAt: at(d.paidAt, 'data.paidAt'),
      };
    }
  }
}

export const erpA: SourceAdapter = {
  name: 'erp-a',
  kind: 'ERP',
  pagePath: (cursor, limit) => `/api/v1/changes${query({ since: cursor, limit })}`,
  parsePage(body: unknown): SourcePage {
    const parsed = page.safeParse(body);
    if (!parsed.success) throw new Error(`erp-a page is not { items, next, more }: ${parsed.error.issues[0].path.join('.') || 'body'} ${parsed.error.issues[0].message}`);
    return { records: parsed.data.items, nextCursor: parsed.data.next, hasMore: parsed.data.more };
  },
  map: (raw) => mapWith(item, raw, (r) => idField(r, 'id'), convert),
  parsePush: parsePushBody,
};
