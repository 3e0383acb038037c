import { join } from 'node:path';
import { CompoundScopeAsciiPath1765300000001, mergeResolvers, type SubgraphDefinition } from '@hub/platform';
import { RatingResultEntity } from './results/rating-result.entity';
import { resultResolvers } from './results/rating-results.resolvers';
import { RatingInit1764000000001 } from './migrations/1764000000001-init';
import { RatingContractEventId1764400000000 } from './migrations/1764400000000-contract-event-id';
import { partnerEntities, partnerMigrations, partnerResolvers, startPartnerBackground, startPartnerServing } from './partners/partners.module';
import { ratingEntities, ratingEvents, ratingMigrations, ratingResolvers } from './rating.module';

/** The rating subgraph as one definition shared by its server, the all-in-one runner and the tests. */
export const ratingSubgraph: SubgraphDefinition = {
  name: 'rating',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  resolvers: mergeResolvers(resultResolvers, ...ratingResolvers, partnerResolvers),
  entities: [RatingResultEntity, ...ratingEntities, ...partnerEntities],
  migrations: [RatingInit1764000000001, ...ratingMigrations, ...partnerMigrations, RatingContractEventId1764400000000, CompoundScopeAsciiPath1765300000001],
  // Compound scope, contracts under way and residents' satisfaction, projected from the other subgraphs.
  events: ratingEvents,
  // Partner webhooks are delivered by the worker; live subscriptions are fed in each server.
  background: startPartnerBackground,
  serve: startPartnerServing,
};
