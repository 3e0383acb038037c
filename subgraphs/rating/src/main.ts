import { runSubgraphMain } from '@hub/platform';
import { ratingSubgraph } from './subgraph';

runSubgraphMain(ratingSubgraph);
