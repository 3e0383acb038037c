/** The query the README and GraphiQL open with: one compound, fields from all four subgraphs. */
export const EXAMPLE_QUERY = `query CompoundOverview {
  compounds(first: 5) {
    edges {
      node {
        id
        name
        households
        community { name }
        street { name }
        district { name }
        propertyContract { model firm { id name } }
        publicRevenueBalanceFen
        latestRating { period score }
      }
    }
  }
}
`;
