export { startGateway, withSubgraphUrls, SUPERGRAPH_PATH, type RunningGateway, type GatewayOptions } from './gateway';
export { createTokenVerifier, signDevToken, TokenError } from './auth/jwt';
export { EXAMPLE_QUERY } from './example-query';
