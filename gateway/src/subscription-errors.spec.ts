import { GraphQLError, type ExecutionResult } from 'graphql';
import { eachEventItsOwnErrors, withEachEventItsOwnErrors } from './subscription-errors';

/**
 * Per-event errors of subscription streams, with streams shaped like the router runtime's. The same
 * through the gateway, with the real runtime, is in test/gateway-fanout.e2e.spec.ts.
 */
const forbidden = (compound: string) => new GraphQLError(`no scope over compound ${compound}'s accounts`, { path: ['ratingPublished', 'compound', 'publicRevenueBalanceFen'], extensions: { code: 'FORBIDDEN' } });

/**
 * The runtime's shape: one list for the whole subscription, pushed onto while an event is worked
 * out, and handed out whole with every event once it holds anything.
 */
async function* runtimeStream(errorsPerEvent: GraphQLError[][], list: GraphQLError[] = []): AsyncGenerator<ExecutionResult> {
  for (const [n, errors] of errorsPerEvent.entries()) {
    list.push(...errors);
    yield { data: { ratingPublished: { id: `r${n}` } }, ...(list.length > 0 ? { errors: list } : {}) };
  }
}

async function all(stream: AsyncIterable<ExecutionResult>): Promise<ExecutionResult[]> {
  const out: ExecutionResult[] = [];
  for await (const result of stream) out.push(result);
  return out;
}

describe('each event its own errors', () => {
  it('gives each event only the errors added for it by the runtime, and none to an event without any', async () => {
    const [a, b, c] = [forbidden('a'), forbidden('b'), forbidden('c')];
    const got = await all(eachEventItsOwnErrors(runtimeStream([[], [a], [], [b, c]])));
    expect(got).toEqual([
      { data: { ratingPublished: { id: 'r0' } } },
      { data: { ratingPublished: { id: 'r1' } }, errors: [a] },
      { data: { ratingPublished: { id: 'r2' } } },
      { data: { ratingPublished: { id: 'r3' } }, errors: [b, c] },
    ]);
    expect(got[1].errors![0]).toBe(a);
  });

  it('still delivers an error equal to an earlier event’s (same message and path) for the new event', async () => {
    const first = forbidden('a');
    const again = forbidden('a');
    const got = await all(eachEventItsOwnErrors(runtimeStream([[first], [again], [forbidden('a'), forbidden('a')]])));
    expect(got.map((r) => r.errors?.length)).toEqual([1, 1, 2]);
    expect(got[1].errors![0]).toBe(again);
    expect(got[1].errors![0]).toEqual(first);
  });

  it('hands out a list of its own, which the runtime adding to its list later does not change', async () => {
    const list: GraphQLError[] = [];
    const stream = eachEventItsOwnErrors(runtimeStream([[forbidden('a')], [forbidden('b')]], list));
    const first = (await stream.next()).value as ExecutionResult;
    expect(first.errors).not.toBe(list);
    await stream.next();
    expect(list).toHaveLength(2);
    expect(first.errors).toHaveLength(1);
  });

  it('passes whole the lists of a stream that builds one per event', async () => {
    async function* fresh(): AsyncGenerator<ExecutionResult> {
      yield { data: null, errors: [forbidden('a')] };
      yield { data: null, errors: [forbidden('a')] };
      yield { data: null, errors: [forbidden('a'), forbidden('b')] };
    }
    expect((await all(eachEventItsOwnErrors(fresh()))).map((r) => r.errors?.length)).toEqual([1, 1, 2]);
  });

  it('passes unsubscribing and failures through to the source stream', async () => {
    let returned = 0;
    const source: AsyncIterableIterator<ExecutionResult> = {
      next: async () => ({ done: false, value: { data: {} } }),
      return: async () => {
        returned++;
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    const stream = eachEventItsOwnErrors(source);
    await stream.next();
    expect(await stream.return!()).toEqual({ done: true, value: undefined });
    expect(returned).toBe(1);

    async function* failing(): AsyncGenerator<ExecutionResult> {
      yield { data: {} };
      throw new Error('upstream gone');
    }
    const broken = eachEventItsOwnErrors(failing());
    await broken.next();
    await expect(broken.next()).rejects.toThrow('upstream gone');
  });
});

describe('the router runtime handler with per-event errors', () => {
  const handlerAnswering = (answer: (request: unknown) => unknown) =>
    withEachEventItsOwnErrors((async () => ({ unifiedGraph: {} as never, getSubgraphSchema: () => ({}) as never, executor: answer as never })) as never);

  it('maps subscription streams, whether the executor returns them directly or in a promise', async () => {
    const a = forbidden('a');
    for (const wrap of [(s: unknown) => s, (s: unknown) => Promise.resolve(s)]) {
      const { executor } = await handlerAnswering(() => wrap(runtimeStream([[a], [forbidden('b')]])))({} as never);
      const got = await all((await executor!({} as never)) as AsyncIterable<ExecutionResult>);
      expect(got.map((r) => r.errors?.map((e) => e.message))).toEqual([[a.message], [forbidden('b').message]]);
    }
  });

  it('leaves single results alone, synchronous ones synchronous', async () => {
    const single = { data: null, errors: [forbidden('a')] };
    const { executor } = await handlerAnswering(() => single)({} as never);
    expect(executor!({} as never)).toBe(single);
    const { executor: later } = await handlerAnswering(() => Promise.resolve(single))({} as never);
    expect(await later!({} as never)).toBe(single);
  });
});
