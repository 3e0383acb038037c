import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/**
 * A closed resident request's satisfaction (诉求满意度), from the community subgraph's
 * RequestClosed events; one row per request, so a redelivered event changes nothing.
 */
@Entity('resident_feedback')
@Index('IDX_feedback_request', ['requestId'], { unique: true })
@Index('IDX_feedback_compound_closed', ['compoundId', 'closedAt'])
export class ResidentFeedbackEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  requestId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 64 })
  category: string;

  /** 1–5; null when the reporter gave none (not counted). */
  @Column({ type: 'int', nullable: true })
  satisfaction: number | null;

  @Column({ type: 'datetime', precision: 3 })
  closedAt: Date;
}
