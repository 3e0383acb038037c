import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BaseEntity } from '@hub/platform';

export type OrganisationKind =
  | 'PARTY_ORGANISATION'
  | 'RESIDENTS_COMMITTEE'
  | 'OWNERS_COMMITTEE'
  | 'STEWARD_GROUP'
  | 'CO_GOVERNANCE_COMMITTEE'
  | 'SUPERVISORY_BOARD'
  | 'VOLUNTEER_TEAM'
  | 'AREA_SERVICE_TEAM';
export const ORGANISATION_KINDS: readonly OrganisationKind[] = [
  'PARTY_ORGANISATION',
  'RESIDENTS_COMMITTEE',
  'OWNERS_COMMITTEE',
  'STEWARD_GROUP',
  'CO_GOVERNANCE_COMMITTEE',
  'SUPERVISORY_BOARD',
  'VOLUNTEER_TEAM',
  'AREA_SERVICE_TEAM',
];
export type PartyLevel = 'COMMUNITY' | 'COMPOUND' | 'BUILDING';
export type OrganisationStatus = 'ACTIVE' | 'REELECTION_DUE' | 'ENDED';

/**
 * An organisation of the community (党组织, 居委会, 业委会, 红管家, 区域共治委员会, 监事会, 志愿者队伍,
 * 片区服务团). The three region codes are copied from the tree so that a region's organisations
 * are one indexed read, as for compounds.
 */
@Entity('organisation')
export class OrganisationEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 32 })
  kind: OrganisationKind;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  partyLevel: PartyLevel | null;

  @Column({ type: 'varchar', length: 16 })
  status: OrganisationStatus;

  @Index('IDX_organisation_community')
  @Column({ type: 'varchar', length: 12 })
  communityCode: string;

  @Index('IDX_organisation_street')
  @Column({ type: 'varchar', length: 12 })
  streetCode: string;

  @Column({ type: 'varchar', length: 12 })
  districtCode: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  buildingId: string | null;

  @Index('IDX_organisation_parent')
  @Column({ type: 'varchar', length: 36, nullable: true })
  parentId: string | null;

  @Column({ type: 'date', nullable: true })
  termStartsOn: string | null;

  @Column({ type: 'date', nullable: true })
  termEndsOn: string | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  reelectionFlaggedAt: Date | null;

  /** Review years behind the re-election flag, comma-separated. */
  @Column({ type: 'varchar', length: 60, default: '' })
  reelectionYears: string;
}

/** The compounds an organisation serves: one for most, several for an area co-governance committee. */
@Entity('organisation_compound')
export class OrganisationCompoundEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  organisationId: string;

  @Index('IDX_organisation_compound_compound')
  @PrimaryColumn({ type: 'varchar', length: 36 })
  compoundId: string;
}
