import { Column, Entity, Index } from 'typeorm';
import { AreaColumn, BaseEntity } from '@hub/platform';

/** Residential (住宅) or non-residential: a shop (商铺) or an institution such as a bank. */
export type UnitUse = 'RESIDENTIAL' | 'SHOP' | 'INSTITUTION';
export const UNIT_USES: readonly UnitUse[] = ['RESIDENTIAL', 'SHOP', 'INSTITUTION'];

/**
 * A unit (户 / 专有部分) with its registered exclusive area in 0.01 m², the basis of the area
 * count in owners' votes. `ownerId` is the Person holding it on the register (the developer
 * while it is unsold); the compound id is kept on the row so that a compound's electorate is
 * one indexed read.
 */
@Entity('unit')
@Index('IDX_unit_building_number', ['buildingId', 'number'], { unique: true })
export class UnitEntity extends BaseEntity {
  @Index('IDX_unit_compound')
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 36 })
  buildingId: string;

  /** Unit number within its building, e.g. "301". */
  @Column({ type: 'varchar', length: 20 })
  number: string;

  @Column({ type: 'varchar', length: 16 })
  use: UnitUse;

  /** Registered exclusive area in 0.01 m² (8850 is 88.50 m²). */
  @AreaColumn()
  areaCentiM2: number;

  @Index('IDX_unit_owner')
  @Column({ type: 'varchar', length: 36, nullable: true })
  ownerId: string | null;
}
