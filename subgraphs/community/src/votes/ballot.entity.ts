import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import type { BallotChoice } from './tally';

/**
 * An owner's ballot on a matter: one per voter (an owner, or the developer for all its unsold
 * units) and matter; casting again before the close replaces the choice.
 */
@Entity('ballot')
@Index('IDX_ballot_matter_voter', ['matterId', 'voterKey'], { unique: true })
export class BallotEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  matterId: string;

  /** The owner's Person id, or DEVELOPER for the developer's unsold units. */
  @Column({ type: 'varchar', length: 36 })
  voterKey: string;

  /** The Person who cast it. */
  @Column({ type: 'varchar', length: 36 })
  castBy: string;

  /** In an owners'-committee election, FOR when the ballot marks a candidate, ABSTAIN when blank. */
  @Column({ type: 'varchar', length: 8 })
  choice: BallotChoice;

  /**
   * In an owners'-committee election, the candidates the ballot marks (comma-separated candidate
   * ids, at most one per seat, 11 seats at most); null on any other matter.
   */
  @Column({ type: 'varchar', length: 420, nullable: true })
  candidateIds: string | null;
}
