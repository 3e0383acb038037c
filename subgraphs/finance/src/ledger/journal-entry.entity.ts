import { BeforeRemove, BeforeSoftRemove, BeforeUpdate, Column, Entity, Index } from 'typeorm';
import { BaseEntity, HubError, ErrorCode } from '@hub/platform';

export type EntryKind = 'OPENING_BALANCE' | 'REVENUE' | 'SPENDING' | 'FUND_RAISING' | 'INCENTIVE_PAYOUT' | 'REVERSAL' | 'CORRECTION';

export const refuseChange = (what: string): never => {
  throw new HubError(ErrorCode.INVALID_TRANSITION, `Posted ${what} are never changed or deleted; book a reversing entry with correctEntry`);
};

/**
 * A posted journal entry (记账凭证) of one compound's ledger. Never updated or deleted: the
 * database refuses it (triggers, see the migration) and so does the ORM (the listeners below);
 * a correction is a reversing entry that links the original, then the corrected entry.
 */
@Entity('journal_entry')
@Index('IDX_journal_entry_chain', ['compoundId', 'sequence'], { unique: true })
@Index('IDX_journal_entry_source', ['sourceReference'], { unique: true })
@Index('IDX_journal_entry_reverses', ['reversesEntryId'], { unique: true })
export class JournalEntryEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** 1, 2, 3… per compound, without gaps. */
  @Column({ type: 'int' })
  sequence: number;

  @Column({ type: 'varchar', length: 32 })
  kind: EntryKind;

  /** Accounting date; decides the statement period. */
  @Column({ type: 'datetime', precision: 3 })
  bookedAt: Date;

  /** When the fact happened; differs from bookedAt when its period was already closed. */
  @Column({ type: 'datetime', precision: 3 })
  valueAt: Date;

  /** Unique: an event or ERP record is booked once, however often it is delivered. */
  @Column({ type: 'varchar', length: 191 })
  sourceReference: string;

  @Column({ type: 'varchar', length: 500 })
  description: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  reversesEntryId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  correctsEntryId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  spendingRequestId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  ratingResultId: string | null;

  @Column({ type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  @BeforeUpdate()
  protected refuseUpdate(): void {
    refuseChange('journal entries');
  }

  @BeforeRemove()
  @BeforeSoftRemove()
  protected refuseRemove(): void {
    refuseChange('journal entries');
  }
}
