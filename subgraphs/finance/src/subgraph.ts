import { join } from 'node:path';
import { CompoundScopeEntity, compoundScopeEvents, FenScalar, mergeResolvers, type SubgraphDefinition } from '@hub/platform';
import { AccountEntity } from './accounts/account.entity';
import { accountResolvers } from './accounts/accounts.resolvers';
import { FinanceInit1764000000001 } from './migrations/1764000000001-init';

/** The finance subgraph as one definition shared by its server, the all-in-one runner and the tests. */
export const financeSubgraph: SubgraphDefinition = {
  name: 'finance',
  schemaPath: join(__dirname, '..', 'schema.graphql'),
  resolvers: mergeResolvers({ Fen: FenScalar }, accountResolvers),
  entities: [AccountEntity, CompoundScopeEntity],
  migrations: [FinanceInit1764000000001],
  events: compoundScopeEvents,
};
