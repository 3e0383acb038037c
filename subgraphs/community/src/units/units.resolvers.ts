import type { Resolvers } from '../generated/graphql';
import { importUnits, unitsOfBuilding, visibleUnit } from './units.service';
import { buildingById } from '../buildings/buildings.service';
import { compoundById } from '../compounds/compounds.service';
import { personById } from '../people/people.service';
import { liaisonsOfUnit } from '../people/liaison.service';
import { requireFound } from '../compounds/compound-scope';

export const unitResolvers: Resolvers = {
  Query: {
    unit: (_root, { id }, ctx) => visibleUnit(ctx, id),
  },
  Mutation: {
    importUnits: (_root, { compoundId, rows }, ctx) => importUnits(ctx, compoundId, rows),
  },
  Unit: {
    building: async (u, _args, ctx) => requireFound(await buildingById(ctx, u.buildingId), 'Building', u.buildingId),
    compound: async (u, _args, ctx) => requireFound(await compoundById(ctx, u.compoundId), 'Compound', u.compoundId),
    residential: (u) => u.use === 'RESIDENTIAL',
    owner: (u, _args, ctx) => (u.ownerId ? personById(ctx, u.ownerId) : null),
    liaisons: (u, _args, ctx) => liaisonsOfUnit(ctx, u.id),
  },
  Building: {
    compound: async (b, _args, ctx) => requireFound(await compoundById(ctx, b.compoundId), 'Compound', b.compoundId),
    units: (b, args, ctx) => unitsOfBuilding(ctx, b, args),
  },
};
