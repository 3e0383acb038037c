import type { Resolvers } from '../generated/graphql';
import { compoundById } from '../compounds/compounds.service';
import { matterIfVisible } from '../matters/matters.service';
import { actionForBreach } from './convention-rules';
import { conventionById, listConventions } from './conventions.service';

export const conventionResolvers: Resolvers = {
  Query: {
    convention: (_root, { id }, ctx) => conventionById(ctx, id),
    conventions: (_root, args, ctx) => listConventions(ctx, args),
  },
  Convention: {
    compound: async (c, _args, ctx) => {
      const compound = await compoundById(ctx, c.compoundId);
      if (!compound) throw new Error(`convention ${c.id} refers to missing compound ${c.compoundId}`);
      return compound;
    },
    matter: async (c, _args, ctx) => {
      const matter = await matterIfVisible(ctx, c.matterId);
      if (!matter) throw new Error(`convention ${c.id}: its matter ${c.matterId} is not visible`);
      return matter;
    },
    adoptedAt: (c) => (c.adoptedAt ? c.adoptedAt.toISOString() : null),
    actionForBreach: (c, { breach }) => actionForBreach(c.escalation, breach),
  },
};
