export { propertySubgraph } from './subgraph';
export { seedPropertyDemo, type PropertyDemo } from './demo';
