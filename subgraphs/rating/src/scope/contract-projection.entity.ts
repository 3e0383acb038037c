import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/**
 * The property subgraph's service contracts as announced by ContractChanged: which compounds are
 * under contract, with which firm, so that a round knows whom it rates. Id is the contract id.
 */
@Entity('rating_contract')
@Index('IDX_rating_contract_compound', ['compoundId'])
export class ContractProjectionEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** Null when the compound manages itself. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  firmId: string | null;

  @Column({ type: 'varchar', length: 24 })
  model: string;

  /** ISO date. */
  @Column({ type: 'varchar', length: 10 })
  startsOn: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  endsOn: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  /** The ContractChanged event that last wrote the row: an older one arriving later changes nothing. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  eventId: string | null;
}
