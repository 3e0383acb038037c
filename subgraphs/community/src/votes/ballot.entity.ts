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

  @Column({ type: 'varchar', length: 8 })
  choice: BallotChoice;
}
