import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BaseEntity } from '@hub/platform';

export type MemberType = 'OWNER' | 'SHOP' | 'TENANT' | 'PUBLIC_HOUSING' | 'COMMUNITY' | 'OTHER';

/** A post (任职): who holds which role in which organisation, from when to when. */
@Entity('post')
export class PostEntity extends BaseEntity {
  @Index('IDX_post_person')
  @Column({ type: 'varchar', length: 36 })
  personId: string;

  @Index('IDX_post_organisation')
  @Column({ type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 50 })
  role: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  memberType: MemberType | null;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;
}

/**
 * A property firm post as announced by the property subgraph (FirmPostRecorded), kept here only
 * to count cross-appointments (交叉任职); the id is the property subgraph's post id.
 */
@Entity('firm_post')
export class FirmPostEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  firmId: string;

  @Index('IDX_firm_post_person')
  @Column({ type: 'varchar', length: 36 })
  personId: string;

  @Column({ type: 'varchar', length: 50 })
  role: string;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;
}
