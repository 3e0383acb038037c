import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Request figures of one street or district (a request counts in both) for the
 * requests submitted in one UTC month, per category and current state. Kept in the transaction
 * of every write to a request, so it is never behind the requests themselves; rebuilt from them
 * by `rebuildRequestSummaries`.
 */
@Entity('request_summary')
export class RequestSummaryEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  regionCode: string;

  /** YYYY-MM of submission, UTC. */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  category: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  state: string;

  @Column({ type: 'int' })
  total: number;

  @Column({ type: 'int' })
  resolved: number;

  @Column({ type: 'int' })
  onTime: number;

  @Column({ type: 'int' })
  rated: number;

  @Column({ type: 'int' })
  satisfactionSum: number;

  @Column({ type: 'int' })
  escalated: number;

  @Column({ type: 'int' })
  escalations: number;

  @Column({ type: 'int' })
  reachedStreet: number;
}

/**
 * How many resolved requests of a region, month and category took a resolution time in each
 * bucket (see `resolveBucket`): enough to find the bucket holding a percentile, whose few raw
 * rows then give the exact value.
 */
@Entity('request_resolve_histogram')
// Summed over a period for many regions at once in index order, without a temporary table.
@Index('IDX_request_resolve_histogram_bucket', ['regionCode', 'category', 'bucket', 'month', 'requests'])
export class RequestResolveHistogramEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  regionCode: string;

  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  category: string;

  @PrimaryColumn({ type: 'int' })
  bucket: number;

  @Column({ type: 'int' })
  requests: number;
}

/**
 * `request_resolve_histogram` summed over whole UTC years, kept beside it in the same
 * transactions: a year's histogram reads a twelfth of the rows, in the key's order.
 */
@Entity('request_resolve_year_histogram')
export class RequestResolveYearHistogramEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  regionCode: string;

  /** YYYY of submission, UTC. */
  @PrimaryColumn({ type: 'varchar', length: 4 })
  year: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  category: string;

  @PrimaryColumn({ type: 'int' })
  bucket: number;

  @Column({ type: 'int' })
  requests: number;
}
