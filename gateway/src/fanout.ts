import { print, type DocumentNode, type ExecutionResult } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * Subscription fan-out (ADR 0009). Many subscribers of one event used to cost one upstream event
 * stream each, and for every event one signed entity call per subscriber and subgraph. Here,
 * subscribers whose upstream calls are the same call share it:
 *
 * - one upstream event stream per (subgraph, operation, variables, claims), joined only by
 *   subscribers that arrive before it has delivered anything, so that every member receives
 *   exactly what a stream of its own would have given it;
 * - entity calls of subscriptions that are identical, claims included, while one is in flight.
 *
 * The key always holds the caller's encoded claims, the only thing besides the body a subgraph
 * decides on (ADR 0001): callers whose claims differ never share an answer, and the one upstream
 * call is signed for exactly the claims every member carries.
 */

type SubgraphExecutePayload = Parameters<NonNullable<GatewayPlugin['onSubgraphExecute']>>[0];
type Executor = SubgraphExecutePayload['executor'];
type ExecutionRequest = SubgraphExecutePayload['executionRequest'];
type Outcome = ExecutionResult | AsyncIterable<ExecutionResult>;

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  value != null && typeof value === 'object' && Symbol.asyncIterator in value;

/**
 * Each member gets its own copy of the data: the query plan merges later entity answers into the
 * objects it received, and one member's plan must not write into another's.
 */
const copyOf = (result: ExecutionResult): ExecutionResult => ({
  ...result,
  ...(result.data != null ? { data: structuredClone(result.data) } : {}),
  ...(result.errors ? { errors: [...result.errors] } : {}),
});

/** One member's view of a shared stream: a queue the group pushes into. */
class Member implements AsyncIterableIterator<ExecutionResult> {
  private readonly queue: ExecutionResult[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  private failure: { error: unknown } | null = null;

  constructor(private readonly leave: (member: Member) => void) {}

  push(result: ExecutionResult): void {
    if (this.ended) return;
    this.queue.push(copyOf(result));
    this.wake?.();
  }

  end(failure?: { error: unknown }): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure ?? null;
    this.wake?.();
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      if (this.queue.length > 0) return { done: false, value: this.queue.shift()! };
      if (this.failure) {
        const { error } = this.failure;
        this.failure = null;
        throw error;
      }
      if (this.ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.queue.length = 0;
    this.end();
    this.leave(this);
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

interface Group {
  members: Set<Member>;
  /** Once the stream has delivered an event, a newcomer would miss it: the group is closed to joiners. */
  joinable: boolean;
  abort: AbortController;
  source?: AsyncIterator<ExecutionResult>;
}

export interface FanoutCounters {
  /** Upstream event streams opened. */
  streamsOpened: number;
  /** Subscriptions that joined a stream another subscriber had opened. */
  streamsJoined: number;
  /** Entity calls made upstream for subscriptions. */
  entityCalls: number;
  /** Entity calls answered by an identical call already in flight. */
  entityCallsShared: number;
}

export interface SubscriptionFanout {
  plugin: GatewayPlugin;
  counters: FanoutCounters;
}

/** `claimsHeaderOf` gives the encoded claims the upstream signature will carry for a context. */
export function useSubscriptionFanout(claimsHeaderOf: (context: unknown) => string): SubscriptionFanout {
  const counters: FanoutCounters = { streamsOpened: 0, streamsJoined: 0, entityCalls: 0, entityCallsShared: 0 };
  const printed = new WeakMap<DocumentNode, string>();
  const textOf = (document: DocumentNode) => {
    let text = printed.get(document);
    if (text === undefined) printed.set(document, (text = print(document)));
    return text;
  };
  const keyOf = (subgraphName: string, request: ExecutionRequest) =>
    JSON.stringify([subgraphName, claimsHeaderOf(request.context), request.operationName ?? null, textOf(request.document), request.variables ?? null]);

  /** Contexts of subscription operations: their entity calls may be shared. */
  const subscriptionContexts = new WeakSet<object>();
  const groups = new Map<string, Group>();
  const inflight = new Map<string, Promise<ExecutionResult>>();

  function joinStream(key: string, request: ExecutionRequest, executor: Executor): Promise<Outcome> {
    let group = groups.get(key);
    const opening = !group?.joinable;
    if (opening) {
      group = { members: new Set(), joinable: true, abort: new AbortController() };
      groups.set(key, group);
      counters.streamsOpened++;
    } else {
      counters.streamsJoined++;
    }
    const g = group!;
    const closeToJoiners = () => {
      g.joinable = false;
      if (groups.get(key) === g) groups.delete(key);
    };
    const member = new Member((m) => {
      g.members.delete(m);
      if (g.members.size > 0) return;
      // The last member left: nobody needs the upstream stream any more.
      closeToJoiners();
      g.abort.abort();
      void g.source?.return?.().catch(() => undefined);
    });
    g.members.add(member);
    if (opening) start(g, request, executor, closeToJoiners);
    return started.get(g)!.then((outcome) => (outcome === STREAM ? member : copyOf(outcome)));
  }

  const STREAM = Symbol('stream');
  const started = new WeakMap<Group, Promise<ExecutionResult | typeof STREAM>>();

  function start(g: Group, request: ExecutionRequest, executor: Executor, closeToJoiners: () => void): void {
    // The first member's own signal would end everyone's stream when it leaves; the group's ends it when the last does.
    const outcome = Promise.resolve()
      .then(() => executor({ ...request, signal: g.abort.signal }) as Outcome | Promise<Outcome>)
      .then((result): ExecutionResult | typeof STREAM => {
        if (!isAsyncIterable(result)) {
          // A single answer (the stream was refused): every member gets it, and the next subscriber tries again.
          closeToJoiners();
          for (const m of g.members) m.end();
          return result;
        }
        g.source = result[Symbol.asyncIterator]();
        void pump(g, g.source, closeToJoiners);
        return STREAM;
      });
    outcome.catch(() => {
      closeToJoiners();
      for (const m of g.members) m.end();
    });
    started.set(g, outcome);
  }

  async function pump(g: Group, source: AsyncIterator<ExecutionResult>, closeToJoiners: () => void): Promise<void> {
    try {
      for (;;) {
        const step = await source.next();
        if (step.done) break;
        closeToJoiners();
        for (const m of g.members) m.push(step.value);
      }
      closeToJoiners();
      for (const m of g.members) m.end();
    } catch (error) {
      closeToJoiners();
      for (const m of g.members) m.end({ error });
    }
  }

  function shareEntityCall(key: string, request: ExecutionRequest, executor: Executor): Promise<ExecutionResult> {
    const running = inflight.get(key);
    if (running) {
      counters.entityCallsShared++;
      return running.then(copyOf);
    }
    counters.entityCalls++;
    // No caller's signal: one member giving up must not fail the others' answer.
    const call = Promise.resolve()
      .then(() => executor({ ...request, signal: undefined }) as ExecutionResult | Promise<ExecutionResult>)
      .finally(() => inflight.delete(key));
    inflight.set(key, call);
    return call.then(copyOf);
  }

  const plugin: GatewayPlugin = {
    onSubscribe({ args }) {
      if (args.contextValue && typeof args.contextValue === 'object') subscriptionContexts.add(args.contextValue);
    },
    onSubgraphExecute({ subgraphName, executionRequest, executor, setExecutor }) {
      const context = executionRequest.context;
      if (executionRequest.operationType === 'subscription') {
        setExecutor(((request: ExecutionRequest) => joinStream(keyOf(subgraphName, request), request, executor)) as Executor);
        return;
      }
      // Queries and mutations keep their own upstream calls, so a caller reads its own writes.
      if (executionRequest.operationType !== 'query' || !context || !subscriptionContexts.has(context as object)) return;
      setExecutor(((request: ExecutionRequest) => shareEntityCall(keyOf(subgraphName, request), request, executor)) as Executor);
    },
  };
  return { plugin, counters };
}
