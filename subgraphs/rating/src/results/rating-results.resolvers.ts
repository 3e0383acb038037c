import type { Resolvers } from '../generated/graphql';
import { latestRating } from './rating-results.service';

export const resultResolvers: Resolvers = {
  Compound: {
    __resolveReference: (ref) => ({ id: ref.id }),
    latestRating: (compound, _args, ctx) => latestRating(ctx, compound.id),
  },
  Rating: {
    score: (r) => r.scoreCentipoints / 100,
    publishedAt: (r) => r.publishedAt.toISOString(),
  },
};
