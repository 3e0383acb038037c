import { runSubgraphMain } from '@hub/platform';
import { propertySubgraph } from './subgraph';

runSubgraphMain(propertySubgraph);
