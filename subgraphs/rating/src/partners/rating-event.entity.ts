import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, bigintTransformer } from '@hub/platform';

/** Kinds of rating update partners can subscribe to; only publication is produced today. */
export const RATING_EVENT_TYPES = ['RATING_PUBLISHED'] as const;
export type RatingEventType = (typeof RATING_EVENT_TYPES)[number];

/**
 * One entry of the ordered log of rating updates offered to partners (评价结果推送). `seq` is
 * handed out under a row lock held until commit (see rating-updates.ts), so a reader that has
 * seen `seq` n never later finds a committed entry below n: the feed, the live subscriptions and
 * the webhook fan-out all read this log by `seq`.
 */
@Entity('rating_event')
@Index('IDX_rating_event_seq', ['seq'], { unique: true })
@Index('IDX_rating_event_type_result', ['type', 'resultId'], { unique: true })
export class RatingEventEntity extends BaseEntity {
  @Column({ type: 'bigint', transformer: bigintTransformer })
  seq: number;

  @Column({ type: 'varchar', length: 40 })
  type: RatingEventType;

  @Column({ type: 'varchar', length: 36 })
  resultId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  roundId: string | null;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  firmId: string | null;

  /** e.g. 2026-Q3. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  /** The score times 100 (92.35 is 9235). */
  @Column({ type: 'int' })
  scoreCentipoints: number;

  /** Region codes from community up to district, comma-separated, as in compound_scope. */
  @Column({ type: 'varchar', length: 120 })
  regionPath: string;

  /** When the result was published. */
  @Column({ type: 'datetime', precision: 3 })
  occurredAt: Date;
}

/**
 * The region codes each log entry falls under, one row per level, so that a region's feed is
 * an index range (regionCode, eventSeq) whatever the other regions publish.
 */
@Entity('rating_event_region')
@Index('IDX_rating_event_region_code_seq', ['regionCode', 'eventSeq'], { unique: true })
export class RatingEventRegionEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 20 })
  regionCode: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  eventSeq: number;
}

/** Named counters (the log's last seq, the webhook dispatcher's position), updated under a row lock. */
@Entity('rating_counter')
export class RatingCounterEntity extends BaseEntity {
  @Column({ type: 'bigint', transformer: bigintTransformer, default: 0 })
  value: number;
}
