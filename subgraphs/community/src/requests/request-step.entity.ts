import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import type { RequestAction, RequestState } from './lifecycle';
import type { RequestLevel } from '../escalation/escalation';
import { stringListTransformer } from './resident-request.entity';

/** One step on a request's timeline: who did what, when and why, and where it left the request. */
@Entity('request_step')
@Index('IDX_request_step_request', ['requestId', 'id'])
export class RequestStepEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  requestId: string;

  @Column({ type: 'varchar', length: 16 })
  action: RequestAction;

  /** The state after the step. */
  @Column({ type: 'varchar', length: 16 })
  state: RequestState;

  /** The level after the step. */
  @Column({ type: 'varchar', length: 16 })
  level: RequestLevel;

  /** The caller's role, or SYSTEM for what the hub did by itself, or PROPERTY_FIRM for a completed work order. */
  @Column({ type: 'varchar', length: 32 })
  actorRole: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ type: 'text', transformer: stringListTransformer })
  photoUrls: string[];

  @Column({ type: 'datetime', precision: 6 })
  at: Date;
}
