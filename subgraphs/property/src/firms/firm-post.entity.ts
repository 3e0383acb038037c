import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/** A staff post held by a person in a firm (物业人员任职); the person is the community subgraph's Person. */
@Entity('firm_post')
@Index('IDX_firm_post_firm', ['firmId', 'startsOn'])
@Index('IDX_firm_post_person', ['personId'])
export class FirmPostEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  firmId: string;

  @Column({ type: 'varchar', length: 36 })
  personId: string;

  @Column({ type: 'varchar', length: 40 })
  role: string;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;
}
