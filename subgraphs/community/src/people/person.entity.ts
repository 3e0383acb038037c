import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/**
 * What kind of party a person record stands for: a natural person, the developer (开发商) still
 * holding unsold units, or an institution (a bank, a company) owning non-residential units.
 */
export type PersonKind = 'INDIVIDUAL' | 'DEVELOPER' | 'INSTITUTION';
export const PERSON_KINDS: readonly PersonKind[] = ['INDIVIDUAL', 'DEVELOPER', 'INSTITUTION'];

/**
 * A person (人员) known to the community: owner, resident, committee member, volunteer. Phone and
 * ID number are personal data: they are stored for the committees' own work and only ever leave
 * the service masked.
 */
@Entity('person')
export class PersonEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: PersonKind;

  @Index('IDX_person_phone')
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  /** Resident identity card number (18 characters). */
  @Index('IDX_person_id_number')
  @Column({ type: 'varchar', length: 18, nullable: true })
  idNumber: string | null;

  /** Member of the Communist Party of China (党员). */
  @Column({ type: 'boolean', default: false })
  partyMember: boolean;
}
