import { loadOneBy } from '@hub/platform';
import type { Resolvers } from '../generated/graphql';
import { RatingResultEntity } from '../results/rating-result.entity';
import { listEntries, redBlackList, redBlackLists } from './red-black-lists.service';

export const listResolvers: Resolvers = {
  Query: {
    redBlackList: (_root, { districtCode, period }, ctx) => redBlackList(ctx, districtCode, period),
    redBlackLists: (_root, { districtCode, first, after }, ctx) => redBlackLists(ctx, districtCode, { first, after }),
  },
  RedBlackList: {
    publishedAt: (l) => l.publishedAt.toISOString(),
    entries: (l, { color, first, after }, ctx) => listEntries(ctx, l.id, color, { first, after }),
  },
  ListEntry: {
    score: (e) => e.scoreCentipoints / 100,
    compound: (e) => ({ id: e.compoundId }),
    firm: (e) => (e.firmId ? { id: e.firmId } : null),
    rating: async (e, _args, ctx) => (await loadOneBy(ctx, RatingResultEntity, 'id', e.resultId))!,
  },
};
