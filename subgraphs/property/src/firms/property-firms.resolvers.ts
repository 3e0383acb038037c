import type { Resolvers } from '../generated/graphql';
import { servedCompounds } from '../contracts/service-contracts.service';
import { endPost, firmById, firmPosts, listFirms, recordPost, registerFirm, setPartyBuilding } from './property-firms.service';

export const firmResolvers: Resolvers = {
  Query: {
    propertyFirm: (_root, { id }, ctx) => firmById(ctx, id),
    propertyFirms: (_root, args, ctx) => listFirms(ctx, args),
  },
  PropertyFirm: {
    __resolveReference: (ref, ctx) => firmById(ctx, ref.id),
    posts: (firm, { includeEnded, ...page }, ctx) => firmPosts(ctx, firm.id, includeEnded ?? false, page),
    compounds: (firm, args, ctx) => servedCompounds(ctx, firm.id, args),
  },
  FirmPost: {
    firm: (post, _args, ctx) => firmById(ctx, post.firmId).then((f) => f!),
  },
  Mutation: {
    registerPropertyFirm: (_root, { input }, ctx) => registerFirm(ctx, input),
    setFirmPartyBuilding: (_root, { input }, ctx) => setPartyBuilding(ctx, input),
    recordFirmPost: (_root, { input }, ctx) => recordPost(ctx, input),
    endFirmPost: (_root, { id, endsOn }, ctx) => endPost(ctx, id, endsOn),
  },
};
