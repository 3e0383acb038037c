import type { Resolvers } from '../generated/graphql';
import { schemeById } from '../schemes/rating-schemes.service';
import { roundResults } from '../results/rating-results.service';
import type { RaterGroup } from '../schemes/scheme-rules';
import {
  closeRound,
  listRounds,
  myAssignments,
  openRound,
  publishRound,
  registerRaters,
  reopenRound,
  roundById,
  roundCompounds,
  sheetCount,
  sheetSubmitted,
  visibleOutcome,
} from './rating-rounds.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const roundResolvers: Resolvers = {
  Query: {
    myRatingAssignments: (_root, args, ctx) => myAssignments(ctx, args),
    ratingRound: (_root, { id }, ctx) => roundById(ctx, id),
    ratingRounds: (_root, { districtCode, first, after }, ctx) => listRounds(ctx, districtCode, { first, after }),
  },
  Mutation: {
    openRound: (_root, { input }, ctx) => openRound(ctx, input),
    registerRaters: (_root, { roundId, compoundId, raters }, ctx) => registerRaters(ctx, roundId, compoundId, raters),
    closeRound: (_root, { roundId }, ctx) => closeRound(ctx, roundId),
    reopenRound: (_root, { roundId }, ctx) => reopenRound(ctx, roundId),
    publishRound: (_root, { roundId }, ctx) => publishRound(ctx, roundId),
  },
  RatingRound: {
    scheme: async (r, _args, ctx) => (await schemeById(ctx, r.schemeId))!,
    openedAt: (r) => r.createdAt.toISOString(),
    closedAt: (r) => iso(r.closedAt),
    publishedAt: (r) => iso(r.publishedAt),
    compounds: (r, { first, after }, ctx) => roundCompounds(ctx, r.id, { first, after }),
    results: (r, { first, after }, ctx) => roundResults(ctx, r.id, { first, after }),
  },
  RoundCompound: {
    compound: (c) => ({ id: c.compoundId }),
    firm: (c) => (c.firmId ? { id: c.firmId } : null),
    outcome: async (c, _args, ctx) => (await visibleOutcome(ctx, c)).outcome,
    withheldReason: async (c, _args, ctx) => (await visibleOutcome(ctx, c)).withheldReason,
    sheets: (c, _args, ctx) => sheetCount(ctx, c.roundId, c.compoundId),
  },
  RaterAssignment: {
    round: async (a, _args, ctx) => (await roundById(ctx, a.roundId))!,
    compound: (a) => ({ id: a.compoundId }),
    group: (a) => a.raterGroup as RaterGroup,
    submitted: (a, _args, ctx) => sheetSubmitted(ctx, a),
  },
};
