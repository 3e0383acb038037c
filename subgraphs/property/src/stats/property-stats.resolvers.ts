import type { Resolvers } from '../generated/graphql';
import { firmById } from '../firms/property-firms.service';
import { propertyStats } from './property-stats.service';

export const statsResolvers: Resolvers = {
  Query: {
    propertyStats: (_root, { regionCode, from, to }, ctx) => propertyStats(ctx, regionCode, from, to),
  },
  FirmSlaCompliance: {
    firm: (row, _args, ctx) => (row.firmId ? firmById(ctx, row.firmId) : null),
  },
};
