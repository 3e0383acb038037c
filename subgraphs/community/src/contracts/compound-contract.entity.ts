import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The property-service contracts of a compound as the property subgraph announces them
 * (ContractChanged): community counts a compound as served by a firm from these, not from a flag.
 */
@Entity('compound_contract')
// Covering: coverage asks each compound for a firm's contract in force without reading the rows.
@Index('IDX_compound_contract_compound', ['compoundId', 'startsOn', 'endsOn', 'firmId'])
export class CompoundContractEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  contractId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** Null for a self-managed compound. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  firmId: string | null;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  /** The ContractChanged event that last wrote the row: an older one arriving later changes nothing. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  eventId: string | null;
}
