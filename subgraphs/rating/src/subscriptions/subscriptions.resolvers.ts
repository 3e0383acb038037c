import type { Resolvers } from '../generated/graphql';
import type { RatingEventEntity } from '../partners/rating-event.entity';
import { ratingPublished } from './rating-published';

export const subscriptionResolvers: Resolvers = {
  Subscription: {
    ratingPublished: {
      subscribe: (_root, args, ctx) => ratingPublished(ctx, args) as never,
      resolve: (event: RatingEventEntity) => event,
    },
  },
};
