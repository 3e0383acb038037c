import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/**
 * A compound (小区). The three region codes are copied from the tree when the compound is
 * registered, so one batched lookup resolves all three levels.
 */
@Entity('compound')
export class CompoundEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  address: string;

  @Index('IDX_compound_community')
  @Column({ type: 'varchar', length: 12 })
  communityCode: string;

  // A street's or district's compounds for communityStats, without reading every compound.
  @Index('IDX_compound_street')
  @Column({ type: 'varchar', length: 12 })
  streetCode: string;

  @Index('IDX_compound_district')
  @Column({ type: 'varchar', length: 12 })
  districtCode: string;

  @Column({ type: 'int', nullable: true })
  households: number | null;

  @Column({ type: 'boolean', default: false })
  scatteredHousing: boolean;

  /*
   * The "three noes" (三无) of old and scattered housing, recorded as found on the ground: the
   * property firm and the maintenance fund live in other subgraphs, so they are not derived.
   * The owners'-committee flag is cleared when one is created or elected here.
   */
  /** No owners' committee (无业委会). */
  @Column({ type: 'boolean', default: false })
  noOwnersCommittee: boolean;

  /** No market property-service firm (无物业). */
  @Column({ type: 'boolean', default: false })
  noPropertyFirm: boolean;

  /** No maintenance fund (无维修资金). */
  @Column({ type: 'boolean', default: false })
  noMaintenanceFund: boolean;

  /**
   * Owners' committees and compound-level Party branches serving the compound and not ended, as
   * their links say: what coverage (覆盖率) counts, kept by `recountCoverage` in every write that
   * links, creates or ends an organisation, so that a city's coverage reads no links.
   */
  @Column({ type: 'int', default: 0 })
  ownersCommittees: number;

  @Column({ type: 'int', default: 0 })
  partyBranches: number;
}
