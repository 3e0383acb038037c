import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@hub/platform';

/**
 * The postings of one street or district in one UTC month, summed per account kind and category:
 * what the region figures of `financeStats` read for whole months instead of every posting. A
 * posting counts in the street and district of its compound's scope path when it is booked;
 * postings are never changed, so each entry only adds to its rows, in the same transaction, and
 * a compound's rows move only when its scope arrives late or its path changes.
 */
@Entity('posting_region_summary')
export class PostingRegionSummaryEntity {
  /** A street or district code. */
  @PrimaryColumn({ type: 'varchar', length: 12 })
  regionCode: string;

  /** YYYY-MM of `bookedAt`, UTC. */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  accountKind: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  category: string;

  /** Signed sum, as the postings: debits positive. */
  @Column({ type: 'bigint', transformer: bigintTransformer })
  amountFen: number;

  @Column({ type: 'int' })
  postings: number;
}
