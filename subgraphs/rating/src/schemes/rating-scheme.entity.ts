import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import { jsonTransformer } from '../scope/json-column';
import type { GroupRule, IncompleteGroupRule, IndicatorRule, ListRule } from './scheme-rules';

/**
 * A district's rating scheme (评价方案). Never changed once created: a district that changes its
 * rules creates a new scheme, and each round keeps the scheme it was opened with.
 */
@Entity('rating_scheme')
@Index('IDX_scheme_district', ['districtCode'])
@Index('IDX_scheme_request_key', ['districtCode', 'requestKey'], { unique: true })
export class RatingSchemeEntity extends BaseEntity {
  /** GB/T 2260 district code, 12-digit form. */
  @Column({ type: 'varchar', length: 12 })
  districtCode: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text', transformer: jsonTransformer })
  indicators: IndicatorRule[];

  @Column({ type: 'text', transformer: jsonTransformer })
  groups: GroupRule[];

  @Column({ type: 'varchar', length: 16 })
  incompleteGroupRule: IncompleteGroupRule;

  @Column({ type: 'text', transformer: jsonTransformer })
  listRule: ListRule;

  /**
   * The client's key for the request that created it (unique per district), so a retried
   * `createRatingScheme` returns this scheme rather than creating a second one; null when none given.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  requestKey: string | null;
}
