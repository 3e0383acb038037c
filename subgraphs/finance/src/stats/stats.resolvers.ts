import type { Resolvers } from '../generated/graphql';
import { financeStats } from './stats.service';

export const statsResolvers: Resolvers = {
  Query: {
    financeStats: (_root, { regionCode, from, to }, ctx) => financeStats(ctx, regionCode, from, to),
  },
  FirmIncentiveTotal: {
    firm: (r) => ({ id: r.firmId }),
  },
};
