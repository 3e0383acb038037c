import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/** A parking area (停车区域) of a compound. */
@Entity('parking_area')
@Index('IDX_parking_area_compound', ['compoundId'])
export class ParkingAreaEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'boolean', default: false })
  underground: boolean;
}

/** An entrance (出入口) of a parking area; gateCode names its barrier gate (道闸) when it has one. */
@Entity('parking_entrance')
@Index('IDX_parking_entrance_area', ['areaId'])
@Index('IDX_parking_entrance_gate', ['compoundId', 'gateCode'], { unique: true })
export class ParkingEntranceEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  areaId: string;

  /** Copied from the area so that a gate code is unique per compound in the database. */
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  gateCode: string | null;
}

export type ParkingSpaceKind = 'OWNER' | 'VISITOR' | 'SHOP';

/** A numbered parking space (车位). */
@Entity('parking_space')
@Index('IDX_parking_space_number', ['areaId', 'number'], { unique: true })
export class ParkingSpaceEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  areaId: string;

  @Column({ type: 'varchar', length: 20 })
  number: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ParkingSpaceKind;
}
