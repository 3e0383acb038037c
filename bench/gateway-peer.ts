import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { CLAIMS_HEADER, closeServer, createLogger, loadConfig, signUpstream, type SubgraphName } from '@hub/platform';
import { startGateway, SUPERGRAPH_PATH, withSubgraphUrls } from '@hub/gateway';

/**
 * Child-process entry of the gateway comparison: starts one of the three gateways on an
 * ephemeral loopback port in front of the subgraphs the parent runs, and answers with its URL.
 *
 * A  this hub's gateway as production runs it (`startGateway`).
 * B  the same Hive Gateway runtime and query planner with nothing configured but the supergraph.
 * C  `@apollo/gateway` behind `@apollo/server`.
 *
 * The subgraphs answer only calls the gateway signed (ADR 0001), so B and C get the least that
 * makes them answer at all: they take the caller's claims as the client sent them, encoded, in
 * `x-hub-claims`, and sign each upstream call with them, as A does with the claims of the token
 * it verified. The subgraphs therefore see the same claims and do the same work behind all three.
 */
export type PeerKind = 'A' | 'B' | 'C';
export interface PeerCommand {
  kind: PeerKind;
  env: Record<string, string>;
  subgraphUrls: Record<SubgraphName, string>;
}
export type PeerReply = { ok: true; url: string } | { ok: false; error: string };

const header = (value: string | string[] | null | undefined): string => (Array.isArray(value) ? value[0] : (value ?? ''));

async function startPeer({ kind, env, subgraphUrls }: PeerCommand): Promise<{ url: string; stop(): Promise<void> }> {
  const config = loadConfig(env);
  // As gateway/src/main.ts starts it in production.
  if (kind === 'A') return startGateway(config, { subgraphUrls, port: 0, logger: createLogger('gateway', config.logLevel) });
  const supergraph = withSubgraphUrls(readFileSync(SUPERGRAPH_PATH, 'utf8'), subgraphUrls);
  const listen = (server: Server) =>
    new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`)));

  if (kind === 'B') {
    const sign: GatewayPlugin<{ request: Request }> = {
      onFetch({ options, setOptions, context }) {
        const claims = ('request' in context && context.request?.headers.get(CLAIMS_HEADER)) || '';
        const body = typeof options.body === 'string' ? options.body : '';
        setOptions({
          ...options,
          headers: { ...(options.headers as Record<string, string>), [CLAIMS_HEADER]: claims, 'x-hub-signature': signUpstream(config.signingSecret, claims, body) },
        });
      },
    };
    const runtime = createGatewayRuntime({
      supergraph,
      unifiedGraphHandler,
      // Merging identical in-flight calls is off as in A and as Apollo has it: merged callers would
      // share one caller's answer (ADR 0001), and it would let one side do less work than another.
      transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
      plugins: () => [sign],
    });
    const server = createServer(runtime);
    const url = await listen(server);
    return { url, stop: async () => (await closeServer(server, 1_000), await runtime.dispose()) };
  }

  class SigningDataSource extends RemoteGraphQLDataSource<{ claims: string }> {
    override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<{ claims: string }>) {
      request.http?.headers.set(CLAIMS_HEADER, (context as { claims?: string }).claims ?? '');
    }
  }
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph,
    buildService: ({ url }) => {
      const source = new SigningDataSource({ url });
      const fetcher = source.fetcher;
      // The body is serialised after willSendRequest, so the signature is added on the way out.
      source.fetcher = ((input: string, init: { headers: Record<string, string>; body: string }) =>
        fetcher(input, { ...init, headers: { ...init.headers, 'x-hub-signature': signUpstream(config.signingSecret, init.headers[CLAIMS_HEADER] ?? '', init.body) } })) as typeof fetcher;
      return source;
    },
  });
  const apollo = new ApolloServer<{ claims: string }>({ gateway });
  await apollo.start();
  const server = createServer((req, res) => void handleApollo(apollo, req, res));
  const url = await listen(server);
  return { url, stop: async () => (await closeServer(server, 1_000), await apollo.stop()) };
}

/** `@apollo/server`'s own HTTP integration without Express, as its standalone server does. */
async function handleApollo(apollo: ApolloServer<{ claims: string }>, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, header(value));
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'POST', headers, search: '', body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined },
    context: async () => ({ claims: header(req.headers[CLAIMS_HEADER]) }),
  });
  for (const [key, value] of result.headers) res.setHeader(key, value);
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') return void res.end(result.body.string);
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

let running: { stop(): Promise<void> } | null = null;
process.on('message', (command: PeerCommand | 'cpu') => {
  // The gateway's own CPU time so far, all threads, so the parent can charge it per request.
  if (command === 'cpu') {
    const { user, system } = process.cpuUsage();
    return void process.send!({ cpuMs: (user + system) / 1000 });
  }
  startPeer(command).then(
    (peer) => {
      running = peer;
      process.send!({ ok: true, url: peer.url } satisfies PeerReply);
    },
    (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies PeerReply),
  );
});
process.on('disconnect', () => {
  const stop = running?.stop() ?? Promise.resolve();
  stop.finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
});
