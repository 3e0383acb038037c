import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The head of a compound's chain: last sequence and hash, and the last day closed by a published
 * statement. Appending locks this row, which serialises the compound's postings (and so its
 * balance checks) without locking other compounds.
 */
@Entity('ledger_head')
export class LedgerHeadEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'int', default: 0 })
  sequence: number;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  /** ISO date, inclusive; nothing may be booked on or before it. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  closedThrough: string | null;
}
