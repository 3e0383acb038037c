import { join } from 'node:path';
import { mergeResolvers, type SubgraphDefinition } from '@hub/platform';
import { RatingResultEntity } from './results/rating-result.entity';
import { resultResolvers } from './results/rating-results.resolvers';
import { RatingInit1764000000001 } from './migrations/1764000000001-init';

/** The rating subgraph as one definition shared by its server, the all-in-one runner and the tests. */
export const ratingSubgraph: SubgraphDefinition = {
  name: 'rating',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  resolvers: mergeResolvers(resultResolvers),
  entities: [RatingResultEntity],
  migrations: [RatingInit1764000000001],
};
