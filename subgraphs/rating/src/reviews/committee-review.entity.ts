import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import { jsonTransformer } from '../scope/json-column';
import type { PanelRole, ReviewKind } from './review-rules';

export type ReviewStatus = 'OPEN' | 'PUBLISHED';

/** An owners' committee performance review (业委会履职评议): yearly, or a half-year check. */
@Entity('committee_review')
@Index('IDX_review_committee_kind_period', ['committeeId', 'kind', 'period'], { unique: true })
@Index('IDX_review_district_period', ['districtCode', 'kind', 'period'])
export class CommitteeReviewEntity extends BaseEntity {
  /** The community subgraph's Organisation id of the owners' committee. */
  @Column({ type: 'varchar', length: 36 })
  committeeId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 12 })
  districtCode: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ReviewKind;

  /** 2026 for a yearly review, 2026-H1 / 2026-H2 for a half-year check. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'varchar', length: 16 })
  status: ReviewStatus;

  @Column({ type: 'int' })
  passMarkCentipoints: number;

  /** Who sits on the panel: token subject and role. */
  @Column({ type: 'text', transformer: jsonTransformer })
  panel: { sub: string; role: PanelRole }[];

  @Column({ type: 'int', nullable: true })
  scoreCentipoints: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;

  /** Set when publishing this review raised the re-election flag. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  reelectionFlaggedAt: Date | null;
}

/** One panelist's 100-point score of a review; one per panelist by the unique index. */
@Entity('committee_review_score')
@Index('IDX_review_score_panelist', ['reviewId', 'panelistSub'], { unique: true })
export class ReviewScoreEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  reviewId: string;

  @Column({ type: 'varchar', length: 64 })
  panelistSub: string;

  @Column({ type: 'varchar', length: 32 })
  panelRole: PanelRole;

  @Column({ type: 'int' })
  points: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  comment: string | null;
}
