import type { EntityManager } from 'typeorm';
import type { WorkOrderPriority } from '../work-orders/sla';
import type { WorkOrderStatus } from '../work-orders/status';
import type { Utility, UtilityNoticeKind } from '../utilities/utility.entity';
import type { InspectionResult } from '../inspections/inspection.entities';

/**
 * The hub's own records that ingestion produces (数据接入): every vendor format is mapped by an
 * adapter into these, and only these are applied. Times are ISO-8601 instants, money integer fen.
 * `externalId` is the record's id in the source system; (source, kind, externalId) is the
 * idempotency key of everything ingestion writes.
 */
export type HubRecord = WorkOrderRecord | InspectionRecord | GateEventRecord | FeeReceiptRecord | UtilityCoverageRecord | UtilityNoticeRecord;
export type HubRecordKind = HubRecord['kind'];

/** A firm's own work order, or the firm's progress on a hub order it took over (`hubWorkOrderId`). */
export interface WorkOrderRecord {
  kind: 'WORK_ORDER';
  externalId: string;
  compoundId: string;
  /** Set when the ERP carries a work order the hub created (e.g. from a resident request). */
  hubWorkOrderId: string | null;
  category: string;
  priority: WorkOrderPriority;
  description: string;
  place: string | null;
  status: WorkOrderStatus;
  assigneeName: string | null;
  resolutionNote: string | null;
  completionPhotoUrls: string[];
  createdAt: string;
  /** When the source last changed the record; an older version never overwrites a newer one. */
  updatedAt: string;
  completedAt: string | null;
}

/** One checkpoint visit of an inspection round recorded in the ERP. */
export interface InspectionRecord {
  kind: 'INSPECTION';
  externalId: string;
  compoundId: string;
  /** The hub's inspection plan the round belongs to. */
  planId: string;
  checkpointName: string;
  inspector: string;
  result: InspectionResult;
  note: string | null;
  photoUrls: string[];
  inspectedAt: string;
}

/** A parking gate passage (道闸记录) reported by the firm's gate system through its ERP. */
export interface GateEventRecord {
  kind: 'GATE_EVENT';
  externalId: string;
  compoundId: string;
  plate: string;
  gate: string;
  direction: 'ENTRY' | 'EXIT';
  at: string;
}

/** A fee the firm collected on the compound's public account (e.g. a monthly parking pass). */
export interface FeeReceiptRecord {
  kind: 'FEE_RECEIPT';
  externalId: string;
  compoundId: string;
  feeKind: 'PARKING_PASS' | 'PARKING_TEMPORARY';
  plate: string | null;
  amountFen: number;
  receivedAt: string;
}

export interface UtilityCoverageRecord {
  kind: 'UTILITY_COVERAGE';
  externalId: string;
  compoundId: string;
  utility: Utility;
  provider: string | null;
  householdsConnected: number;
  householdsTotal: number | null;
  reportedAt: string;
}

/** An outage or a planned maintenance (停水停电停气通知). */
export interface UtilityNoticeRecord {
  kind: 'UTILITY_NOTICE';
  externalId: string;
  compoundId: string;
  utility: Utility;
  noticeKind: UtilityNoticeKind;
  title: string;
  startsAt: string;
  endsAt: string | null;
}

/** The source a batch comes from, as the appliers need it. */
export interface ApplySource {
  id: string;
  kind: 'ERP' | 'UTILITY';
  /** The property firm whose ERP this is (ERP sources); its records must be for compounds it serves. */
  firmId: string | null;
}

/** A record the applier refused, with a reason a person can act on; it goes to quarantine. */
export interface AppliedRejection {
  /** Position of the record in the list given to the applier. */
  index: number;
  externalId: string;
  reason: string;
}

export interface ApplyOutcome {
  /** New or changed rows written. */
  applied: number;
  /** Records already applied in this version (a redelivery): nothing written. */
  unchanged: number;
  rejected: AppliedRejection[];
}

/**
 * Applies mapped records in bulk inside the caller's transaction, idempotently by
 * (source, kind, externalId), writing outbox events for downstream subgraphs in the same
 * transaction. A refused record does not stop the others.
 */
export type ApplyRecords = (manager: EntityManager, source: ApplySource, records: HubRecord[]) => Promise<ApplyOutcome>;
