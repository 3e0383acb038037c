import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import type { RatingEventType } from '../partners/rating-event.entity';

export type WebhookStatus = 'ACTIVE' | 'DISABLED';

/** A partner's URL that receives signed rating updates of one region (合作方推送地址). */
@Entity('webhook_endpoint')
@Index('IDX_webhook_endpoint_owner', ['ownerSub'])
export class WebhookEndpointEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** Comma-separated RatingEventType values. */
  @Column({ type: 'varchar', length: 200 })
  events: string;

  @Column({ type: 'varchar', length: 20 })
  regionCode: string;

  /**
   * The Standard Webhooks secret (`whsec_…`) sealed with WEBHOOK_SECRET_KEY (see secret-box.ts);
   * the partner sees it once, at registration or rotation.
   */
  @Column({ type: 'varchar', length: 255 })
  secret: string;

  /** The secret before the last rotation, sealed likewise; it still signs until previousSecretExpiresAt. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  previousSecret: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  previousSecretExpiresAt: Date | null;

  /** When the secret was last rotated; null while it is the one given at registration. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  secretRotatedAt: Date | null;

  /** The token subject that registered it; partners see and manage only their own. */
  @Column({ type: 'varchar', length: 100 })
  ownerSub: string;

  @Column({ type: 'varchar', length: 10 })
  status: WebhookStatus;

  /** Why it was disabled, in words the partner can act on. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  disabledReason: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  disabledAt: Date | null;

  /** Failed attempts since the last success; reaching the configured run disables the endpoint. */
  @Column({ type: 'int', default: 0 })
  consecutiveFailures: number;

  get eventTypes(): RatingEventType[] {
    return this.events.split(',').filter(Boolean) as RatingEventType[];
  }
}
