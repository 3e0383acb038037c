import { Column, Entity } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/** A version of the incentive schedule; the newest applies, older ones stay for the payouts that used them. */
@Entity('incentive_schedule')
export class IncentiveScheduleEntity extends BaseEntity {
  /** JSON array of { minScoreCentipoints, shareBasisPoints }, highest band first. */
  @Column({ type: 'text' })
  bands: string;

  @Column({ type: 'varchar', length: 64 })
  setBy: string;
}
