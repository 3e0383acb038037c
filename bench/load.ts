import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CLAIMS_HEADER, SIGNATURE_HEADER, encodeClaims, signUpstream, type Claims, type SubgraphName } from '@hub/platform';

/**
 * The load side of the benchmark: what one iteration of each case does, and a closed-loop
 * generator that runs N iterations concurrently for a fixed time. The gateway case and the
 * direct baseline go through the same HTTP client and the same loop, so they are measured alike.
 */

/**
 * A case as plain data, so it can be handed to the load process. Successive iterations take the
 * next entry of `variables` (or `compoundIds`) in turn, so that requests in flight at the same
 * time ask for different things: identical concurrent requests would be collapsed into one
 * upstream call by the gateway's HTTP executor, and the gateway would be measured doing less
 * work than the direct calls.
 */
export type CaseSpec = GatewaySpec | DirectSpec;
export type GatewaySpec = { kind: 'gateway'; url: string; token: string; query: string; variables: Record<string, unknown>[] };
export type DirectSpec = { kind: 'direct'; urls: Record<SubgraphName, string>; signingSecret: string; claims: Claims; compoundIds: string[] };

export const COMPOUND_SCREEN = `query CompoundScreen($id: ID!) {
  compound(id: $id) {
    id name
    community { name } street { name } district { name }
    propertyContract { model firm { name } }
    publicRevenueBalanceFen
    latestRating { period score }
  }
}`;

/** A page of compounds with every federated field; `after` moves the page along. */
export const compoundList = (first: number) => `query CompoundList($after: String) {
  compounds(first: ${first}, after: $after) {
    edges { node {
      id name
      community { name } street { name } district { name }
      propertyContract { model firm { name } }
      publicRevenueBalanceFen
      latestRating { period score }
    } }
  }
}`;

/** The four calls a client would make without the gateway: the compound, then its three extensions. */
const DIRECT = {
  community: `query($id: ID!) { compound(id: $id) { id name community { name } street { name } district { name } } }`,
  property: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Compound { propertyContract { model firm { name } } } } }`,
  finance: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Compound { publicRevenueBalanceFen } } }`,
  rating: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Compound { latestRating { period score } } } }`,
};

const REQUEST_TIMEOUT_MS = 10_000;

/** Keep-alive HTTP/1.1 client with at most `connections` sockets per origin. */
export class HttpClient {
  private readonly agent: Agent;

  constructor(connections: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            'content-length': Buffer.byteLength(body),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer from ${url} within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A GraphQL call that must answer 200 with data and no errors. */
  async graphql<T = any>(url: string, query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string> = {}): Promise<T> {
    const { status, text } = await this.post(url, JSON.stringify({ query, variables }), headers);
    const body = JSON.parse(text) as { data?: T; errors?: { message: string }[] };
    if (status !== 200 || body.errors?.length || !body.data) {
      throw new Error(`${url} answered ${status}: ${body.errors?.map((e) => e.message).join('; ') ?? text.slice(0, 200)}`);
    }
    return body.data;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** One iteration of a case; resolves with the data a client would show. */
export function iterationFor(spec: CaseSpec, client: HttpClient): () => Promise<unknown> {
  let next = 0;
  if (spec.kind === 'gateway') {
    const headers = { authorization: `Bearer ${spec.token}` };
    return () => client.graphql(spec.url, spec.query, spec.variables[next++ % spec.variables.length], headers);
  }
  const claimsHeader = encodeClaims(spec.claims);
  // Each call is signed as the gateway signs it, so the subgraphs do the same checks in both cases.
  const call = <T>(name: SubgraphName, variables: Record<string, unknown>): Promise<T> => {
    const body = JSON.stringify({ query: DIRECT[name], variables });
    return client
      .post(spec.urls[name], body, { [CLAIMS_HEADER]: claimsHeader, [SIGNATURE_HEADER]: signUpstream(spec.signingSecret, claimsHeader, body) })
      .then(({ status, text }) => {
        const parsed = JSON.parse(text) as { data?: T; errors?: { message: string }[] };
        if (status !== 200 || parsed.errors?.length || !parsed.data) {
          throw new Error(`${name} answered ${status}: ${parsed.errors?.map((e) => e.message).join('; ') ?? text.slice(0, 200)}`);
        }
        return parsed.data;
      });
  };
  return async () => {
    const id = spec.compoundIds[next++ % spec.compoundIds.length];
    const { compound } = await call<{ compound: { id: string } | null }>('community', { id });
    if (!compound) throw new Error(`community has no compound ${id}`);
    const representations = [{ __typename: 'Compound', id: compound.id }];
    type Entities = { _entities: Record<string, unknown>[] };
    const [property, finance, rating] = await Promise.all([
      call<Entities>('property', { representations }),
      call<Entities>('finance', { representations }),
      call<Entities>('rating', { representations }),
    ]);
    return { compound: { ...compound, ...property._entities[0], ...finance._entities[0], ...rating._entities[0] } };
  };
}

/** What one closed-loop run saw. */
export interface Sample {
  /** Latency of each iteration that completed without error, in ms. */
  latencies: number[];
  errors: number;
  firstError?: string;
  seconds: number;
  /** CPU time of the process running the loop: the client's own cost. */
  cpuMs: number;
}

export interface LoadResult {
  /** Completed iterations without error. */
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  loadCpuMsPerRequest: number;
}

/**
 * Closed loop: `connections` loops each start their next iteration as soon as the previous one
 * ends, until `durationMs` has passed. Latency is the whole iteration as the client sees it.
 */
export async function closedLoop(iteration: () => Promise<unknown>, connections: number, durationMs: number): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + durationMs;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await iteration();
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const used = process.cpuUsage(cpu);
  return { latencies, errors, firstError, seconds: (performance.now() - started) / 1000, cpuMs: (used.user + used.system) / 1000 };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const round = (n: number) => Math.round(n * 100) / 100;

/** Throughput and latency percentiles over one or more runs of the same case. */
export function summarize(samples: Sample[]): LoadResult {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const errors = samples.reduce((n, s) => n + s.errors, 0);
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  const cpuMs = samples.reduce((n, s) => n + s.cpuMs, 0);
  return {
    requests: latencies.length,
    errors,
    firstError: samples.find((s) => s.firstError)?.firstError,
    seconds: round(seconds),
    rps: round(latencies.length / seconds),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1] ?? NaN),
      mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
    },
    loadCpuMsPerRequest: round(cpuMs / Math.max(1, latencies.length + errors)),
  };
}

/* ---- The load process ----
 * The generator runs in a child process so that its own work (building requests, parsing
 * answers, signing) does not share the hub's event loop and is not charged to either side.
 */

export interface LoadCommand {
  spec: CaseSpec;
  connections: number;
  durationMs: number;
}

export type LoadReply = { ok: true; sample: Sample } | { ok: false; error: string };

export interface LoadProcess {
  run(command: LoadCommand): Promise<Sample>;
  close(): void;
}

export function startLoadProcess(): LoadProcess {
  // Inherits the parent's execArgv, so the TypeScript loader the parent runs under applies too.
  const child = fork(join(__dirname, 'load-worker.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let exited = false;
  child.on('exit', () => (exited = true));
  return {
    run(command) {
      return new Promise<Sample>((resolve, reject) => {
        if (exited) return reject(new Error('load process has exited'));
        // Every request times out after 10 s, so a run cannot take much longer than its duration.
        const timer = setTimeout(() => finish(new Error('load process did not answer in time')), command.durationMs + 30_000);
        const onExit = (code: number | null) => finish(new Error(`load process exited (${code})`));
        const onMessage = (reply: LoadReply) => finish(reply.ok ? null : new Error(reply.error), reply.ok ? reply.sample : undefined);
        function finish(error: Error | null, sample?: Sample) {
          clearTimeout(timer);
          child.off('exit', onExit);
          child.off('message', onMessage);
          if (error) reject(error);
          else resolve(sample!);
        }
        child.on('exit', onExit);
        child.on('message', onMessage);
        child.send(command);
      });
    },
    close() {
      if (!exited) child.kill();
    },
  };
}
