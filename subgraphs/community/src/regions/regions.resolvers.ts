import type { Resolvers } from '../generated/graphql';
import { regionByCode, regionChildren } from './regions.service';

export const regionResolvers: Resolvers = {
  Query: {
    region: (_root, { code }, ctx) => regionByCode(ctx, code),
  },
  Region: {
    parent: (region, _args, ctx) => (region.parentCode ? regionByCode(ctx, region.parentCode) : null),
    children: (region, _args, ctx) => regionChildren(ctx, region.code),
  },
};
