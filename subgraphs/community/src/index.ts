export { communitySubgraph } from './subgraph';
export { seedCommunityDemo, type CommunityDemo } from './demo';
