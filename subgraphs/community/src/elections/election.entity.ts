import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

export type CriterionKind = 'PRIORITY' | 'EXCLUSION';
export type ReviewingBody = 'PARTY_ORGANISATION' | 'RESIDENTS_COMMITTEE' | 'STREET_OFFICE' | 'POLICE_STATION' | 'HOUSING_AUTHORITY';
export const REVIEWING_BODIES: readonly ReviewingBody[] = ['PARTY_ORGANISATION', 'RESIDENTS_COMMITTEE', 'STREET_OFFICE', 'POLICE_STATION', 'HOUSING_AUTHORITY'];
export type ElectionStatus = 'NOMINATING' | 'VOTING' | 'ELECTED' | 'FAILED';

/** A vetting list for owners'-committee candidates, e.g. "seven priorities, nine exclusions" (七优先九不得). */
@Entity('criteria_list')
export class CriteriaListEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 100 })
  name: string;
}

@Entity('election_criterion')
@Index('IDX_election_criterion_list_code', ['listId', 'code'], { unique: true })
export class ElectionCriterionEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  listId: string;

  @Column({ type: 'varchar', length: 10 })
  code: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CriterionKind;

  @Column({ type: 'varchar', length: 200 })
  text: string;
}

/** An owners'-committee election (业委会选举). */
@Entity('election')
export class ElectionEntity extends BaseEntity {
  @Index('IDX_election_compound')
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'int' })
  seats: number;

  @Column({ type: 'varchar', length: 16 })
  status: ElectionStatus;

  @Column({ type: 'varchar', length: 36 })
  criteriaListId: string;

  /** Comma-separated ReviewingBody values. */
  @Column({ type: 'varchar', length: 200 })
  reviewingBodies: string;

  @Column({ type: 'date' })
  termStartsOn: string;

  @Column({ type: 'date' })
  termEndsOn: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  matterId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  committeeId: string | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  decidedAt: Date | null;
}

/** A candidate (候选人): an owner of a unit in the election's compound. */
@Entity('candidate')
@Index('IDX_candidate_election_person', ['electionId', 'personId'], { unique: true })
export class CandidateEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  electionId: string;

  @Column({ type: 'varchar', length: 36 })
  personId: string;

  @Column({ type: 'varchar', length: 36 })
  unitId: string;

  @Column({ type: 'boolean', default: false })
  vetted: boolean;

  /** Comma-separated criterion codes. */
  @Column({ type: 'varchar', length: 200, default: '' })
  prioritiesMet: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  exclusionsHit: string;

  /** On the ballot paper of the owners' vote: qualified when the vote was started. */
  @Column({ type: 'boolean', default: false })
  onBallot: boolean;
}

/** A reviewing body's verdict in the joint qualification review (联审); one row per body, the latest. */
@Entity('candidate_review')
@Index('IDX_candidate_review_candidate_body', ['candidateId', 'body'], { unique: true })
export class CandidateReviewEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  candidateId: string;

  @Column({ type: 'varchar', length: 32 })
  body: ReviewingBody;

  @Column({ type: 'boolean' })
  approve: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  reviewedBy: string | null;
}
