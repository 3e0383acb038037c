import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import type { WorkOrderStatus } from './status';
import type { WorkOrderPriority } from './sla';

/** Where a work order came from; with sourceRef it makes every creation idempotent. */
export type WorkOrderSource = 'RESIDENT_REQUEST' | 'INSPECTION' | 'ERP';

/** A work order (工单) of the property service in one compound. */
@Entity('work_order')
@Index('IDX_work_order_source', ['source', 'sourceRef'], { unique: true })
// Lists are keyset-paged on id: these let a firm's or a compound's page stop after `first` rows.
@Index('IDX_work_order_compound', ['compoundId', 'id'])
@Index('IDX_work_order_compound_status', ['compoundId', 'status', 'id'])
@Index('IDX_work_order_firm', ['firmId', 'id'])
@Index('IDX_work_order_firm_status', ['firmId', 'status', 'id'])
// The region figures of propertyStats read these alone, without the rows (ADR 0006).
@Index('IDX_work_order_compound_created', ['compoundId', 'createdAt', 'category', 'status'])
@Index('IDX_work_order_compound_completed', ['compoundId', 'status', 'completedAt', 'dueAt', 'firmId'])
// The backlog of propertyStats reads only the open orders, from this alone: a city's are a few thousand.
@Index('IDX_work_order_status_created', ['status', 'createdAt', 'compoundId'])
export class WorkOrderEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** The firm holding the compound's contract when the order was created; null for self-managed compounds. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  firmId: string | null;

  @Column({ type: 'varchar', length: 16 })
  source: WorkOrderSource;

  /** The request id, inspection record id or "<firmId>:<ERP order number>" (erpWorkOrderRef). */
  @Column({ type: 'varchar', length: 120 })
  sourceRef: string;

  /** The community subgraph's request id, for orders made from a resident request. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 40 })
  category: string;

  @Column({ type: 'varchar', length: 8 })
  priority: WorkOrderPriority;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  place: string | null;

  @Column({ type: 'simple-json' })
  photoUrls: string[];

  @Column({ type: 'varchar', length: 12 })
  status: WorkOrderStatus;

  @Column({ type: 'varchar', length: 60, nullable: true })
  assigneeName: string | null;

  /** The community subgraph's Person id of the assignee, when known. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  assigneePersonId: string | null;

  @Column({ type: 'datetime', precision: 6 })
  dueAt: Date;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  completedAt: Date | null;

  @Column({ type: 'simple-json', nullable: true })
  completionPhotoUrls: string[] | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  resolutionNote: string | null;

  /** For an order kept in a firm's ERP: the ERP's version (its updatedAt) last applied; an older one is ignored. */
  @Column({ type: 'datetime', precision: 6, nullable: true })
  sourceUpdatedAt: Date | null;
}

/** Every status change of a work order: who moved it, when and why. */
@Entity('work_order_transition')
@Index('IDX_work_order_transition_order', ['workOrderId'])
export class WorkOrderTransitionEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  workOrderId: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  fromStatus: WorkOrderStatus | null;

  @Column({ type: 'varchar', length: 12 })
  toStatus: WorkOrderStatus;

  @Column({ type: 'varchar', length: 24 })
  byRole: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  bySub: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;
}
