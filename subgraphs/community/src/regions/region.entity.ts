import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type RegionLevel = 'DISTRICT' | 'STREET' | 'COMMUNITY';

/** A node of the administrative tree (区 / 街道 / 社区), keyed by its official code. */
@Entity('region')
export class RegionEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: RegionLevel;

  @Index('IDX_region_parent')
  @Column({ type: 'varchar', length: 12, nullable: true })
  parentCode: string | null;
}
