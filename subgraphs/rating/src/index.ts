export { ratingSubgraph } from './subgraph';
export { seedRatingDemo, type RatingDemo } from './demo';
