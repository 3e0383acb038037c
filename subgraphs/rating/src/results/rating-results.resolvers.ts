import { loadOneBy } from '@hub/platform';
import type { Resolvers } from '../generated/graphql';
import { RatingRoundEntity } from '../rounds/rating-round.entity';
import { firmRatings, latestRating, ranking } from './rating-results.service';

const points = (centipoints: number) => centipoints / 100;

export const resultResolvers: Resolvers = {
  Query: {
    ratingRanking: (_root, { districtCode, period, first, after }, ctx) => ranking(ctx, districtCode, period, { first, after }),
  },
  Compound: {
    __resolveReference: (ref) => ({ id: ref.id }),
    latestRating: (compound, _args, ctx) => latestRating(ctx, compound.id),
  },
  PropertyFirm: {
    ratings: (firm, { period, first, after }, ctx) => firmRatings(ctx, firm.id, period, { first, after }),
  },
  Rating: {
    score: (r) => points(r.scoreCentipoints),
    status: (r) => (r.publishedAt ? 'PUBLISHED' : 'PROVISIONAL'),
    publishedAt: (r) => (r.publishedAt ? r.publishedAt.toISOString() : null),
    compound: (r) => ({ id: r.compoundId }),
    firm: (r) => (r.firmId ? { id: r.firmId } : null),
    round: (r, _args, ctx) => (r.roundId ? loadOneBy(ctx, RatingRoundEntity, 'id', r.roundId) : null),
    rank: (r) => (r.publishedAt ? (r.rankInDistrict ?? null) : null),
    groups: (r) => r.breakdown ?? [],
  },
  GroupScore: {
    proportionPercent: (g) => g.proportionBp / 100,
    appliedPercent: (g) => g.appliedBp / 100,
    score: (g) => (g.scoreCentipoints === null ? null : points(g.scoreCentipoints)),
    indicators: (g) => g.indicators.map((i) => ({ indicator: i.code, mean: points(i.meanCentipoints) })),
  },
};
