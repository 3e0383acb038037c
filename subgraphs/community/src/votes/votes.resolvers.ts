import type { Resolvers } from '../generated/graphql';
import { castBallot } from './votes.service';

export const voteResolvers: Resolvers = {
  Mutation: {
    castBallot: (_root, { matterId, choice }, ctx) => castBallot(ctx, matterId, choice),
  },
  Ballot: {
    castAt: (b) => b.castAt.toISOString(),
  },
};
