import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/** A Party member's link to a household they look after (党员联系户). */
@Entity('household_liaison')
@Index('IDX_household_liaison_member_unit', ['memberId', 'unitId'], { unique: true })
export class HouseholdLiaisonEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @Index('IDX_household_liaison_unit')
  @Column({ type: 'varchar', length: 36 })
  unitId: string;

  @Column({ type: 'date' })
  since: string;
}

/** A Party member employed elsewhere registered with their home community (在职党员报到). */
@Entity('serving_member')
@Index('IDX_serving_member_member_community', ['memberId', 'communityCode'], { unique: true })
export class ServingMemberEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @Index('IDX_serving_member_community')
  @Column({ type: 'varchar', length: 12 })
  communityCode: string;

  @Column({ type: 'varchar', length: 100 })
  employer: string;

  /** Sum of the service log, kept with each entry so that lists need no aggregate. */
  @Column({ type: 'int', default: 0 })
  serviceMinutes: number;
}

/** One logged stretch of service by a serving member. */
@Entity('service_entry')
@Index('IDX_service_entry_registration_key', ['registrationId', 'entryKey'], { unique: true })
export class ServiceEntryEntity extends BaseEntity {
  @Index('IDX_service_entry_registration')
  @Column({ type: 'varchar', length: 36 })
  registrationId: string;

  @Column({ type: 'date' })
  servedOn: string;

  @Column({ type: 'int' })
  minutes: number;

  @Column({ type: 'varchar', length: 200 })
  activity: string;

  /** The caller's key for this entry: logging again with it adds nothing (a retried call). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  entryKey: string | null;
}
