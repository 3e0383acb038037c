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

  /** The firm's Party organisation (企业党组织), by name. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  partyOrganisation: string | null;

  /** The Party-building instructor (党建指导员) assigned into the firm: a community Person id. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  partyInstructorPersonId: string | null;
}
