import type { Resolvers } from '../generated/graphql';
import { regionByCode } from '../regions/regions.service';
import { compoundById, listCompounds } from './compounds.service';

const region = (ctx: Parameters<typeof regionByCode>[0], code: string) =>
  regionByCode(ctx, code).then((r) => {
    if (!r) throw new Error(`compound refers to unknown region ${code}`);
    return r;
  });

export const compoundResolvers: Resolvers = {
  Query: {
    compound: (_root, { id }, ctx) => compoundById(ctx, id),
    compounds: (_root, args, ctx) => listCompounds(ctx, args),
  },
  Compound: {
    __resolveReference: (ref, ctx) => compoundById(ctx, ref.id),
    community: (c, _args, ctx) => region(ctx, c.communityCode),
    street: (c, _args, ctx) => region(ctx, c.streetCode),
    district: (c, _args, ctx) => region(ctx, c.districtCode),
  },
};
