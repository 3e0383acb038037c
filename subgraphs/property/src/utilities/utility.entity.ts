import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

export type Utility = 'GAS' | 'WATER' | 'POWER';
export type UtilityNoticeKind = 'PLANNED_MAINTENANCE' | 'OUTAGE';

/** The latest coverage report of one utility for one compound (管道燃气覆盖…). */
@Entity('utility_coverage')
@Index('IDX_coverage_compound_utility', ['compoundId', 'utility'], { unique: true })
export class UtilityCoverageEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 8 })
  utility: Utility;

  @Column({ type: 'varchar', length: 100, nullable: true })
  provider: string | null;

  @Column({ type: 'int' })
  householdsConnected: number;

  @Column({ type: 'int', nullable: true })
  householdsTotal: number | null;

  @Column({ type: 'datetime', precision: 3 })
  reportedAt: Date;
}

/** A planned maintenance or outage notice; (source, externalId) is the feed's own key, so a replay updates. */
@Entity('utility_notice')
@Index('IDX_notice_source_external', ['source', 'externalId'], { unique: true })
@Index('IDX_notice_compound_start', ['compoundId', 'startsAt'])
export class UtilityNoticeEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 8 })
  utility: Utility;

  @Column({ type: 'varchar', length: 24 })
  kind: UtilityNoticeKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'datetime', precision: 3 })
  startsAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  endsAt: Date | null;

  @Column({ type: 'varchar', length: 40 })
  source: string;

  @Column({ type: 'varchar', length: 100 })
  externalId: string;
}
