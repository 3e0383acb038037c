import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/** A building (楼栋) of a compound; its name is unique within the compound. */
@Entity('building')
@Index('IDX_building_compound_name', ['compoundId', 'name'], { unique: true })
export class BuildingEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** As written on the building, e.g. "1幢". */
  @Column({ type: 'varchar', length: 50 })
  name: string;
}
