import type { Resolvers } from '../generated/graphql';
import { eventCursor, ratingEvents } from './rating-events.service';

export const ratingEventResolvers: Resolvers = {
  Query: {
    ratingEvents: (_root, args, ctx) => ratingEvents(ctx, args),
  },
  RatingEvent: {
    cursor: (e) => eventCursor(e.seq),
    score: (e) => e.scoreCentipoints / 100,
    compound: (e) => ({ id: e.compoundId }),
    firm: (e) => (e.firmId ? { id: e.firmId } : null),
    regionPath: (e) => e.regionPath.split(','),
    occurredAt: (e) => e.occurredAt.toISOString(),
  },
  PropertyFirm: {
    __resolveReference: (ref) => ({ id: ref.id }),
  },
};
