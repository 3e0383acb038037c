import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import { PropertyFirmEntity } from '../firms/property-firm.entity';

export type ContractModel = 'STANDARD' | 'VOLUNTEER_BASELINE' | 'SELF_MANAGED';
export type ContractStatus = 'ACTIVE' | 'ENDED';

/** A service contract (物业服务合同) between a firm and a compound. */
@Entity('service_contract')
@Index('IDX_contract_compound_status', ['compoundId', 'status'])
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
}
