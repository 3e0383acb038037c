export { propertySubgraph } from './subgraph';
export { seedPropertyDemo, type PropertyDemo } from './demo';
export { ensureDemoIngestionSources, type DemoSource } from './ingestion/demo-sources';
