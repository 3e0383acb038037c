import { Column, Entity, Index, type ValueTransformer } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import type { RequestState } from './lifecycle';
import type { RequestLevel } from '../escalation/escalation';
import type { ResponsibleParty } from '../routing/routing-table';

/** A list of strings kept as a JSON array in a text column. */
export const stringListTransformer: ValueTransformer = {
  to: (value: string[] | null | undefined) => (value == null ? value : JSON.stringify(value)),
  from: (value: string | null) => (value == null ? value : (JSON.parse(value) as string[])),
};

/**
 * A resident request (诉求一键达). The region codes are copied from the compound when it is
 * submitted, so region queues and statistics read one table; `nextActionAt` is when the hub
 * itself acts next (escalation or closing after the feedback window), indexed for the sweep.
 */
@Entity('resident_request')
@Index('IDX_resident_request_client', ['reporterId', 'clientRequestId'], { unique: true })
@Index('IDX_resident_request_reporter', ['reporterId', 'id'])
@Index('IDX_resident_request_compound', ['compoundId', 'id'])
@Index('IDX_resident_request_community', ['communityCode', 'submittedAt'])
@Index('IDX_resident_request_street', ['streetCode', 'submittedAt'])
@Index('IDX_resident_request_district', ['districtCode', 'submittedAt'])
// The percentile probe of the request figures: one bucket of resolution times of a street or district.
@Index('IDX_resident_request_street_resolve', ['streetCode', 'resolveSeconds', 'submittedAt', 'category'])
@Index('IDX_resident_request_district_resolve', ['districtCode', 'resolveSeconds', 'submittedAt', 'category'])
// The same for one category's percentiles, which would otherwise read every category's rows in the bucket.
@Index('IDX_resident_request_street_category_resolve', ['streetCode', 'category', 'resolveSeconds', 'submittedAt'])
@Index('IDX_resident_request_district_category_resolve', ['districtCode', 'category', 'resolveSeconds', 'submittedAt'])
export class ResidentRequestEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 12 })
  communityCode: string;

  @Column({ type: 'varchar', length: 12 })
  streetCode: string;

  @Column({ type: 'varchar', length: 12 })
  districtCode: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  unitId: string | null;

  /** The reporting resident's Person id (the token's subject). */
  @Column({ type: 'varchar', length: 64 })
  reporterId: string;

  /** The app's own id for the submission, so that a retried tap does not file the request twice. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  clientRequestId: string | null;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'varchar', length: 2000 })
  description: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  place: string | null;

  @Column({ type: 'text', transformer: stringListTransformer })
  photoUrls: string[];

  @Column({ type: 'varchar', length: 16 })
  state: RequestState;

  @Column({ type: 'varchar', length: 16 })
  level: RequestLevel;

  @Column({ type: 'varchar', length: 32 })
  responsible: ResponsibleParty;

  /** The category's SLA when the request was submitted; a later change of the table does not move it. */
  @Column({ type: 'int' })
  slaSeconds: number;

  @Column({ type: 'datetime', precision: 6 })
  submittedAt: Date;

  /** End of the SLA window at the current level; null while nobody owes an answer (resolved, closed). */
  @Column({ type: 'datetime', precision: 6, nullable: true })
  dueAt: Date | null;

  @Index('IDX_resident_request_next_action')
  @Column({ type: 'datetime', precision: 6, nullable: true })
  nextActionAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  dispatchedAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  closedAt: Date | null;

  /** Seconds from submission to the latest resolution. */
  @Column({ type: 'int', nullable: true })
  resolveSeconds: number | null;

  /** Whether the latest resolution came within the SLA counted from submission. */
  @Column({ type: 'boolean', nullable: true })
  onTime: boolean | null;

  @Column({ type: 'int', default: 0 })
  escalations: number;

  @Column({ type: 'int', default: 0 })
  reopenCount: number;

  /**
   * How many times the request was dispatched (派单轮次): each dispatch is a new round, announced in
   * RequestDispatched, so that work-order news about an older round is recognised and ignored.
   */
  @Column({ type: 'int', default: 0 })
  dispatchRound: number;

  /** 1–5 from the reporter at closing; null when closed without one. */
  @Column({ type: 'int', nullable: true })
  satisfaction: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  feedback: string | null;
}
