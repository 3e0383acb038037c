import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { execute, getOperationAST, GraphQLError, parse, specifiedRules, subscribe, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config, SubgraphName } from './config';
import { openDataSource, StatementCounter } from './data-source';
import { formatError } from './errors';
import { operationLimitRules, parseWithTokenLimit } from './limits';
import { Loaders } from './loaders';
import { createLogger, type Logger } from './logger';
import { createMetrics } from './metrics';
import { ANONYMOUS, CLAIMS_HEADER, SIGNATURE_HEADER, verifyUpstream, type Claims, type SignatureCheck } from './auth';
import { OutboxEvent, OutboxRelay, ProcessedEvent, applyEvents, outboxBacklog, outboxEpochKey } from './outbox';
import { CreateOutbox1764000000000 } from './outbox.migration';
import { eventQueueName, topicsConsumedBy, type EventEnvelope, type EventJob, type EventTopic } from './events';
import { createQueue, createRedis, createWorker } from './queue';
import { BodyTooLarge, graphqlErrorBody, readBody, sendJson } from './http/body';
import { serveOperational } from './http/health';
import { closeServer, listen } from './http/listen';

/** What every resolver and service receives first: who is asking and with what. */
export interface RequestContext {
  requestId: string;
  claims: Claims;
  loaders: Loaders;
  ds: DataSource;
  config: Config;
  log: Logger;
}

export type EventHandlers = {
  [T in EventTopic]?: (ctx: Omit<RequestContext, 'loaders' | 'claims'>, manager: import('typeorm').EntityManager, event: EventEnvelope<T>) => Promise<void>;
};

/** Handlers that apply several events of a topic at once (see `applyEvents`); each topic here has its one-event handler too. */
export type EventBatchHandlers = {
  [T in EventTopic]?: (ctx: Omit<RequestContext, 'loaders' | 'claims'>, manager: import('typeorm').EntityManager, events: EventEnvelope<T>[]) => Promise<void>;
};

/** A subgraph is described once; the server, the worker, the all-in-one runner and tests build from it. */
export interface SubgraphDefinition {
  name: SubgraphName;
  schemaPath: string;
  /** The generated `Resolvers` type of the subgraph, checked where it is written. */
  resolvers: object;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  events?: EventHandlers;
  eventBatches?: EventBatchHandlers;
  /**
   * Queue work of the subgraph's own beyond events (schedulers, deliveries), started and stopped
   * with its worker process.
   */
  background?: (ctx: BackgroundContext) => Promise<{ stop(): Promise<void> }>;
  /**
   * What each server process needs while it serves (e.g. the listener feeding GraphQL
   * subscriptions), started before it listens and stopped after it drains.
   */
  serve?: (ctx: BackgroundContext) => Promise<{ stop(): Promise<void> }>;
  /** Plain HTTP the subgraph serves beside GraphQL (e.g. ingestion pushes), started and stopped with its server. */
  http?: (ctx: BackgroundContext) => Promise<SubgraphHttpRoute>;
}

/**
 * Requests under `prefix` go to `handle` instead of GraphQL. They do not pass the gateway
 * signature check: the route authenticates its callers itself.
 */
export interface SubgraphHttpRoute {
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  stop(): Promise<void>;
}

export interface BackgroundContext {
  ds: DataSource;
  config: Config;
  log: Logger;
}

export const loadSchemaText = (def: SubgraphDefinition) => readFileSync(def.schemaPath, 'utf8');

export interface Database {
  ds: DataSource;
  statements: StatementCounter;
}

export async function openSubgraphDatabase(def: SubgraphDefinition, config: Config): Promise<Database> {
  const statements = new StatementCounter();
  const ds = await openDataSource({
    url: config.databaseUrl,
    subgraph: def.name,
    entities: [...(def.entities as Function[]), OutboxEvent, ProcessedEvent],
    migrations: [CreateOutbox1764000000000, ...(def.migrations as Function[])],
    counter: statements,
  });
  return { ds, statements };
}

export interface RunningSubgraph extends Database {
  name: SubgraphName;
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  logger?: Logger;
  /** Reuse an already opened database (the all-in-one runner seeds before serving). */
  database?: Database;
}

/** Starts the subgraph's GraphQL HTTP server with health, readiness and metrics endpoints. */
export async function startSubgraph(def: SubgraphDefinition, config: Config, options: StartOptions = {}): Promise<RunningSubgraph> {
  const log = options.logger ?? createLogger(def.name, config.logLevel);
  const db = options.database ?? (await openSubgraphDatabase(def, config));
  const metrics = createMetrics(def.name, !options.database, () => outboxBacklog(db.ds));
  db.statements.onStatement = () => metrics.sqlStatements.inc();
  const { ds } = db;

  const schema = buildSubgraphSchema({ typeDefs: parse(loadSchemaText(def)), resolvers: def.resolvers as GraphQLResolverMap<unknown> });
  const apollo = new ApolloServer<RequestContext>({
    schema,
    validationRules: operationLimitRules(config.limits),
    formatError: (formatted) => formatError(formatted, config.isDevelopment),
    includeStacktraceInErrorResponses: config.isDevelopment,
    // Shutdown is ours: drain HTTP, stop workers, close the database, in that order.
    stopOnTerminationSignals: false,
    // No HTTP caching of answers: the default cache-control plugin would wrap every resolver for nothing.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled()],
    introspection: config.isDevelopment,
    logger: {
      debug: (m) => log.debug(m),
      info: (m) => log.info(m),
      warn: (m) => log.warn(m),
      error: (m) => log.error(m),
    },
  });
  await apollo.start();
  const served = await def.serve?.({ ds, config, log });
  const httpRoute = await def.http?.({ ds, config, log });
  const streams = new Set<ServerResponse>();

  let draining = false;
  const server: Server = createServer(async (req, res) => {
    const started = process.hrtime.bigint();
    const route = (req.url ?? '/').split('?')[0];
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpDuration.observe({ route: route === '/graphql' ? route : 'other', status: String(res.statusCode) }, seconds);
    });
    try {
      if (await serveOperational(req, res, metrics.registry, { database: async () => void (await ds.query('SELECT 1')) }, () => draining)) return;
      if (httpRoute && route.startsWith(httpRoute.prefix)) return await httpRoute.handle(req, res);
      if (route !== '/graphql') return sendJson(res, 404, graphqlErrorBody('Not found; GraphQL is served at /graphql', 'NOT_FOUND'));
      const body = req.method === 'POST' ? await readBody(req, config.requestBodyMaxBytes) : '';
      const requestId = firstHeader(req, 'x-request-id') ?? randomUUID();
      const caller = authenticate(req, body, config);
      if (!caller.ok) {
        log.warn({ requestId, reason: caller.reason }, 'refused a call without a valid gateway signature');
        return sendJson(res, 401, graphqlErrorBody('Subgraphs answer only calls signed by the gateway; send your request to the gateway', 'UNAUTHENTICATED', { reason: caller.reason }));
      }
      let parsedBody: unknown = undefined;
      if (body) {
        try {
          parsedBody = JSON.parse(body);
        } catch {
          return sendJson(res, 400, graphqlErrorBody('Request body is not valid JSON', 'BAD_REQUEST'));
        }
      }
      const { claims } = caller;
      const reqLog = log.child({ requestId, caller: claims.sub, role: claims.role });
      if (wantsEventStream(req)) {
        return await streamSubscription(req, res, schema, parsedBody, { requestId, claims, loaders: new Loaders(), ds, config, log: reqLog }, streams);
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMap(req), search: new URL(req.url ?? '/', 'http://x').search, body: parsedBody },
        context: async () => ({ requestId, claims, loaders: new Loaders(), ds, config, log: reqLog }),
      });
      await writeResult(res, result, requestId);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendJson(res, 413, graphqlErrorBody(error.message, 'BAD_REQUEST'));
      log.error({ err: error }, 'unhandled error in request');
      if (!res.headersSent) sendJson(res, 500, graphqlErrorBody('Internal error; it has been logged', 'INTERNAL_SERVER_ERROR'));
      else res.end();
    }
  });
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, options.port ?? config.ports[def.name], config.host);
  log.info({ port }, `${def.name} subgraph listening`);

  return {
    name: def.name,
    url: `http://${config.host}:${port}/graphql`,
    port,
    ...db,
    async stop() {
      draining = true;
      closeStreams(streams);
      await closeServer(server, config.shutdownGraceMs);
      await apollo.stop();
      await served?.stop();
      await httpRoute?.stop();
      if (!options.database) await ds.destroy();
    },
  };
}

/* ---- Subscriptions over server-sent events ----
 * The gateway forwards a subscription to the subgraph as a signed POST asking for
 * `text/event-stream` (GraphQL over SSE, distinct connections mode) and reads `next` events until
 * `complete`. POST only, so that the gateway's signature covers the operation.
 */
const wantsEventStream = (req: IncomingMessage): boolean => (req.headers.accept ?? '').includes('text/event-stream');

/** Ends open subscription streams at shutdown, so that draining does not wait for them. */
function closeStreams(streams: Set<ServerResponse>): void {
  for (const res of streams) {
    if (res.writableEnded) continue;
    res.write('event: complete\ndata:\n\n');
    res.end();
  }
  streams.clear();
}

async function streamSubscription(
  req: IncomingMessage,
  res: ServerResponse,
  schema: GraphQLSchema,
  body: unknown,
  context: RequestContext,
  streams: Set<ServerResponse>,
): Promise<void> {
  const { config } = context;
  const send = (event: 'next' | 'complete', data?: unknown) => res.write(`event: ${event}\ndata:${data === undefined ? '' : ' ' + JSON.stringify(data)}\n\n`);
  const fail = (errors: readonly GraphQLError[]) => ({ errors: errors.map((e) => formatError(e.toJSON(), config.isDevelopment)) });
  if (req.method !== 'POST') {
    return sendJson(res, 405, graphqlErrorBody('Subscriptions are POSTed with Accept: text/event-stream', 'BAD_REQUEST'));
  }
  const params = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown>; operationName?: string };
  if (typeof params.query !== 'string') return sendJson(res, 400, graphqlErrorBody('The request has no query', 'BAD_REQUEST'));
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': context.requestId });
  let document: DocumentNode;
  try {
    document = parseWithTokenLimit(params.query, config.limits.maxTokens);
  } catch (error) {
    send('next', fail([error instanceof GraphQLError ? error : new GraphQLError(String(error))]));
    send('complete');
    return void res.end();
  }
  const invalid = validate(schema, document, [...specifiedRules, ...operationLimitRules(config.limits)]);
  if (invalid.length > 0) {
    send('next', fail(invalid));
    send('complete');
    return void res.end();
  }
  const args = { schema, document, variableValues: params.variables, operationName: params.operationName, contextValue: context };
  const operation = getOperationAST(document, params.operationName);
  const result = operation?.operation === 'subscription' ? await subscribe(args) : await execute(args);
  if (!isAsyncIterable(result)) {
    send('next', result.errors ? { ...result, ...fail(result.errors) } : result);
    send('complete');
    return void res.end();
  }
  const iterator = result[Symbol.asyncIterator]();
  // The caller may have gone while the subscription was being set up.
  if (req.socket.destroyed) return void (await iterator.return?.());
  streams.add(res);
  // Proxies drop silent connections; a comment line every 15 s keeps the stream open.
  const keepAlive = setInterval(() => res.write(':\n\n'), 15_000);
  res.on('close', () => {
    clearInterval(keepAlive);
    void iterator.return?.();
  });
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done || res.writableEnded) break;
      send('next', next.value.errors ? { ...next.value, ...fail(next.value.errors) } : next.value);
    }
  } finally {
    clearInterval(keepAlive);
    streams.delete(res);
    if (!res.writableEnded) {
      send('complete');
      res.end();
    }
  }
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

const firstHeader = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Claims come only from a valid gateway signature. In development an unsigned call is let in as
 * the anonymous caller, so that a developer can query one subgraph directly.
 */
function authenticate(req: IncomingMessage, body: string, config: Config): SignatureCheck {
  const check = verifyUpstream(
    config.signingSecret,
    config.signatureMaxAgeSeconds,
    { signature: firstHeader(req, SIGNATURE_HEADER), claims: firstHeader(req, CLAIMS_HEADER) },
    body,
  );
  if (!check.ok && config.isDevelopment && check.reason === 'SIGNATURE_MISSING') return { ok: true, claims: ANONYMOUS };
  return check;
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function writeResult(res: ServerResponse, result: HTTPGraphQLResponse, requestId: string): Promise<void> {
  const headers: Record<string, string> = { 'x-request-id': requestId };
  for (const [key, value] of result.headers) headers[key] = value;
  res.writeHead(result.status ?? 200, headers);
  if (result.body.kind === 'complete') return void res.end(result.body.string);
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Each event of a job is applied in a short transaction of its own, so a lock of 10 s is ample
 * (BullMQ renews it every 5 s while a job runs all the same), and a job a killed worker held runs
 * again within about 15 s instead of the default 30-60 s. A job wrongly taken for stalled (an
 * event loop blocked past the lock) only runs once more, which `applyOnce` makes harmless: hence
 * a few stalls are allowed before BullMQ gives the job up as failed.
 */
export const EVENT_CONSUMER_LOCKS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 } as const;

export interface RunningWorker {
  relay: OutboxRelay;
  stop(): Promise<void>;
}

/**
 * The subgraph's background side: relays its outbox onto the queues and consumes the events
 * other subgraphs addressed to it, each applied once.
 */
export async function startSubgraphWorker(def: SubgraphDefinition, config: Config, db: Database, logger?: Logger): Promise<RunningWorker> {
  const log = logger ?? createLogger(`${def.name}-worker`, config.logLevel);
  const producer = createRedis(config.redisUrl, 'worker');
  const queues = new Map<SubgraphName, Queue>();
  const queueFor = (name: SubgraphName) => {
    let q = queues.get(name);
    if (!q) {
      // While Redis restarts the queue reports connection errors (logged); the relay retries.
      queues.set(name, (q = createQueue(eventQueueName(name), producer, config.queuePrefix, log)));
    }
    return q;
  };
  const relay = new OutboxRelay(db.ds, queueFor, {
    pollMs: config.outboxPollMs,
    logger: log,
    epoch: { redis: producer, key: outboxEpochKey(config.queuePrefix, def.name), replayWindowMs: config.outboxReplayWindowSeconds * 1000 },
  });
  relay.start();

  let consumer: Worker | null = null;
  let consumerConnection: Redis | null = null;
  const handlers = def.events ?? {};
  const batchHandlers = def.eventBatches ?? {};
  if (topicsConsumedBy(def.name).length > 0) {
    consumerConnection = createRedis(config.redisUrl, 'worker');
    consumer = createWorker<EventJob>(
      eventQueueName(def.name),
      async (job) => {
        await applyEvents(
          db.ds,
          job.data,
          (topic) => {
            const handler = handlers[topic] as ((...args: unknown[]) => Promise<void>) | undefined;
            return handler && ((manager, event) => handler({ requestId: event.id, ds: db.ds, config, log }, manager, event));
          },
          (topic) => {
            const handler = batchHandlers[topic] as ((...args: unknown[]) => Promise<void>) | undefined;
            return handler && ((manager, events) => handler({ requestId: events[0].id, ds: db.ds, config, log }, manager, events));
          },
          // Each time costs the run a rolled-back attempt: many of these mean the batch handler, not the events, is at fault.
          (error, events) => log.warn({ err: error, topic: events[0].topic, events: events.length, jobId: job.id }, 'applying a run of events together failed; applying them one at a time'),
        );
      },
      consumerConnection,
      config.queuePrefix,
      log,
      EVENT_CONSUMER_LOCKS,
    );
    consumer.on('failed', (job, error) => log.warn({ jobId: job?.id, err: error }, 'event handling failed; will retry'));
  }
  const background = await def.background?.({ ds: db.ds, config, log });
  return {
    relay,
    async stop() {
      await background?.stop();
      await relay.stop();
      await consumer?.close();
      await Promise.all([...queues.values()].map((q) => q.close()));
      await Promise.allSettled([producer.quit(), consumerConnection?.quit()]);
    },
  };
}
