import { join } from 'node:path';
import { mergeResolvers, type SubgraphDefinition } from '@hub/platform';
import { CompoundEntity } from './compounds/compound.entity';
import { compoundResolvers } from './compounds/compounds.resolvers';
import { RegionEntity } from './regions/region.entity';
import { regionResolvers } from './regions/regions.resolvers';
import { CommunityInit1764000000001 } from './migrations/1764000000001-init';
import { placesEntities, placesEvents, placesMigrations, placesResolvers } from './places-and-organisations';
import { deliberationEntities, deliberationMigrations, deliberationResolvers } from './deliberation';
import { requestsBackground, requestsEntities, requestsEvents, requestsMigrations, requestsResolvers } from './resident-requests';

/** The community subgraph as one definition shared by its server, the all-in-one runner and the tests. */
export const communitySubgraph: SubgraphDefinition = {
  name: 'community',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  resolvers: mergeResolvers(compoundResolvers, regionResolvers, ...placesResolvers, ...deliberationResolvers, ...requestsResolvers),
  entities: [CompoundEntity, RegionEntity, ...placesEntities, ...deliberationEntities, ...requestsEntities],
  migrations: [CommunityInit1764000000001, ...placesMigrations, ...deliberationMigrations, ...requestsMigrations],
  events: { ...placesEvents, ...requestsEvents },
  background: requestsBackground,
};
