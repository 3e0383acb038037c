import { join } from 'node:path';
import { mergeResolvers, type SubgraphDefinition } from '@hub/platform';
import { PropertyFirmEntity } from './firms/property-firm.entity';
import { firmResolvers } from './firms/property-firms.resolvers';
import { ServiceContractEntity } from './contracts/service-contract.entity';
import { contractResolvers } from './contracts/service-contracts.resolvers';
import { PropertyInit1764000000001 } from './migrations/1764000000001-init';

/** The property subgraph as one definition shared by its server, the all-in-one runner and the tests. */
export const propertySubgraph: SubgraphDefinition = {
  name: 'property',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  resolvers: mergeResolvers(firmResolvers, contractResolvers),
  entities: [PropertyFirmEntity, ServiceContractEntity],
  migrations: [PropertyInit1764000000001],
};
