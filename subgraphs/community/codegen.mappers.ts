/** Resolver parent types for codegen: GraphQL type name → the entity module its resolvers receive (relative to src/generated). */
export const mappers: Record<string, string> = {
  Compound: '../compounds/compound.entity#CompoundEntity',
  Region: '../regions/region.entity#RegionEntity',
};
