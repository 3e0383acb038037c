import type { Resolvers } from '../generated/graphql';
import { raiseMaintenanceFund } from './maintenance-fund.service';

export const maintenanceFundResolvers: Resolvers = {
  Mutation: {
    raiseMaintenanceFund: (_root, { input }, ctx) => raiseMaintenanceFund(ctx, input),
  },
};
