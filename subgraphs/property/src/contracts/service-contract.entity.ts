import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import { PropertyFirmEntity } from '../firms/property-firm.entity';

export type ContractModel = 'STANDARD' | 'VOLUNTEER_BASELINE' | 'SELF_MANAGED';
/** Stored lifecycle: ENDED once ended before its term (endsOn then holds the last day). Whether it is in force on a day follows from its period. */
export type ContractStatus = 'ACTIVE' | 'ENDED';

/** A service contract (物业服务合同) between a firm and a compound. */
@Entity('service_contract')
@Index('IDX_contract_compound_status', ['compoundId', 'status'])
@Index('IDX_contract_firm', ['firmId'])
export class ServiceContractEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  firmId: string | null;

  @ManyToOne(() => PropertyFirmEntity, { nullable: true, createForeignKeyConstraints: false })
  @JoinColumn({ name: 'firmId' })
  firm: PropertyFirmEntity | null;

  @Column({ type: 'varchar', length: 24 })
  model: ContractModel;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;

  @Column({ type: 'int' })
  feeFenPerM2Month: number;

  @Column({ type: 'varchar', length: 16, default: 'ACTIVE' })
  status: ContractStatus;

  /** Why the contract was ended before its term; null otherwise. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  endReason: string | null;
}
