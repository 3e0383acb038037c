import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import { jsonTransformer } from '../scope/json-column';

/** One rater's scores for one compound in one round (评分表); at most one per rater, by the unique index. */
@Entity('rating_score_sheet')
@Index('IDX_sheet_round_compound_rater', ['roundId', 'compoundId', 'raterSub'], { unique: true })
export class ScoreSheetEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  roundId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 64 })
  raterSub: string;

  @Column({ type: 'varchar', length: 32 })
  raterGroup: string;

  /** Indicator code → whole points 0–100. */
  @Column({ type: 'text', transformer: jsonTransformer })
  scores: Record<string, number>;
}
