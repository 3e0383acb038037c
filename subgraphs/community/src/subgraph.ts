import { join } from 'node:path';
import { mergeResolvers, type SubgraphDefinition } from '@hub/platform';
import { CompoundEntity } from './compounds/compound.entity';
import { compoundResolvers } from './compounds/compounds.resolvers';
import { RegionEntity } from './regions/region.entity';
import { regionResolvers } from './regions/regions.resolvers';
import { CommunityInit1764000000001 } from './migrations/1764000000001-init';

/** The community subgraph as one definition shared by its server, the all-in-one runner and the tests. */
export const communitySubgraph: SubgraphDefinition = {
  name: 'community',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  resolvers: mergeResolvers(compoundResolvers, regionResolvers),
  entities: [CompoundEntity, RegionEntity],
  migrations: [CommunityInit1764000000001],
};
