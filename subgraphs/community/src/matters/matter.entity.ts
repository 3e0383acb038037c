import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import type { MatterState, PreReviewer } from './matter-flow';
import { jsonText } from './persistence';
import type { StoredTally } from '../votes/tally-view';

/**
 * What a matter decides beyond its own text: an ordinary matter, the election of an owners'
 * committee (a slate put to the vote), or the adoption of a convention attached to it.
 */
export type MatterKind = 'GENERAL' | 'ELECTION' | 'CONVENTION';

/**
 * A major matter (重大事项) put to the owners' assembly through "三议三公开": proposed,
 * pre-reviewed, consulted, voted on; topic, process and result published.
 */
@Entity('matter')
@Index('IDX_matter_compound_state', ['compoundId', 'state'])
@Index('IDX_matter_request_key', ['compoundId', 'requestKey'], { unique: true })
export class MatterEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  description: string;

  /** PRC Civil Code art. 278 item, 1–9; items 6–8 need three quarters. */
  @Column({ type: 'int' })
  article278Item: number;

  @Column({ type: 'varchar', length: 16 })
  kind: MatterKind;

  @Column({ type: 'varchar', length: 16 })
  state: MatterState;

  /** The caller's idempotency key: proposing again with the same key returns the same matter. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  requestKey: string | null;

  @Column({ type: 'varchar', length: 64 })
  proposedBy: string;

  @Column({ type: 'varchar', length: 32 })
  proposedByRole: string;

  /** When the topic was made public (议题公开): from then on the compound's residents see the matter. */
  @Column({ type: 'datetime', precision: 6, nullable: true })
  topicPublishedAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  votingOpenedAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  votingClosesAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  decidedAt: Date | null;

  /** Set when the vote is closed; null before. */
  @Column({ type: 'boolean', nullable: true })
  passed: boolean | null;

  /** The count at closing, frozen so that later changes to the unit register do not rewrite a published result. */
  @Column({ type: 'text', nullable: true, transformer: jsonText })
  finalTally: StoredTally | null;
}

/** One of the two pre-reviews (两先) of a matter. */
@Entity('matter_pre_review')
@Index('IDX_matter_pre_review_reviewer', ['matterId', 'reviewer'], { unique: true })
export class MatterPreReviewEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  matterId: string;

  @Column({ type: 'varchar', length: 24 })
  reviewer: PreReviewer;

  @Column({ type: 'boolean' })
  approved: boolean;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'varchar', length: 64 })
  reviewedBy: string;
}

/** A consultation held on a matter (商议): who took part and what came of it. */
@Entity('matter_consultation')
@Index('IDX_matter_consultation_matter', ['matterId'])
export class MatterConsultationEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  matterId: string;

  @Column({ type: 'datetime', precision: 6 })
  heldAt: Date;

  /** The parties represented, e.g. OWNERS, PROPERTY_FIRM (stored comma-separated). */
  @Column({ type: 'varchar', length: 200 })
  parties: string;

  @Column({ type: 'int' })
  participants: number;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'varchar', length: 64 })
  recordedBy: string;
}

/** One step of a matter: from which state to which, by whom, when (createdAt) and why. */
@Entity('matter_transition')
@Index('IDX_matter_transition_matter', ['matterId'])
export class MatterTransitionEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  matterId: string;

  @Column({ type: 'varchar', length: 24 })
  action: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromState: MatterState | null;

  @Column({ type: 'varchar', length: 16 })
  toState: MatterState;

  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @Column({ type: 'varchar', length: 32 })
  actorRole: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}

export type PublicationStage = 'TOPIC' | 'PROCESS' | 'RESULT';

/** A publication of a matter (议题公开、过程公开、结果公开), stamped with its time (createdAt). */
@Entity('matter_publication')
@Index('IDX_matter_publication_matter', ['matterId'])
export class MatterPublicationEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  matterId: string;

  @Column({ type: 'varchar', length: 16 })
  stage: PublicationStage;

  @Column({ type: 'text' })
  content: string;
}
