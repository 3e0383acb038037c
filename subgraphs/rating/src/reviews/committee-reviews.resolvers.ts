import type { Resolvers } from '../generated/graphql';
import { passed } from './review-rules';
import { listReviews, openReview, publishReview, reviewById, reviewRank, submittedCount, submitReviewScore } from './committee-reviews.service';

export const reviewResolvers: Resolvers = {
  Query: {
    committeeReview: (_root, { id }, ctx) => reviewById(ctx, id),
    committeeReviews: (_root, args, ctx) => listReviews(ctx, args),
  },
  Mutation: {
    openCommitteeReview: (_root, { input }, ctx) => openReview(ctx, input),
    submitReviewScore: (_root, { reviewId, points, comment }, ctx) => submitReviewScore(ctx, reviewId, points, comment),
    publishCommitteeReview: (_root, { reviewId }, ctx) => publishReview(ctx, reviewId),
  },
  CommitteeReview: {
    compound: (v) => ({ id: v.compoundId }),
    passMark: (v) => v.passMarkCentipoints / 100,
    panelSize: (v) => v.panel.length,
    submitted: (v, _args, ctx) => submittedCount(ctx, v.id),
    score: (v) => (v.status === 'PUBLISHED' && v.scoreCentipoints !== null ? v.scoreCentipoints / 100 : null),
    passed: (v) => (v.status === 'PUBLISHED' && v.scoreCentipoints !== null ? passed(v.scoreCentipoints, v.passMarkCentipoints) : null),
    rank: (v, _args, ctx) => reviewRank(ctx, v),
    publishedAt: (v) => (v.publishedAt ? v.publishedAt.toISOString() : null),
    reelectionFlagged: (v) => v.reelectionFlaggedAt !== null,
  },
};
