import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import { jsonTransformer } from '../scope/json-column';
import type { ListRule } from '../schemes/scheme-rules';

/** A district's red/black list (红黑榜) for one period, drawn when its round was published; kept as history. */
@Entity('rating_list')
@Index('IDX_list_district_period', ['districtCode', 'period'], { unique: true })
export class RedBlackListEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 12 })
  districtCode: string;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'varchar', length: 36 })
  roundId: string;

  /** The rule as it was applied. */
  @Column({ type: 'text', transformer: jsonTransformer })
  rule: ListRule;

  /** How many published results were ranked. */
  @Column({ type: 'int' })
  ranked: number;

  @Column({ type: 'datetime', precision: 3 })
  publishedAt: Date;
}

@Entity('rating_list_entry')
@Index('IDX_list_entry_list_color_rank', ['listId', 'color', 'rank'])
export class ListEntryEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  listId: string;

  @Column({ type: 'varchar', length: 8 })
  color: 'RED' | 'BLACK';

  @Column({ type: 'varchar', length: 36 })
  resultId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  firmId: string | null;

  @Column({ type: 'int' })
  rank: number;

  @Column({ type: 'int' })
  scoreCentipoints: number;

  @Column({ type: 'text', transformer: jsonTransformer })
  reasons: string[];
}
