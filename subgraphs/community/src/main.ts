import { runSubgraphMain } from '@hub/platform';
import { communitySubgraph } from './subgraph';

runSubgraphMain(communitySubgraph);
