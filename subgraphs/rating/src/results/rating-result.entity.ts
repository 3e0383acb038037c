import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import { jsonTransformer } from '../scope/json-column';
import type { GroupOutcome } from './compute';

/**
 * A compound's result for one period. The score is kept in hundredths of a point (9235 =
 * 92.35) so that computation and ranking stay in integers. Results computed when a round closes
 * are provisional (publishedAt null) until the round is published; results imported from before
 * the hub have no round.
 */
@Entity('rating_result')
@Index('IDX_result_compound_period', ['compoundId', 'period'], { unique: true })
@Index('IDX_result_round', ['roundId'])
@Index('IDX_result_firm_period', ['firmId', 'period'])
@Index('IDX_result_district_period_rank', ['districtCode', 'period', 'rankInDistrict'])
export class RatingResultEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** e.g. 2026-Q3; sorts chronologically as text. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'int' })
  scoreCentipoints: number;

  /** Null while provisional. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  roundId?: string | null;

  /** The firm serving the compound when the round opened; null when self-managed. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  firmId?: string | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  districtCode?: string | null;

  /** Competition rank among the district's results of the period, set at publication. */
  @Column({ type: 'int', nullable: true })
  rankInDistrict?: number | null;

  /** Group scores and indicator means behind the score. */
  @Column({ type: 'text', nullable: true, transformer: jsonTransformer })
  breakdown?: GroupOutcome[] | null;
}
