import type { ExecutionResult } from 'graphql';
import type { unifiedGraphHandler } from '@graphql-hive/router-runtime';

/**
 * Gives every event of a subscription only its own errors (ADR 0009).
 *
 * The router runtime (`@graphql-hive/router-runtime` 1.4.x, `executeQueryPlan`) makes one
 * execution context per operation, with one `errors` array that its fetch nodes only ever push
 * onto, and hands that same array out as `errors` with every event of a subscription. Event n
 * therefore lists the errors of events 1..n. Here each event gets the part of the list added since
 * the previous event: a new error is always appended, so an error equal to an earlier one (same
 * message and path, a new event) is still delivered. A list that is not the array seen before
 * (a runtime that builds one per event) passes whole.
 */
export function eachEventItsOwnErrors(stream: AsyncIterable<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
  const source = stream[Symbol.asyncIterator]();
  let list: readonly unknown[] | undefined;
  let delivered = 0;
  const own = (result: ExecutionResult): ExecutionResult => {
    const errors = result.errors;
    if (!errors) return result;
    const before = errors === list ? delivered : 0;
    list = errors;
    delivered = errors.length;
    const { errors: _all, ...rest } = result;
    // A copy either way: the runtime keeps pushing onto the array it handed out.
    return before < errors.length ? { ...rest, errors: errors.slice(before) } : rest;
  };
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    next: async () => {
      const step = await source.next();
      return step.done ? step : { done: false, value: own(step.value) };
    },
    // Unsubscribing must still reach the upstream stream, through the runtime's own iterator.
    return: async (value?: unknown) => (source.return ? source.return(value) : { done: true, value: undefined }),
    throw: async (error?: unknown) => {
      if (source.throw) return source.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return mapped;
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  value != null && typeof value === 'object' && Symbol.asyncIterator in value;

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  value != null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';

type Handler = typeof unifiedGraphHandler;

/** The router runtime's handler, whose executor's subscription streams give each event its own errors. */
export function withEachEventItsOwnErrors(handler: Handler): Handler {
  return async (opts) => {
    const result = await handler(opts);
    const executor = result.executor;
    if (!executor) return result;
    const perEvent = (outcome: unknown) => (isAsyncIterable(outcome) ? eachEventItsOwnErrors(outcome) : outcome);
    return {
      ...result,
      executor: ((request: Parameters<typeof executor>[0]) => {
        const outcome: unknown = executor(request);
        // Queries stay synchronous when the runtime answers them so.
        return isPromiseLike(outcome) ? outcome.then(perEvent) : perEvent(outcome);
      }) as typeof executor,
    };
  };
}
