import type { Resolvers } from '../generated/graphql';
import { utcDay } from '../scope/period';
import { commonAreaCleaningPaidBy, contractStateOn } from './contract-rules';
import { activeContract, compoundContracts, contractFirm, endContract, signContract } from './service-contracts.service';

export const contractResolvers: Resolvers = {
  Compound: {
    __resolveReference: (ref) => ({ id: ref.id }),
    propertyContract: (compound, _args, ctx) => activeContract(ctx, compound.id),
    serviceContracts: (compound, args, ctx) => compoundContracts(ctx, compound.id, args),
  },
  ServiceContract: {
    compound: (c) => ({ id: c.compoundId }),
    firm: (c, _args, ctx) => contractFirm(ctx, c),
    status: (c) => contractStateOn(c, utcDay()),
    commonAreaCleaningPaidBy: (c) => commonAreaCleaningPaidBy(c.model),
  },
  Mutation: {
    signServiceContract: (_root, { input }, ctx) => signContract(ctx, input),
    endServiceContract: (_root, { id, endsOn, reason }, ctx) => endContract(ctx, id, endsOn, reason),
  },
};
