import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, bigintTransformer } from '@hub/platform';

export type DeliveryStatus = 'PENDING' | 'RETRYING' | 'SUCCEEDED' | 'FAILED';

/** One rating event owed to one endpoint, with where its attempts stand (推送记录). */
@Entity('webhook_delivery')
@Index('IDX_webhook_delivery_endpoint_event', ['endpointId', 'eventId'], { unique: true })
@Index('IDX_webhook_delivery_status_next', ['status', 'nextAttemptAt'])
export class WebhookDeliveryEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  endpointId: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  eventSeq: number;

  @Column({ type: 'varchar', length: 10 })
  status: DeliveryStatus;

  /** Attempts made so far (a manual replay continues the count). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** When the next attempt is due; null once nothing more will be tried. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;
}

/** One HTTP attempt of a delivery, kept as the delivery log partners and operators read. */
@Entity('webhook_attempt')
@Index('IDX_webhook_attempt_delivery', ['deliveryId', 'attempt'], { unique: true })
export class WebhookAttemptEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  deliveryId: string;

  @Column({ type: 'int' })
  attempt: number;

  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ type: 'int' })
  durationMs: number;

  @Column({ type: 'datetime', precision: 3 })
  attemptedAt: Date;
}
