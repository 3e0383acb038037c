import { CompoundScopeEntity } from '@hub/platform';
import { RatingSchemeEntity } from './schemes/rating-scheme.entity';
import { ContractProjectionEntity } from './scope/contract-projection.entity';
import { ResidentFeedbackEntity } from './scope/resident-feedback.entity';
import { RatingRoundEntity, RaterEntity, RoundCompoundEntity } from './rounds/rating-round.entity';
import { ScoreSheetEntity } from './scores/score-sheet.entity';
import { ListEntryEntity, RedBlackListEntity } from './lists/red-black-list.entity';
import { CommitteeReviewEntity, ReviewScoreEntity } from './reviews/committee-review.entity';
import { RatingRounds1764100000000 } from './migrations/1764100000000-rating-rounds';
import { schemeResolvers } from './schemes/rating-schemes.resolvers';
import { roundResolvers } from './rounds/rating-rounds.resolvers';
import { scoreResolvers } from './scores/score-sheets.resolvers';
import { listResolvers } from './lists/red-black-lists.resolvers';
import { reviewResolvers } from './reviews/committee-reviews.resolvers';

/** Tables and migrations of schemes, rounds, results, lists and reviews, listed once for subgraph.ts. */
export const ratingEntities = [
  CompoundScopeEntity,
  ContractProjectionEntity,
  ResidentFeedbackEntity,
  RatingSchemeEntity,
  RatingRoundEntity,
  RoundCompoundEntity,
  RaterEntity,
  ScoreSheetEntity,
  RedBlackListEntity,
  ListEntryEntity,
  CommitteeReviewEntity,
  ReviewScoreEntity,
];
export const ratingMigrations = [RatingRounds1764100000000];

export { projectionEvents as ratingEvents } from './scope/projection-events';

/** Resolver maps of schemes, rounds, scores, lists and reviews (results' are in subgraph.ts). */
export const ratingResolvers = [schemeResolvers, roundResolvers, scoreResolvers, listResolvers, reviewResolvers];
