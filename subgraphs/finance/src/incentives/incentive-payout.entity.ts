import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, MoneyColumn } from '@hub/platform';
import type { IncentiveOutcome } from './schedule';

/**
 * An incentive payout (激励兑现) decided from one published rating result; one per result, also
 * when nothing was due (its outcome and reason say why).
 */
@Entity('incentive_payout')
@Index('IDX_incentive_payout_result', ['ratingResultId'], { unique: true })
@Index('IDX_incentive_payout_firm', ['firmId'])
@Index('IDX_incentive_payout_compound', ['compoundId'])
export class IncentivePayoutEntity extends BaseEntity {
  /** The rating subgraph's result id this payout came from. */
  @Column({ type: 'varchar', length: 36 })
  ratingResultId: string;

  @Column({ type: 'varchar', length: 36 })
  roundId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 36 })
  firmId: string;

  @Column({ type: 'varchar', length: 16 })
  period: string;

  @Column({ type: 'int' })
  scoreCentipoints: number;

  @Column({ type: 'int' })
  shareBasisPoints: number;

  @MoneyColumn()
  poolFen: number;

  @MoneyColumn()
  amountFen: number;

  /** The schedule version used; null for the built-in default. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  scheduleId: string | null;

  @Column({ type: 'varchar', length: 16, default: 'BOOKED' })
  outcome: IncentiveOutcome;

  @Column({ type: 'varchar', length: 500, default: '' })
  reason: string;

  /** The journal entry; null when the amount was 0 (nothing to book). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  entryId: string | null;

  @Column({ type: 'datetime', precision: 3 })
  publishedAt: Date;
}
