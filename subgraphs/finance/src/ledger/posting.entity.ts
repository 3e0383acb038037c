import { BeforeRemove, BeforeSoftRemove, BeforeUpdate, Column, Entity, Index } from 'typeorm';
import { BaseEntity, bigintTransformer } from '@hub/platform';
import { refuseChange } from './journal-entry.entity';

/**
 * One line of a journal entry (分录). `amountFen` is signed: positive a debit, negative a credit.
 * The compound and the entry's sequence are copied here so that a chain can be re-verified and a
 * statement computed by range scans; like the entry, a posting is never changed.
 */
@Entity('posting')
@Index('IDX_posting_chain', ['compoundId', 'entrySequence', 'position'], { unique: true })
@Index('IDX_posting_entry', ['entryId'])
@Index('IDX_posting_account_booked', ['accountId', 'bookedAt'])
@Index('IDX_posting_compound_booked', ['compoundId', 'bookedAt'])
export class PostingEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  entryId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'int' })
  entrySequence: number;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  amountFen: number;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'datetime', precision: 3 })
  bookedAt: Date;

  @BeforeUpdate()
  protected refuseUpdate(): void {
    refuseChange('postings');
  }

  @BeforeRemove()
  @BeforeSoftRemove()
  protected refuseRemove(): void {
    refuseChange('postings');
  }
}
