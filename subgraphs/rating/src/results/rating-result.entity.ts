import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/**
 * A compound's published result for one period. The score is kept in hundredths of a point
 * (9235 = 92.35) so that computation and ranking stay in integers.
 */
@Entity('rating_result')
@Index('IDX_result_compound_period', ['compoundId', 'period'], { unique: true })
export class RatingResultEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** e.g. 2026-Q3; sorts chronologically as text. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'int' })
  scoreCentipoints: number;

  @Column({ type: 'datetime', precision: 3 })
  publishedAt: Date;
}
