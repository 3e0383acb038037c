import type { Resolvers } from '../generated/graphql';
import { publicRevenueBalance } from './accounts.service';

export const accountResolvers: Resolvers = {
  Query: {
    publicRevenueBalance: (_root, { compoundId }, ctx) => publicRevenueBalance(ctx, compoundId),
  },
  Compound: {
    __resolveReference: (ref) => ({ id: ref.id }),
    publicRevenueBalanceFen: (compound, _args, ctx) => publicRevenueBalance(ctx, compound.id),
  },
};
