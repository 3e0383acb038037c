import type { Resolvers } from '../generated/graphql';
import { regionByCode } from '../regions/regions.service';
import { compoundById, hasThreeNoes, listCompounds, registerCompound, setThreeNoes } from './compounds.service';
import { buildingsOfCompound } from '../buildings/buildings.service';
import { registeredArea, unitsOfCompound } from '../units/units.service';
import { organisationsOfCompound } from '../organisations/organisations.service';

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
  Mutation: {
    registerCompound: (_root, { input }, ctx) => registerCompound(ctx, input),
    setThreeNoes: (_root, { compoundId, input }, ctx) => setThreeNoes(ctx, compoundId, input),
  },
  Compound: {
    __resolveReference: (ref, ctx) => compoundById(ctx, ref.id),
    community: (c, _args, ctx) => region(ctx, c.communityCode),
    street: (c, _args, ctx) => region(ctx, c.streetCode),
    district: (c, _args, ctx) => region(ctx, c.districtCode),
    threeNoes: (c) => ({ noOwnersCommittee: c.noOwnersCommittee, noPropertyFirm: c.noPropertyFirm, noMaintenanceFund: c.noMaintenanceFund, all: hasThreeNoes(c) }),
    buildings: (c, args, ctx) => buildingsOfCompound(ctx, c, args),
    units: (c, args, ctx) => unitsOfCompound(ctx, c, args),
    registeredAreaCentiM2: (c, _args, ctx) => registeredArea(ctx, c),
    organisations: (c, _args, ctx) => organisationsOfCompound(ctx, c),
  },
};
