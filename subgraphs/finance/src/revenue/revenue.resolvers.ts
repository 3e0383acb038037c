import type { Resolvers } from '../generated/graphql';
import { recordRevenue } from './revenue.service';

export const revenueResolvers: Resolvers = {
  Mutation: {
    recordRevenue: (_root, { input }, ctx) => recordRevenue(ctx, input),
  },
};
