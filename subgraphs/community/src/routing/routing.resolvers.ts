import type { Resolvers } from '../generated/graphql';
import { routingTable, setRequestRoute } from './routing.service';

export const routingResolvers: Resolvers = {
  Query: {
    requestRoutes: (_root, _args, ctx) => routingTable(ctx),
  },
  Mutation: {
    setRequestRoute: (_root, { input }, ctx) => setRequestRoute(ctx, input),
  },
};
