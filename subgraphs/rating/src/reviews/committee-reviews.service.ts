import { In } from 'typeorm';
import {
  badInput,
  canSeeCompound,
  ErrorCode,
  forbidden,
  HubError,
  loadOneBy,
  notFound,
  pageWindow,
  recordEvent,
  regionPathOf,
  requireRole,
  Role,
  transaction,
  type RequestContext,
} from '@hub/platform';
import { isDuplicateKey, lockRow } from '../scope/access';
import { decodeSortCursor, toSortedConnection } from '../scope/keyset';
import { CommitteeReviewEntity, ReviewScoreEntity } from './committee-review.entity';
import {
  DEFAULT_PASS_MARK,
  passed,
  quorumShortfall,
  reelectionYears,
  reviewScore,
  validateReviewPeriod,
  type PanelRole,
  type ReviewKind,
} from './review-rules';

/** Opening and publishing a review: admins, and officials or Party organisations whose regions hold the compound. */
async function assertRunsReview(ctx: RequestContext, compoundId: string): Promise<string[]> {
  requireRole(ctx.claims, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.ADMIN);
  const path = await regionPathOf(ctx, compoundId);
  if (path.length === 0 && ctx.claims.role !== Role.ADMIN) {
    throw badInput(`Compound ${compoundId} is not registered with the rating subgraph (no CompoundRegistered received)`, { field: 'compoundId' });
  }
  if (!canSeeCompound(ctx.claims, compoundId, path)) throw forbidden(`Compound ${compoundId} is outside your regions`);
  return path;
}

export interface OpenReviewInput {
  committeeId: string;
  compoundId: string;
  kind: ReviewKind;
  period: string;
  passMark?: number | null;
  panel: { sub: string; role: PanelRole }[];
}

export async function openReview(ctx: RequestContext, input: OpenReviewInput): Promise<CommitteeReviewEntity> {
  validateReviewPeriod(input.kind, input.period);
  if (!input.committeeId.trim() || input.committeeId.length > 36) throw badInput('committeeId must be the owners\' committee\'s id (1–36 characters)', { field: 'committeeId' });
  const passMark = input.passMark ?? DEFAULT_PASS_MARK;
  if (!Number.isInteger(passMark) || passMark < 0 || passMark > 100) throw badInput(`passMark must be whole points from 0 to 100, got ${passMark}`, { field: 'passMark' });
  const subs = new Set<string>();
  for (const p of input.panel) {
    if (!p.sub.trim() || p.sub.length > 64) throw badInput('A panelist is named by their token subject, 1–64 characters', { field: 'panel.sub' });
    if (subs.has(p.sub)) throw badInput(`Panelist ${p.sub} is listed twice`, { field: 'panel' });
    subs.add(p.sub);
  }
  const short = quorumShortfall(input.panel.map((p) => p.role));
  if (short.length > 0) throw badInput(`The panel cannot reach its quorum: it needs ${short.join(' and ').replace(/ scores?/g, '')} member(s)`, { field: 'panel' });
  const path = await assertRunsReview(ctx, input.compoundId);
  const districtCode = path[path.length - 1] ?? '';
  if (!districtCode) throw badInput(`Compound ${input.compoundId} has no district known to the rating subgraph yet`, { field: 'compoundId' });
  try {
    return await ctx.ds.getRepository(CommitteeReviewEntity).save(
      ctx.ds.getRepository(CommitteeReviewEntity).create({
        committeeId: input.committeeId,
        compoundId: input.compoundId,
        districtCode,
        kind: input.kind,
        period: input.period,
        status: 'OPEN',
        passMarkCentipoints: passMark * 100,
        panel: input.panel.map((p) => ({ sub: p.sub, role: p.role })),
        scoreCentipoints: null,
        publishedAt: null,
        reelectionFlaggedAt: null,
      }),
    );
  } catch (error) {
    if (isDuplicateKey(error)) throw new HubError(ErrorCode.CONFLICT, `Committee ${input.committeeId} already has a ${input.kind} review for ${input.period}`);
    throw error;
  }
}

const PANEL_ROLES: Record<PanelRole, Role> = { PARTY_SECRETARY: Role.PARTY_ORGANISATION, RESIDENT_REPRESENTATIVE: Role.RESIDENT };

/** A panelist's one score; the review must be open, the caller on its panel with the matching role and scope. */
export async function submitReviewScore(ctx: RequestContext, reviewId: string, points: number, comment?: string | null): Promise<CommitteeReviewEntity> {
  requireRole(ctx.claims, Role.PARTY_ORGANISATION, Role.RESIDENT);
  const review = await ctx.ds.getRepository(CommitteeReviewEntity).findOneBy({ id: reviewId });
  if (!review) throw notFound('Committee review', reviewId);
  if (review.status !== 'OPEN') throw new HubError(ErrorCode.INVALID_TRANSITION, `Review ${review.period} is ${review.status}; scores are taken only while it is OPEN`, { status: review.status });
  const seat = review.panel.find((p) => p.sub === ctx.claims.sub);
  if (!seat) throw forbidden('You are not on this review\'s panel');
  if (PANEL_ROLES[seat.role] !== ctx.claims.role) throw forbidden(`Panelists seated as ${seat.role} sign in as ${PANEL_ROLES[seat.role]}, not ${ctx.claims.role}`);
  if (!canSeeCompound(ctx.claims, review.compoundId, await regionPathOf(ctx, review.compoundId))) throw forbidden(`Compound ${review.compoundId} is outside your scope`);
  if (!Number.isInteger(points) || points < 0 || points > 100) throw badInput(`points must be whole points from 0 to 100, got ${points}`, { field: 'points' });
  if (comment && comment.length > 500) throw badInput('A comment has at most 500 characters', { field: 'comment' });
  const already = () => new HubError(ErrorCode.CONFLICT, 'You have already scored this review; a score is final once submitted');
  try {
    await transaction(ctx.ds, async (manager) => {
      const locked = (await lockRow(manager, CommitteeReviewEntity, reviewId))!;
      if (locked.status !== 'OPEN') throw new HubError(ErrorCode.INVALID_TRANSITION, 'The review was published meanwhile; scores are taken only while it is OPEN');
      if (await manager.existsBy(ReviewScoreEntity, { reviewId, panelistSub: ctx.claims.sub! })) throw already();
      await manager.save(manager.create(ReviewScoreEntity, { reviewId, panelistSub: ctx.claims.sub!, panelRole: seat.role, points, comment: comment ?? null }));
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw already();
    throw error;
  }
  return review;
}

/**
 * Publishes a review with the mean of its panel's points. A failing yearly review that follows
 * a failing yearly review of the year before raises the re-election flag: CommitteeReelectionFlagged
 * through the outbox, in the same transaction.
 */
export async function publishReview(ctx: RequestContext, reviewId: string): Promise<CommitteeReviewEntity> {
  const found = await ctx.ds.getRepository(CommitteeReviewEntity).findOneBy({ id: reviewId });
  if (!found) throw notFound('Committee review', reviewId);
  await assertRunsReview(ctx, found.compoundId);
  return transaction(ctx.ds, async (manager) => {
    const review = (await lockRow(manager, CommitteeReviewEntity, reviewId))!;
    if (review.status !== 'OPEN') throw new HubError(ErrorCode.INVALID_TRANSITION, `Review ${review.period} is already published`, { status: review.status });
    const scores = await manager.findBy(ReviewScoreEntity, { reviewId });
    const short = quorumShortfall(scores.map((s) => s.panelRole));
    if (short.length > 0) throw new HubError(ErrorCode.INVALID_TRANSITION, `The panel has not reached its quorum; it needs ${short.join(' and ')}`);
    const now = new Date();
    review.scoreCentipoints = reviewScore(scores.map((s) => s.points));
    review.status = 'PUBLISHED';
    review.publishedAt = now;
    if (review.kind === 'YEARLY') {
      const year = Number(review.period);
      const history = await manager.findBy(CommitteeReviewEntity, { committeeId: review.committeeId, kind: 'YEARLY', status: 'PUBLISHED', period: In([String(year - 1)]) });
      const years = reelectionYears(
        year,
        !passed(review.scoreCentipoints, review.passMarkCentipoints),
        history.map((h) => ({ year: Number(h.period), passed: passed(h.scoreCentipoints!, h.passMarkCentipoints) })),
      );
      if (years) {
        review.reelectionFlaggedAt = now;
        await recordEvent(manager, 'CommitteeReelectionFlagged', review.committeeId, { committeeId: review.committeeId, compoundId: review.compoundId, years, flaggedAt: now.toISOString() });
      }
    }
    return manager.save(review);
  });
}

/**
 * A review that is not yet published is visible only to admins, to officials and Party
 * organisations of the compound's region and to its panel; published ones to everyone.
 */
export async function reviewById(ctx: RequestContext, id: string): Promise<CommitteeReviewEntity | null> {
  const review = await loadOneBy(ctx, CommitteeReviewEntity, 'id', id);
  if (!review || review.status === 'PUBLISHED') return review;
  if (review.panel.some((p) => p.sub === ctx.claims.sub)) return review;
  const managers: Role[] = [Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION];
  if (managers.includes(ctx.claims.role) && canSeeCompound(ctx.claims, review.compoundId, await regionPathOf(ctx, review.compoundId))) return review;
  return null;
}

/** Published reviews of a district for one kind and period, best first. */
export async function listReviews(ctx: RequestContext, args: { districtCode: string; kind: ReviewKind; period: string; first?: number | null; after?: string | null }) {
  const { limit } = pageWindow({ first: args.first }, ctx.config.limits.maxPageSize);
  const qb = ctx.ds
    .getRepository(CommitteeReviewEntity)
    .createQueryBuilder('v')
    .where('v.districtCode = :districtCode AND v.kind = :kind AND v.period = :period', args)
    .andWhere("v.status = 'PUBLISHED'")
    .orderBy('v.scoreCentipoints', 'DESC')
    .addOrderBy('v.id', 'ASC')
    .limit(limit + 1);
  if (args.after) {
    const c = decodeSortCursor(args.after);
    qb.andWhere('(v.scoreCentipoints < :afterScore OR (v.scoreCentipoints = :afterScore AND v.id > :afterId))', { afterScore: c.key, afterId: c.id });
  }
  return toSortedConnection(await qb.getMany(), limit, (v) => v.scoreCentipoints!, Boolean(args.after));
}

/** Competition rank among the district's published reviews of the same kind and period; one statement per request. */
export async function reviewRank(ctx: RequestContext, review: CommitteeReviewEntity): Promise<number | null> {
  if (review.status !== 'PUBLISHED' || review.scoreCentipoints === null) return null;
  const scores = await ctx.loaders
    .get<string, number[]>('CommitteeReview.rank', async (keys) => {
      const triples = keys.map((k) => k.split('|'));
      const rows = await ctx.ds
        .getRepository(CommitteeReviewEntity)
        .createQueryBuilder('v')
        .select(['v.districtCode', 'v.kind', 'v.period', 'v.scoreCentipoints'])
        .where('v.districtCode IN (:...d)', { d: [...new Set(triples.map((t) => t[0]))] })
        .andWhere('v.period IN (:...p)', { p: [...new Set(triples.map((t) => t[2]))] })
        .andWhere("v.status = 'PUBLISHED'")
        .getMany();
      return keys.map((k) => rows.filter((r) => `${r.districtCode}|${r.kind}|${r.period}` === k).map((r) => r.scoreCentipoints!));
    })
    .load(`${review.districtCode}|${review.kind}|${review.period}`);
  return 1 + scores.filter((s) => s > review.scoreCentipoints!).length;
}

/** Panel scores received per review, for all reviews of the request in one statement. */
export function submittedCount(ctx: RequestContext, reviewId: string): Promise<number> {
  return ctx.loaders
    .get<string, number>('ReviewScore.count', async (ids) => {
      const rows: { reviewId: string; n: string | number }[] = await ctx.ds
        .getRepository(ReviewScoreEntity)
        .createQueryBuilder('s')
        .select('s.reviewId', 'reviewId')
        .addSelect('COUNT(*)', 'n')
        .where('s.reviewId IN (:...ids)', { ids })
        .groupBy('s.reviewId')
        .getRawMany();
      const counts = new Map(rows.map((r) => [r.reviewId, Number(r.n)]));
      return ids.map((id) => counts.get(id) ?? 0);
    })
    .load(reviewId);
}
