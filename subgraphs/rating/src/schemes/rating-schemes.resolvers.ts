import type { Resolvers } from '../generated/graphql';
import { createScheme, currentScheme, schemeById } from './rating-schemes.service';

export const schemeResolvers: Resolvers = {
  Query: {
    ratingScheme: (_root, { id }, ctx) => schemeById(ctx, id),
    currentRatingScheme: (_root, { districtCode }, ctx) => currentScheme(ctx.ds, districtCode),
  },
  Mutation: {
    createRatingScheme: (_root, { input }, ctx) => createScheme(ctx, input),
  },
  RatingScheme: {
    indicators: (s) => s.indicators.map((i) => ({ code: i.code, name: i.name, weightBasisPoints: i.weightBp })),
    groups: (s) => s.groups.map((g) => ({ group: g.group, proportionBasisPoints: g.proportionBp, minRaters: g.minRaters })),
    createdAt: (s) => s.createdAt.toISOString(),
  },
};
