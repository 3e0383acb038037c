import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@hub/platform';

/**
 * The postings of one compound in one UTC month, summed per account kind and category: what the
 * region figures of `financeStats` read for whole months instead of every posting. Postings are
 * never changed, so each new posting only adds to its row, in the same transaction.
 */
@Entity('posting_summary')
export class PostingSummaryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  compoundId: string;

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
