import type { Resolvers } from '../generated/graphql';
import { activeContract } from './service-contracts.service';

export const contractResolvers: Resolvers = {
  Compound: {
    __resolveReference: (ref) => ({ id: ref.id }),
    propertyContract: (compound, _args, ctx) => activeContract(ctx, compound.id),
  },
};
