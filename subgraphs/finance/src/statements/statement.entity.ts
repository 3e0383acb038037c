import { BeforeRemove, BeforeUpdate, Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import { refuseChange } from '../ledger/journal-entry.entity';

/**
 * A published statement, frozen: its content is stored as computed at publication with its
 * SHA-256, and publishing closes the period for posting.
 */
@Entity('statement')
@Index('IDX_statement_compound_period', ['compoundId', 'period'], { unique: true })
export class StatementEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** 2026-10 or 2026-Q4. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'varchar', length: 10 })
  firstDay: string;

  @Column({ type: 'varchar', length: 10 })
  lastDay: string;

  /** The statement as JSON, exactly as hashed. */
  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ type: 'datetime', precision: 3 })
  publishedAt: Date;

  @Column({ type: 'varchar', length: 64 })
  publishedBy: string;

  @BeforeUpdate()
  @BeforeRemove()
  protected refuse(): void {
    refuseChange('statements');
  }
}
