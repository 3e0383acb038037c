export { financeSubgraph } from './subgraph';
export { seedFinanceDemo, type FinanceDemo } from './demo';
