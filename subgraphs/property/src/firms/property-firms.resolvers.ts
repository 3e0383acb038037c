import type { Resolvers } from '../generated/graphql';
import { firmById } from './property-firms.service';

export const firmResolvers: Resolvers = {
  Query: {
    propertyFirm: (_root, { id }, ctx) => firmById(ctx, id),
  },
  PropertyFirm: {
    __resolveReference: (ref, ctx) => firmById(ctx, ref.id),
  },
};
