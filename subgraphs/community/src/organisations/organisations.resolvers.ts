import type { Resolvers } from '../generated/graphql';
import { childrenOf, compoundsOf, createOrganisation, endOrganisation, listOrganisations, organisationById, seesOrganisation, visibleOrganisation } from './organisations.service';
import { appointPost, endPost, postsOfOrganisation } from '../posts/posts.service';
import { crossAppointmentsIn } from '../posts/cross-appointments.service';
import { regionByCode } from '../regions/regions.service';
import { buildingById } from '../buildings/buildings.service';
import { personById } from '../people/people.service';
import { requireFound } from '../compounds/compound-scope';
import { dateString } from '../people/dates';

export const organisationResolvers: Resolvers = {
  Query: {
    organisation: (_root, { id }, ctx) => visibleOrganisation(ctx, id),
    organisations: (_root, args, ctx) => listOrganisations(ctx, args),
    crossAppointments: (_root, { regionCode, ...page }, ctx) => crossAppointmentsIn(ctx, regionCode, page),
  },
  Mutation: {
    createOrganisation: (_root, { input }, ctx) => createOrganisation(ctx, { ...input, compoundIds: input.compoundIds ?? [] }),
    endOrganisation: (_root, { id, endsOn }, ctx) => endOrganisation(ctx, id, endsOn),
    appointPost: (_root, { input }, ctx) => appointPost(ctx, input),
    endPost: (_root, { id, endsOn }, ctx) => endPost(ctx, id, endsOn),
  },
  Organisation: {
    community: async (o, _args, ctx) => requireFound(await regionByCode(ctx, o.communityCode), 'Region', o.communityCode),
    compounds: (o, _args, ctx) => compoundsOf(ctx, o),
    building: (o, _args, ctx) => (o.buildingId ? buildingById(ctx, o.buildingId) : null),
    parent: async (o, _args, ctx) => {
      const parent = o.parentId ? await organisationById(ctx, o.parentId) : null;
      return parent && (await seesOrganisation(ctx, parent)) ? parent : null;
    },
    children: (o, _args, ctx) => childrenOf(ctx, o),
    termStartsOn: (o) => dateString(o.termStartsOn),
    termEndsOn: (o) => dateString(o.termEndsOn),
    reelectionFlaggedAt: (o) => o.reelectionFlaggedAt?.toISOString() ?? null,
    reelectionYears: (o) => (o.reelectionYears ? o.reelectionYears.split(',').map(Number) : []),
    posts: (o, { includeEnded }, ctx) => postsOfOrganisation(ctx, o, includeEnded ?? false),
  },
  Post: {
    person: async (p, _args, ctx) => requireFound(await personById(ctx, p.personId), 'Person', p.personId),
    organisation: (p, _args, ctx) => (p.organisationId ? organisationById(ctx, p.organisationId) : null),
    firm: (p) => (p.firmId ? { id: p.firmId } : null),
  },
  CrossAppointment: {
    person: async (c, _args, ctx) => requireFound(await personById(ctx, c.personId), 'Person', c.personId),
  },
};
