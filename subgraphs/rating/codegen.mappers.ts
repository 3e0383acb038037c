/** Resolver parent types for codegen: GraphQL type name → the entity module its resolvers receive (relative to src/generated). */
export const mappers: Record<string, string> = {
  Compound: '{ id: string }',
  Rating: '../results/rating-result.entity#RatingResultEntity',
};
