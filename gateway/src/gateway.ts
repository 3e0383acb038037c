import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createGatewayRuntime, getGraphQLWSOptions, type GatewayPlugin, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { WebSocketServer } from 'ws';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { maskError } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import jwt from 'jsonwebtoken';
import {
  ANONYMOUS,
  CLAIMS_HEADER,
  SIGNATURE_HEADER,
  closeServer,
  createLogger,
  createMetrics,
  encodeClaims,
  listen,
  operationLimitRules,
  parseWithTokenLimit,
  signUpstream,
  SUBGRAPHS,
  type Claims,
  type Config,
  type Logger,
  type SubgraphName,
} from '@hub/platform';
import { createTokenVerifier, TokenError, type TokenVerifier } from './auth/jwt';
import { EXAMPLE_QUERY } from './example-query';
import { useSubscriptionFanout, type FanoutCounters } from './fanout';
import { withEachEventItsOwnErrors } from './subscription-errors';
import { forwardIngestPush, INGEST_PREFIX } from './ingest-forward';

// The package's `use/ws` entry is reached through its exports map, which this project's module
// resolution does not read; the types are the same file's.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { useServer } = require('graphql-ws/use/ws') as typeof import('graphql-ws/dist/use/ws');

export const SUPERGRAPH_PATH = join(__dirname, '..', 'supergraph.graphql');
const GRAPHQL_PATH = '/graphql';

/** The committed supergraph names default URLs; deployments point each subgraph elsewhere. */
export function withSubgraphUrls(sdl: string, urls: Record<SubgraphName, string>): string {
  let out = sdl;
  for (const name of SUBGRAPHS) {
    const pattern = new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`);
    if (!pattern.test(out)) throw new Error(`supergraph has no subgraph named ${name}; run npm run compose`);
    out = out.replace(pattern, `$1${urls[name]}$2`);
  }
  return out;
}

type HubContext = { claims?: Claims; request: Request };

/**
 * Verifies the caller's token before anything else runs: a bad token is a 401 with a reason, no
 * token is the anonymous caller who sees public fields only.
 */
function useAuth(verify: TokenVerifier, byRequest: WeakMap<Request, Claims>): GatewayPlugin<HubContext> {
  const refuse = (reason: string, message: string) =>
    new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED', reason } }] }), {
      status: 401,
      headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': `Bearer error="invalid_token"` },
    });
  return {
    onRequest({ request, url, endResponse }) {
      const header = request.headers.get('authorization');
      if (!header || url.pathname !== GRAPHQL_PATH) return;
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) return endResponse(refuse('TOKEN_MALFORMED', 'Authorization header must be "Bearer <token>"'));
      // A token accepted moments ago needs no promise: most requests end here.
      const known = verify.cached(match[1]);
      if (known) return void byRequest.set(request, known);
      return verify(match[1]).then(
        (claims) => void byRequest.set(request, claims),
        (error: unknown) => {
          const e = error instanceof TokenError ? error : new TokenError('TOKEN_MALFORMED', 'Token could not be verified');
          endResponse(refuse(e.reason, e.message));
        },
      );
    },
    onContextBuilding({ context, extendContext }) {
      extendContext({ claims: byRequest.get(context.request) ?? ANONYMOUS });
    },
  };
}

/**
 * The encoded claims header for a context's caller. Claims objects are shared by all requests with
 * the same token (see the verifier's cache), so one request's several upstream calls and the next
 * requests reuse the encoded header.
 */
function claimsHeaders(): (context: unknown) => string {
  const encoded = new WeakMap<Claims, string>();
  return (context) => {
    const claims: Claims = (context as Partial<HubContext> | undefined)?.claims ?? ANONYMOUS;
    let header = encoded.get(claims);
    if (header === undefined) encoded.set(claims, (header = encodeClaims(claims)));
    return header;
  };
}

/**
 * Signs every upstream call: timestamp, forwarded claims and body under one HMAC (ADR 0001).
 * The request id travels upstream through the runtime's own requestId plugin.
 */
function useUpstreamSignature(config: Config, claimsHeaderOf: (context: unknown) => string): GatewayPlugin<HubContext> {
  return {
    onFetch({ options, setOptions, context }) {
      const claimsHeader = claimsHeaderOf(context);
      const body = typeof options.body === 'string' ? options.body : '';
      setOptions({
        ...options,
        headers: {
          ...(options.headers as Record<string, string>),
          [CLAIMS_HEADER]: claimsHeader,
          [SIGNATURE_HEADER]: signUpstream(config.signingSecret, claimsHeader, body),
        },
      });
    },
  };
}

/**
 * GraphQL over WebSocket (graphql-ws) on the same path, for subscriptions. Browsers cannot set
 * headers on a WebSocket, so the token may come in the connection parameters
 * (`{ "Authorization": "Bearer <token>" }`) or in the upgrade request's header; a bad token
 * closes the connection with 4403. Operations then run through the same runtime, plugins and
 * upstream signature as HTTP ones, with the connection's claims.
 */
function serveGraphQLOverWebSocket(server: Server, runtime: GatewayRuntime<HubContext>, verify: TokenVerifier, byRequest: WeakMap<Request, Claims>, log: Logger): WebSocketServer {
  const wss = new WebSocketServer({ server, path: GRAPHQL_PATH, maxPayload: 1_000_000 });
  type Extra = { request: import('node:http').IncomingMessage; socket: import('ws').WebSocket; claims?: Claims };
  const options = getGraphQLWSOptions<HubContext, Extra>(runtime, (ctx) => {
    const request = new Request(`http://gateway${GRAPHQL_PATH}`, { method: 'POST' });
    byRequest.set(request, ctx.extra.claims ?? ANONYMOUS);
    return { request };
  });
  useServer<Record<string, unknown> | undefined, Extra>(
    {
      ...options,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const fromParams = params.Authorization ?? params.authorization;
        const header = typeof fromParams === 'string' ? fromParams : ctx.extra.request.headers.authorization;
        if (!header) {
          ctx.extra.claims = ANONYMOUS;
          return true;
        }
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        try {
          if (!match) throw new TokenError('TOKEN_MALFORMED', 'Authorization must be "Bearer <token>"');
          ctx.extra.claims = await verify(match[1]);
          closeWhenExpired(ctx.extra.socket, match[1]);
          return true;
        } catch (error) {
          log.info({ reason: error instanceof TokenError ? error.reason : 'TOKEN_MALFORMED' }, 'refused a WebSocket connection with a bad token');
          return false;
        }
      },
    },
    wss,
  );
  return wss;
}

/**
 * A connection lives as long as the token it was opened with: at the token's expiry it is closed
 * with 4401, and the client reconnects with a fresh token (and `after`, to lose nothing).
 */
function closeWhenExpired(socket: import('ws').WebSocket, token: string): void {
  const exp = (jwt.decode(token) as { exp?: unknown } | null)?.exp;
  if (typeof exp !== 'number') return;
  const timer = setTimeout(() => socket.close(4401, 'Token expired'), Math.max(0, exp * 1000 - Date.now()));
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/** Codes a subgraph gives errors meant for the caller (platform/src/errors.ts). */
const CALLER_CODES = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'INVALID_TRANSITION', 'OPERATION_LIMIT']);

/**
 * Errors a subgraph raised for the caller arrive plain in query results, but wrapped when a
 * subscription's stream fails to start; unwrap those so that a partner sees "FORBIDDEN: region
 * outside your regions" instead of "Unexpected error". Everything else is masked as before.
 */
function maskErrorKeepingCallerErrors(error: unknown, message: string, isDev?: boolean): Error {
  // Duck-typed: the subscription path may hand over errors built by another copy of graphql-js.
  type Shape = { message?: unknown; path?: readonly (string | number)[]; extensions?: Record<string, unknown>; originalError?: unknown; cause?: unknown };
  const seen = new Set<unknown>();
  let current = error as Shape | undefined;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = current.extensions?.code;
    if (typeof code === 'string' && CALLER_CODES.has(code) && typeof current.message === 'string') {
      const outer = error as Shape;
      return new GraphQLError(current.message, { path: outer.path ?? current.path, extensions: current.extensions });
    }
    current = (current.originalError ?? current.cause) as Shape | undefined;
  }
  return maskError(error, message, isDev);
}

/** Depth, aliases, root fields and tokens, checked before any subgraph is called. */
function useOperationLimits(config: Config): GatewayPlugin {
  const rules = operationLimitRules(config.limits);
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => parseWithTokenLimit(source, config.limits.maxTokens, options));
    },
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}

export interface RunningGateway {
  url: string;
  port: number;
  /** What subscription fan-out saved so far (ADR 0009). */
  fanout: FanoutCounters;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  subgraphUrls?: Record<SubgraphName, string>;
  port?: number;
  logger?: Logger;
}

export async function startGateway(config: Config, options: GatewayOptions = {}): Promise<RunningGateway> {
  const log = options.logger ?? createLogger('gateway', config.logLevel);
  const metrics = createMetrics('gateway', !options.logger);
  const verify = createTokenVerifier(config.jwt);
  const claimsByRequest = new WeakMap<Request, Claims>();
  const upstreamUrls = options.subgraphUrls ?? config.subgraphUrls;
  const supergraph = withSubgraphUrls(readFileSync(SUPERGRAPH_PATH, 'utf8'), upstreamUrls);
  const claimsHeaderOf = claimsHeaders();
  // Subscribers of one event share identical upstream calls, never across different claims (ADR 0009).
  const fanout = useSubscriptionFanout(claimsHeaderOf);
  const runtime = createGatewayRuntime<HubContext>({
    supergraph,
    // The runtime hands every event of a subscription the errors of all events so far (ADR 0009).
    unifiedGraphHandler: withEachEventItsOwnErrors(unifiedGraphHandler),
    transports: { http: httpTransport },
    // The executor merges identical in-flight upstream queries before our onFetch adds the
    // caller's claims, so merged callers would share one caller's answer (ADR 0001).
    // Subscriptions go upstream as server-sent events; POST (not the default GET) so that the
    // upstream signature covers the operation.
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: false, method: 'POST' } } },
    logging: config.logLevel === 'silent' ? false : (config.logLevel as 'info'),
    plugins: () => [useAuth(verify, claimsByRequest), useUpstreamSignature(config, claimsHeaderOf), fanout.plugin as GatewayPlugin<HubContext>, useOperationLimits(config)],
    graphiql: config.graphiql ? { title: 'Community co-governance hub', defaultQuery: EXAMPLE_QUERY } : false,
    renderGraphiQL,
    landingPage: false,
    disableIntrospection: config.isDevelopment ? undefined : { disableIf: () => true },
    maskedErrors: config.isDevelopment ? false : { maskError: maskErrorKeepingCallerErrors },
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: '/healthz',
    readinessCheckEndpoint: '/readyz',
    requestId: true,
  });

  let draining = false;
  const server: Server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpDuration.observe({ route: (req.url ?? '').startsWith('/graphql') ? '/graphql' : 'other', status: String(res.statusCode) }, seconds);
    });
    if (req.method === 'GET' && req.url === '/metrics') {
      metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      });
      return;
    }
    if (draining && req.url === '/readyz') {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"status":"draining"}');
      return;
    }
    if (req.url?.startsWith(INGEST_PREFIX)) return forwardIngestPush(req, res, upstreamUrls.property);
    void runtime(req, res);
  });
  server.keepAliveTimeout = 65_000;
  const wss = serveGraphQLOverWebSocket(server, runtime, verify, claimsByRequest, log);
  const port = await listen(server, options.port ?? config.gatewayPort, config.host);
  log.info({ port }, 'gateway listening');
  return {
    url: `http://${config.host}:${port}/graphql`,
    port,
    fanout: fanout.counters,
    async stop() {
      draining = true;
      for (const socket of wss.clients) socket.close(1001, 'gateway shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await closeServer(server, config.shutdownGraceMs);
      await runtime.dispose();
    },
  };
}
