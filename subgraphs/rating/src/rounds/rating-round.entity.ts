import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

export type RoundStatus = 'OPEN' | 'CLOSED' | 'PUBLISHED';

/**
 * A district's rating round for one quarter (季度评价): every compound under contract in the
 * district is rated in it. OPEN takes score sheets; CLOSED has provisional results the firms
 * and officials can check; PUBLISHED makes them public and final.
 */
@Entity('rating_round')
@Index('IDX_round_district_period', ['districtCode', 'period'], { unique: true })
export class RatingRoundEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  schemeId: string;

  @Column({ type: 'varchar', length: 12 })
  districtCode: string;

  /** e.g. 2026-Q4. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'varchar', length: 16 })
  status: RoundStatus;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;
}

export type RoundOutcome = 'PENDING' | 'RATED' | 'WITHHELD';

/** A compound rated in a round, with the firm serving it when the round opened. */
@Entity('rating_round_compound')
@Index('IDX_round_compound', ['roundId', 'compoundId'], { unique: true })
export class RoundCompoundEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  roundId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  firmId: string | null;

  /** [community, street, district] codes, comma-separated, as in compound_scope. */
  @Column({ type: 'varchar', length: 120 })
  regionPath: string;

  @Column({ type: 'varchar', length: 16, default: 'PENDING' })
  outcome: RoundOutcome;

  /** Why no score was given, when withheld. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  withheldReason: string | null;
}

/** Who rates a compound in a round, and in which group (评价人名单). */
@Entity('rating_rater')
@Index('IDX_rater_round_compound_sub', ['roundId', 'compoundId', 'raterSub'], { unique: true })
export class RaterEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  roundId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** The rater's token subject. */
  @Column({ type: 'varchar', length: 64 })
  raterSub: string;

  @Column({ type: 'varchar', length: 32 })
  raterGroup: string;
}
