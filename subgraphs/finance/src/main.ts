import { runSubgraphMain } from '@hub/platform';
import { financeSubgraph } from './subgraph';

runSubgraphMain(financeSubgraph);
