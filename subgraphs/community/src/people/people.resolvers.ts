import type { Resolvers } from '../generated/graphql';
import { me, personView, registerPerson, visiblePerson } from './people.service';
import { liaisonsOf, linkHouseholds, logServiceHours, registerServingMember, serviceLogOf, servingMembers } from './liaison.service';
import { postsOfPerson } from '../posts/posts.service';
import { personById } from './people.service';
import { unitById, unitsOwnedBy } from '../units/units.service';
import { regionByCode } from '../regions/regions.service';
import { requireFound } from '../compounds/compound-scope';
import { dateString } from './dates';

export const peopleResolvers: Resolvers = {
  Query: {
    me: (_root, _args, ctx) => me(ctx),
    person: (_root, { id }, ctx) => visiblePerson(ctx, id),
    servingMembers: (_root, { communityCode }, ctx) => servingMembers(ctx, communityCode),
  },
  Mutation: {
    registerPerson: (_root, { input }, ctx) => registerPerson(ctx, input),
    linkHouseholds: (_root, { memberId, unitIds }, ctx) => linkHouseholds(ctx, memberId, unitIds),
    registerServingMember: (_root, { memberId, communityCode, employer }, ctx) => registerServingMember(ctx, memberId, communityCode, employer),
    logServiceHours: (_root, { registrationId, servedOn, minutes, activity, entryKey }, ctx) => logServiceHours(ctx, registrationId, servedOn, minutes, activity, entryKey),
  },
  Person: {
    name: (p, _args, ctx) => personView(ctx, p).name,
    phone: (p, _args, ctx) => personView(ctx, p).phone,
    idNumber: (p, _args, ctx) => personView(ctx, p).idNumber,
    posts: (p, _args, ctx) => postsOfPerson(ctx, p.id),
    units: (p, _args, ctx) => unitsOwnedBy(ctx, p.id),
    liaisonHouseholds: (p, _args, ctx) => liaisonsOf(ctx, p.id),
  },
  HouseholdLiaison: {
    member: async (l, _args, ctx) => requireFound(await personById(ctx, l.memberId), 'Person', l.memberId),
    unit: async (l, _args, ctx) => requireFound(await unitById(ctx, l.unitId), 'Unit', l.unitId),
    since: (l) => dateString(l.since)!,
  },
  ServingMemberRegistration: {
    member: async (r, _args, ctx) => requireFound(await personById(ctx, r.memberId), 'Person', r.memberId),
    community: async (r, _args, ctx) => requireFound(await regionByCode(ctx, r.communityCode), 'Region', r.communityCode),
    registeredAt: (r) => r.createdAt.toISOString(),
    serviceLog: (r, _args, ctx) => serviceLogOf(ctx, r),
  },
  ServiceEntry: {
    servedOn: (e) => dateString(e.servedOn)!,
  },
};
