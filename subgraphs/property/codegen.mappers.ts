/** Resolver parent types for codegen: GraphQL type name → the entity module its resolvers receive (relative to src/generated). */
export const mappers: Record<string, string> = {
  Compound: '{ id: string }',
  PropertyFirm: '../firms/property-firm.entity#PropertyFirmEntity',
  ServiceContract: '../contracts/service-contract.entity#ServiceContractEntity',
};
