import type { Resolvers } from '../generated/graphql';
import { communityStats, coverage, requestsOf, threeNoesList } from './stats.service';

export const statsResolvers: Resolvers = {
  Query: {
    communityStats: (_root, { regionCode, from, to }, ctx) => communityStats(ctx, regionCode, from, to),
  },
  CommunityStats: {
    regionCode: (s) => s.region.code,
    from: (s) => s.from.toISOString(),
    to: (s) => s.to.toISOString(),
    coverage: (s, _args, ctx) => coverage(ctx, s),
    threeNoes: (s, _args, ctx) => threeNoesList(ctx, s),
    requests: (s, _args, ctx) => requestsOf(ctx, s),
  },
};
