import type { Resolvers } from '../generated/graphql';
import { financeAccounts, publicRevenueBalance } from './accounts.service';

export const accountResolvers: Resolvers = {
  Query: {
    publicRevenueBalance: (_root, { compoundId }, ctx) => publicRevenueBalance(ctx, compoundId),
    financeAccounts: (_root, { compoundId }, ctx) => financeAccounts(ctx, compoundId),
  },
  Compound: {
    __resolveReference: (ref) => ({ id: ref.id }),
    publicRevenueBalanceFen: (compound, _args, ctx) => publicRevenueBalance(ctx, compound.id),
  },
  Account: {
    buildingRef: (a) => a.buildingRef || null,
  },
};
