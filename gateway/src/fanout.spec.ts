import { parse, type ExecutionResult } from 'graphql';
import { useSubscriptionFanout } from './fanout';

/**
 * The sharing rules on their own, with a hand-driven upstream: which calls share, what each member
 * receives, and when the upstream stream ends. The end-to-end behaviour through real HTTP and
 * WebSocket is in test/gateway-fanout.e2e.spec.ts.
 */
const STREAM = parse('subscription { ratingPublished(regionCode: "1") { id } }');
const ENTITIES = parse('query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Compound { name } } }');

/** An upstream event stream the test pushes into. */
function upstream() {
  const waiting: Array<(r: IteratorResult<ExecutionResult>) => void> = [];
  const queued: IteratorResult<ExecutionResult>[] = [];
  let returned = 0;
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next: () => (queued.length ? Promise.resolve(queued.shift()!) : new Promise((resolve) => waiting.push(resolve))),
    return: async () => {
      returned++;
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  const emit = (r: IteratorResult<ExecutionResult>) => (waiting.length ? waiting.shift()!(r) : queued.push(r));
  return { iterator, push: (value: ExecutionResult) => emit({ done: false, value }), end: () => emit({ done: true, value: undefined }), returned: () => returned };
}

type Exec = (request: any) => any;

function harness() {
  const fanout = useSubscriptionFanout((context) => (context as { claims: string }).claims);
  const execute = (context: object, document = STREAM, upstreamExecutor: Exec, variables?: Record<string, unknown>) => {
    let executor: Exec = upstreamExecutor;
    const operationType = document === STREAM ? 'subscription' : 'query';
    fanout.plugin.onSubgraphExecute!({
      subgraphName: 'rating',
      executionRequest: { document, variables, context, operationType } as never,
      executor: upstreamExecutor as never,
      setExecutor: (e: Exec) => (executor = e),
    } as never);
    return executor({ document, variables, context, operationType, signal: new AbortController().signal });
  };
  const subscribed = (context: object) => {
    fanout.plugin.onSubscribe!({ args: { contextValue: context } } as never);
    return context;
  };
  return { fanout, execute, subscribed };
}

const take = async (iterator: AsyncIterator<ExecutionResult>) => (await iterator.next()).value;

describe('subscription fan-out', () => {
  it('opens one upstream stream for subscribers with the same claims, and one more for other claims', async () => {
    const { fanout, execute } = harness();
    const partner = upstream();
    const official = upstream();
    const opened: string[] = [];
    const open = (claims: string, source: ReturnType<typeof upstream>) => (request: any) => {
      opened.push(claims);
      expect(request.context.claims).toBe(claims);
      return source.iterator;
    };
    const a = await execute({ claims: 'partner' }, STREAM, open('partner', partner));
    const b = await execute({ claims: 'partner' }, STREAM, open('partner', partner));
    const c = await execute({ claims: 'official' }, STREAM, open('official', official));
    expect(opened).toEqual(['partner', 'official']);
    expect(fanout.counters).toMatchObject({ streamsOpened: 2, streamsJoined: 1 });

    partner.push({ data: { ratingPublished: { id: 'p1' } } });
    official.push({ data: { ratingPublished: { id: 'o1' } } });
    const [fromA, fromB, fromC] = [await take(a), await take(b), await take(c)];
    expect(fromA).toEqual({ data: { ratingPublished: { id: 'p1' } } });
    expect(fromB).toEqual(fromA);
    // Each member has its own copy: the query plan writes into what it receives.
    expect(fromB.data).not.toBe(fromA.data);
    expect(fromC).toEqual({ data: { ratingPublished: { id: 'o1' } } });
  });

  it('lets nobody join a stream that has delivered, and ends the stream only when its last member leaves', async () => {
    const { fanout, execute } = harness();
    const first = upstream();
    const second = upstream();
    const sources = [first, second];
    const open = () => sources.shift()!.iterator;
    const a = await execute({ claims: 'partner' }, STREAM, open);
    const b = await execute({ claims: 'partner' }, STREAM, open);
    first.push({ data: { n: 1 } });
    expect(await take(a)).toEqual({ data: { n: 1 } });
    const late = await execute({ claims: 'partner' }, STREAM, open);
    expect(fanout.counters).toMatchObject({ streamsOpened: 2, streamsJoined: 1 });

    await a.return();
    expect(first.returned()).toBe(0);
    first.push({ data: { n: 2 } });
    expect(await take(b)).toEqual({ data: { n: 1 } });
    expect(await take(b)).toEqual({ data: { n: 2 } });
    await b.return();
    expect(first.returned()).toBe(1);

    second.push({ data: { n: 3 } });
    expect(await take(late)).toEqual({ data: { n: 3 } });
    second.end();
    expect(await late.next()).toEqual({ done: true, value: undefined });
  });

  it('gives every waiting member a refusal, and lets the next subscriber try again', async () => {
    const { fanout, execute } = harness();
    const refusal = { errors: [{ message: 'Region outside your regions', extensions: { code: 'FORBIDDEN' } }] } as never;
    let calls = 0;
    const refuse = () => {
      calls++;
      return Promise.resolve(refusal);
    };
    const [a, b] = await Promise.all([execute({ claims: 'partner' }, STREAM, refuse), execute({ claims: 'partner' }, STREAM, refuse)]);
    expect(a).toEqual(refusal);
    expect(b).toEqual(refusal);
    expect(calls).toBe(1);
    await execute({ claims: 'partner' }, STREAM, refuse);
    expect(calls).toBe(2);
    expect(fanout.counters.streamsOpened).toBe(2);
  });

  it("shares a subscription's entity call in flight only with the same claims and variables, and not a query's", async () => {
    const { fanout, execute, subscribed } = harness();
    const answered: Array<{ claims: string; resolve: (r: ExecutionResult) => void }> = [];
    const entities = (request: any) =>
      new Promise<ExecutionResult>((resolve) => {
        const n = answered.length;
        answered.push({ claims: request.context.claims, resolve: () => resolve({ data: { _entities: [{ name: `call ${n} for ${request.context.claims}` }] } }) });
      });
    const vars = { representations: [{ __typename: 'Compound', id: 'c1' }] };
    const partner1 = subscribed({ claims: 'partner' });
    const partner2 = subscribed({ claims: 'partner' });
    const official = subscribed({ claims: 'official' });
    const pending = [
      execute(partner1, ENTITIES, entities, vars),
      execute(partner2, ENTITIES, entities, vars),
      execute(official, ENTITIES, entities, vars),
      execute(partner1, ENTITIES, entities, { representations: [{ __typename: 'Compound', id: 'c2' }] }),
      // A query's caller may just have written: it keeps a call of its own.
      execute({ claims: 'partner' }, ENTITIES, entities, vars),
    ];
    await new Promise((r) => setImmediate(r));
    expect(answered.map((a) => a.claims).sort()).toEqual(['official', 'partner', 'partner', 'partner']);
    for (const a of answered) a.resolve({});
    const names = ((await Promise.all(pending)) as ExecutionResult[]).map((r) => (r.data as any)._entities[0].name as string);
    expect(names[1]).toBe(names[0]);
    expect(new Set(names).size).toBe(4);
    expect(names[2]).toMatch(/for official$/);
    expect(fanout.counters).toMatchObject({ entityCalls: 3, entityCallsShared: 1 });

    // Once answered, the next event's call goes upstream again.
    const again = execute(partner1, ENTITIES, entities, vars);
    await new Promise((r) => setImmediate(r));
    expect(answered).toHaveLength(5);
    answered[4].resolve({});
    expect(((await again) as ExecutionResult).data).toEqual({ _entities: [{ name: 'call 4 for partner' }] });
  });
});
