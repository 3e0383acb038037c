import { Column, Entity, Index } from 'typeorm';
import { AreaColumn, BaseEntity } from '@hub/platform';

export type ElevatorStatus = 'IN_SERVICE' | 'UNDER_RENEWAL' | 'OUT_OF_SERVICE';

/** An elevator (电梯). */
@Entity('elevator')
@Index('IDX_elevator_compound', ['compoundId', 'building'])
export class ElevatorEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 60 })
  building: string;

  @Column({ type: 'int' })
  installedYear: number;

  @Column({ type: 'varchar', length: 16, default: 'IN_SERVICE' })
  status: ElevatorStatus;
}

/** A fire lane (消防通道). */
@Entity('fire_lane')
@Index('IDX_fire_lane_compound', ['compoundId'])
export class FireLaneEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'int' })
  lengthM: number;

  @Column({ type: 'boolean', default: true })
  clear: boolean;
}

/** An activity room (活动用房). */
@Entity('activity_room')
@Index('IDX_activity_room_compound', ['compoundId'])
export class ActivityRoomEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** 0.01 m². */
  @AreaColumn()
  areaCentiM2: number;

  @Column({ type: 'boolean' })
  freeOfCharge: boolean;

  @Column({ type: 'varchar', length: 100, nullable: true })
  usedBy: string | null;
}
