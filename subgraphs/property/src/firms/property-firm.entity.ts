import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/** A property-service firm (物业服务企业). */
@Entity('property_firm')
export class PropertyFirmEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('IDX_firm_credit_code', { unique: true })
  @Column({ type: 'varchar', length: 18 })
  creditCode: string;
}
