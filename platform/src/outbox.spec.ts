import { Column, Entity, In, IsNull, Like, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import { UnrecoverableError, type Job, type Queue, type Worker } from 'bullmq';
import { openDataSource, StatementCounter, transaction } from './data-source';
import { OutboxEvent, OutboxRelay, ProcessedEvent, applyEvents, applyOnce, eventJobId, outboxBacklog, outboxEpochKey, recordEvent, recordEvents, type EventEffect } from './outbox';
import { CreateOutbox1764000000000 } from './outbox.migration';
import { createQueue, createRedis, createWorker } from './queue';
import { EVENTS_PER_JOB, eventQueueName, type EventEnvelope, type EventJob } from './events';
import { createLogger } from './logger';
import { uuidv7 } from './ids';
import { testEnvironment, type TestEnvironment } from './testing';

const quiet = createLogger('outbox-spec', 'silent');

/** The outbox against real MariaDB and Redis: committed events go out once, rolled-back ones never. */
@Entity('marker')
class Marker {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'int' })
  hits: number;
}

/** Remembers the SQL it is told about, so a test can count the INSERTs a call made. */
class StatementLog extends StatementCounter {
  queries: string[] = [];
  override logQuery(query?: string): void {
    this.queries.push(String(query));
    super.logQuery();
  }
}

let env: TestEnvironment;
const statements = new StatementLog();
let ds: DataSource;
const redis = () => createRedis(env.config.redisUrl, 'worker');
let connection: ReturnType<typeof redis>;
let financeQueue: Queue;
let relay: OutboxRelay;

beforeAll(async () => {
  env = testEnvironment();
  ds = await openDataSource({ url: env.config.databaseUrl, subgraph: 'community', entities: [OutboxEvent, ProcessedEvent, Marker], migrations: [CreateOutbox1764000000000], counter: statements });
  await ds.query('CREATE TABLE marker (id varchar(36) PRIMARY KEY, hits int NOT NULL)');
  connection = redis();
  financeQueue = createQueue(eventQueueName('finance'), connection, env.config.queuePrefix, quiet);
  relay = new OutboxRelay(ds, () => financeQueue, {
    pollMs: 50,
    logger: createLogger('test', 'silent'),
    epoch: { redis: connection, key: outboxEpochKey(env.config.queuePrefix, 'community'), replayWindowMs: 86_400_000 },
  });
});

afterAll(async () => {
  await financeQueue.close();
  await connection.quit();
  await ds.destroy();
  await env.cleanup();
});

const payload = (id: string) => ({ compoundId: id, name: 'n', regionPath: ['330203012003'] });
const HELD = ['waiting', 'delayed', 'active', 'paused', 'prioritized', 'completed', 'failed'] as const;
/** The events a queue's jobs hold, by id. */
const eventsIn = async (queue: Queue, states: readonly string[] = HELD) =>
  new Map((await queue.getJobs([...states] as never)).flatMap((j) => (j.data as EventJob).events).map((e) => [e.id, e]));

it('publishes a committed event once, even when the relay passes again', async () => {
  const id = await transaction(ds, (m) => recordEvent(m, 'CompoundRegistered', 'c1', payload('c1')));
  expect(await relay.drain()).toBe(1);
  expect(await relay.drain()).toBe(0);
  // A lone event is a job of one, with the event's id.
  const job = await financeQueue.getJob(id);
  expect(job?.data).toEqual({ events: [expect.objectContaining({ id, topic: 'CompoundRegistered', aggregateId: 'c1', payload: payload('c1') })] });
  expect(await financeQueue.count()).toBe(1);
});

it('adds nothing twice when a relay died after adding but before marking', async () => {
  const id = await transaction(ds, (m) => recordEvent(m, 'CompoundRegistered', 'c2', payload('c2')));
  await relay.drain();
  await ds.getRepository(OutboxEvent).update({ id }, { publishedAt: null }); // as if the mark was lost
  expect(await relay.drain()).toBe(1);
  const jobs = await financeQueue.getJobs(['waiting', 'delayed', 'active', 'completed']);
  expect(jobs.filter((j) => j.id === id)).toHaveLength(1);
});

it('never publishes an event whose transaction rolled back', async () => {
  await expect(
    transaction(ds, async (m) => {
      await recordEvent(m, 'CompoundRegistered', 'c3', payload('c3'));
      throw new Error('the change failed');
    }),
  ).rejects.toThrow('the change failed');
  expect(await ds.getRepository(OutboxEvent).countBy({ aggregateId: 'c3' })).toBe(0);
  expect(await relay.drain()).toBe(0);
});

it('applies a redelivered event once', async () => {
  const event: EventEnvelope = { id: '019b76da-0000-7000-8000-000000000001', topic: 'CompoundRegistered', aggregateId: 'c4', occurredAt: new Date().toISOString(), payload: payload('c4') };
  await ds.getRepository(Marker).insert({ id: 'm', hits: 0 });
  const effect = (m: import('typeorm').EntityManager) => m.increment(Marker, { id: 'm' }, 'hits', 1).then(() => undefined);
  expect(await applyOnce(ds, event, effect)).toBe(true);
  expect(await applyOnce(ds, event, effect)).toBe(false);
  expect((await ds.getRepository(Marker).findOneByOrFail({ id: 'm' })).hits).toBe(1);
});

it('tells how many committed events wait for the relay and how old the oldest is', async () => {
  await relay.drain();
  expect(await outboxBacklog(ds)).toEqual({ events: 0, oldestSeconds: 0 });
  // One recorded two minutes ago (its id says when), two just now.
  await ds.getRepository(OutboxEvent).insert({ id: uuidv7(Date.now() - 120_000), topic: 'CompoundRegistered', aggregateId: 'late', payload: JSON.stringify(payload('late')), occurredAt: new Date(), publishedAt: null });
  await transaction(ds, (m) => recordEvents(m, 'CompoundRegistered', [{ aggregateId: 'n1', payload: payload('n1') }, { aggregateId: 'n2', payload: payload('n2') }]));
  const backlog = await outboxBacklog(ds);
  expect(backlog.events).toBe(3);
  expect(backlog.oldestSeconds).toBeGreaterThanOrEqual(120);
  expect(backlog.oldestSeconds).toBeLessThan(180);
  await relay.drain();
  expect(await outboxBacklog(ds)).toEqual({ events: 0, oldestSeconds: 0 });
});

describe('recordEvents (bulk)', () => {
  const outboxInserts = (from: number) => statements.queries.slice(from).filter((q) => /^\s*INSERT INTO `outbox`/i.test(q));

  it('writes many events in one INSERT, ids ascending in the order given, published like recordEvent', async () => {
    const single = await transaction(ds, (m) => recordEvent(m, 'CompoundRegistered', 'b0', payload('b0')));
    const mark = statements.queries.length;
    const ids = await transaction(ds, (m) =>
      recordEvents(m, 'CompoundRegistered', ['b1', 'b2', 'b3'].map((c) => ({ aggregateId: c, payload: payload(c) }))),
    );
    expect(outboxInserts(mark)).toHaveLength(1);
    expect(ids).toHaveLength(3);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
    const rows = await ds.getRepository(OutboxEvent).findBy({ aggregateId: In(['b0', 'b1', 'b2', 'b3']) });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(ids.map((id) => byId.get(id)?.aggregateId)).toEqual(['b1', 'b2', 'b3']);
    // Stored exactly as one recordEvent row is: topic, JSON payload, unpublished.
    const { id: _a, aggregateId: _b, payload: singlePayload, occurredAt: _c, ...singleRest } = byId.get(single)!;
    const { id: _d, aggregateId: _e, payload: bulkPayload, occurredAt, ...bulkRest } = byId.get(ids[0])!;
    expect(bulkRest).toEqual(singleRest);
    expect(JSON.parse(bulkPayload)).toEqual(payload('b1'));
    expect(JSON.parse(singlePayload)).toEqual(payload('b0'));
    expect(occurredAt).toBeInstanceOf(Date);

    expect(await relay.drain()).toBe(4);
    const relayed = await eventsIn(financeQueue);
    for (const [i, id] of ids.entries()) {
      expect(relayed.get(id)).toMatchObject({ id, topic: 'CompoundRegistered', aggregateId: `b${i + 1}`, payload: payload(`b${i + 1}`) });
    }
    expect(await relay.drain()).toBe(0);
  });

  it('writes nothing and runs no statement for no rows', async () => {
    const mark = statements.queries.length;
    expect(await transaction(ds, (m) => recordEvents(m, 'CompoundRegistered', []))).toEqual([]);
    expect(outboxInserts(mark)).toHaveLength(0);
  });

  it('splits 2,500 events into three INSERTs, all committed together', async () => {
    const mark = statements.queries.length;
    const rows = Array.from({ length: 2_500 }, (_, i) => ({ aggregateId: `many-${i}`, payload: payload(`many-${i}`) }));
    const ids = await transaction(ds, (m) => recordEvents(m, 'CompoundRegistered', rows));
    expect(outboxInserts(mark)).toHaveLength(3);
    expect(new Set(ids).size).toBe(2_500);
    expect(await ds.getRepository(OutboxEvent).countBy({ aggregateId: Like('many-%'), publishedAt: IsNull() })).toBe(2_500);
    expect(await relay.drain()).toBe(2_500);
  });

  it('keeps none of them when the transaction rolls back', async () => {
    await expect(
      transaction(ds, async (m) => {
        await recordEvents(m, 'CompoundRegistered', [{ aggregateId: 'gone-1', payload: payload('gone-1') }, { aggregateId: 'gone-2', payload: payload('gone-2') }]);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await ds.getRepository(OutboxEvent).countBy({ aggregateId: Like('gone-%') })).toBe(0);
    expect(await relay.drain()).toBe(0);
  });
});

describe('event jobs', () => {
  const many = (tag: string, n: number) => Array.from({ length: n }, (_, i) => ({ aggregateId: `${tag}${i}`, payload: payload(`${tag}${i}`) }));
  const ids = (job: Job | undefined) => (job?.data as EventJob | undefined)?.events.map((e) => e.id);

  it(`puts up to ${EVENTS_PER_JOB} events in a job, in outbox order; the same events relayed again add nothing`, async () => {
    const before = await financeQueue.count();
    const recorded = await transaction(ds, (m) => recordEvents(m, 'CompoundRegistered', many('g', 2 * EVENTS_PER_JOB + 50)));
    expect(await relay.drain()).toBe(recorded.length);
    const chunks = [recorded.slice(0, EVENTS_PER_JOB), recorded.slice(EVENTS_PER_JOB, 2 * EVENTS_PER_JOB), recorded.slice(2 * EVENTS_PER_JOB)];
    expect(await financeQueue.count()).toBe(before + 3);
    for (const chunk of chunks) expect(ids(await financeQueue.getJob(eventJobId(chunk.map((id) => ({ id })))))).toEqual(chunk);

    // As after a relay that died before marking them: the same jobs, which BullMQ ignores.
    await ds.getRepository(OutboxEvent).update({ id: In(recorded) }, { publishedAt: null });
    expect(await relay.drain()).toBe(recorded.length);
    expect(await financeQueue.count()).toBe(before + 3);

    // Another set that begins with the same event is a job of its own, not taken for the first.
    const some = [recorded[0], recorded[2]];
    await ds.getRepository(OutboxEvent).update({ id: In(some) }, { publishedAt: null });
    expect(await relay.drain()).toBe(2);
    expect(await financeQueue.count()).toBe(before + 4);
    expect(ids(await financeQueue.getJob(eventJobId(some.map((id) => ({ id })))))).toEqual(some);
  });

  it('applies each event of a job once; one that fails holds back none of the others and alone runs again', async () => {
    const events: EventEnvelope[] = ['x1', 'x2', 'x3'].map((c) => ({ id: uuidv7(), topic: 'CompoundRegistered', aggregateId: c, occurredAt: new Date().toISOString(), payload: payload(c) }));
    const runs: string[] = [];
    let failing: string | null = events[1].id;
    const effect: EventEffect = async (m, event) => {
      runs.push(event.aggregateId);
      if (event.id === failing) throw new Error('Lock wait timeout exceeded');
      await m.query('INSERT INTO marker (id, hits) VALUES (?, 1) ON DUPLICATE KEY UPDATE hits = hits + 1', [event.id]);
    };
    const attempt = applyEvents(ds, { events }, () => effect);
    await expect(attempt).rejects.toThrow(`1 of 3 events failed: CompoundRegistered ${events[1].id}: Lock wait timeout exceeded`);
    await expect(attempt).rejects.not.toBeInstanceOf(UnrecoverableError);
    expect(runs).toEqual(['x1', 'x2', 'x3']);
    failing = null;
    expect(await applyEvents(ds, { events }, () => effect)).toBe(1);
    expect(runs).toEqual(['x1', 'x2', 'x3', 'x2']);
    const hits = await ds.query('SELECT id, hits FROM marker WHERE id IN (?, ?, ?)', events.map((e) => e.id));
    expect(hits.map((h: { hits: number }) => Number(h.hits))).toEqual([1, 1, 1]);
  });

  describe('events of one topic applied together', () => {
    const registered = (tag: string, n: number): EventEnvelope[] =>
      Array.from({ length: n }, (_, i) => ({ id: uuidv7(), topic: 'CompoundRegistered', aggregateId: `${tag}${i}`, occurredAt: new Date().toISOString(), payload: payload(`${tag}${i}`) }));
    const mark = (m: EntityManager, events: EventEnvelope[]) =>
      m.query(`INSERT INTO marker (id, hits) VALUES ${events.map(() => '(?, 1)').join(', ')} ON DUPLICATE KEY UPDATE hits = hits + 1`, events.map((e) => e.id)).then(() => undefined);
    const hitsOf = async (events: EventEnvelope[]) => {
      const rows: { id: string; hits: number }[] = await ds.query(`SELECT id, hits FROM marker WHERE id IN (${events.map(() => '?').join(', ')})`, events.map((e) => e.id));
      const byId = new Map(rows.map((r) => [r.id, Number(r.hits)]));
      return events.map((e) => byId.get(e.id) ?? 0);
    };

    it('applies a run of one topic in one transaction, once, in order, with the other topics around it on their own', async () => {
      const run = registered('b', 5);
      const other: EventEnvelope = { id: uuidv7(), topic: 'PostChanged', aggregateId: 'p', occurredAt: new Date().toISOString(), payload: {} as never };
      const tail = registered('c', 2);
      const calls: string[][] = [];
      const single: string[] = [];
      const applied = await applyEvents(
        ds,
        { events: [...run, other, ...tail] },
        () => async (m, event) => {
          single.push(event.aggregateId);
          await mark(m, [event]);
        },
        (topic) =>
          topic === 'CompoundRegistered'
            ? async (m, events) => {
                calls.push(events.map((e) => e.aggregateId));
                await mark(m, events);
              }
            : undefined,
        (error) => {
          throw new Error(`no run should have fallen back: ${String(error)}`);
        },
      );
      expect(applied).toBe(8);
      // A run of one is applied on its own, as is the other topic between the runs.
      expect(calls).toEqual([['b0', 'b1', 'b2', 'b3', 'b4'], ['c0', 'c1']]);
      expect(single).toEqual(['p']);
      expect(await hitsOf([...run, ...tail])).toEqual([1, 1, 1, 1, 1, 1, 1]);
      expect(await ds.getRepository(ProcessedEvent).countBy({ id: In([...run, other, ...tail].map((e) => e.id)) })).toBe(8);

      // Delivered again, with one new event: only that one reaches the effect.
      const more = registered('d', 1);
      const again = await applyEvents(ds, { events: [...run, ...more] }, () => async (m, event) => mark(m, [event]), () => async (m, events) => {
        calls.push(events.map((e) => e.aggregateId));
        await mark(m, events);
      });
      expect(again).toBe(1);
      expect(calls.at(-1)).toEqual(['d0']);
      expect(await hitsOf([...run, ...more])).toEqual([1, 1, 1, 1, 1, 1]);
    });

    it('falls back to one at a time when the run fails: the failing event is named, the others applied, nothing of the failed attempt kept', async () => {
      const run = registered('f', 4);
      let failing: string | null = run[2].id;
      const effect: EventEffect = async (m, event) => {
        if (event.id === failing) throw new Error('Parking fee has amount 0');
        await mark(m, [event]);
      };
      const fellBack: Array<[string, number]> = [];
      const attempt = applyEvents(
        ds,
        { events: run },
        () => effect,
        () => async (m, events) => {
          // Writes first, then fails: the transaction must take the writes back with it.
          await mark(m, events);
          if (events.some((e) => e.id === failing)) throw new Error('Parking fee has amount 0');
        },
        (error, events) => fellBack.push([(error as Error).message, events.length]),
      );
      await expect(attempt).rejects.toThrow(`1 of 4 events failed: CompoundRegistered ${run[2].id}: Parking fee has amount 0`);
      // The worker logs why the run went one at a time.
      expect(fellBack).toEqual([['Parking fee has amount 0', 4]]);
      expect(await hitsOf(run)).toEqual([1, 1, 0, 1]);
      failing = null;
      expect(await applyEvents(ds, { events: run }, () => effect, () => async (m, events) => mark(m, events))).toBe(1);
      expect(await hitsOf(run)).toEqual([1, 1, 1, 1]);
    });
  });

  it('keeps a job whose only failures are topics without a handler in the failed set at once, the other events applied', async () => {
    const events: EventEnvelope[] = [
      { id: uuidv7(), topic: 'PostChanged', aggregateId: 'p', occurredAt: new Date().toISOString(), payload: {} as never },
      { id: uuidv7(), topic: 'CompoundRegistered', aggregateId: 'y1', occurredAt: new Date().toISOString(), payload: payload('y1') },
    ];
    const effect: EventEffect = (m, event) => m.query('INSERT INTO marker (id, hits) VALUES (?, 1)', [event.id]).then(() => undefined);
    const attempt = applyEvents(ds, { events }, (topic) => (topic === 'CompoundRegistered' ? effect : undefined));
    await expect(attempt).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(attempt).rejects.toThrow(`PostChanged ${events[0].id}: no handler for this topic`);
    expect(await ds.getRepository(ProcessedEvent).countBy({ id: In(events.map((e) => e.id)) })).toBe(1);
  });
});

/**
 * Redis restarted empty (it keeps nothing on disk): the relay notices the missing epoch marker and
 * publishes again what it published within the replay window. This outbox lives in a database of
 * its own and its queue under a prefix of its own, which the test empties as a restart would,
 * without touching anything else in the shared Redis.
 */
describe('after Redis lost the queues', () => {
  let outbox: DataSource;
  let prefix: string;
  let queue: Queue;
  let consumer: Worker<EventJob>;
  let consumerConnection: ReturnType<typeof redis>;
  let replaying: OutboxRelay;
  /** Runs after the next `addBulk` lands: how a test empties Redis at an exact point. */
  let afterAdd: (() => Promise<void>) | null = null;

  const wipe = async () => {
    let cursor = '0';
    do {
      const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await connection.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  };
  // A topic with finance as its only consumer, so that one `addBulk` is all a pass adds.
  const fee = (feeId: string) => ({ feeId, compoundId: 'c', plateClass: 'VISITOR' as const, amountFen: 500, collectedAt: new Date().toISOString() });
  const record = (n: number, tag: string) =>
    transaction(outbox, (m) => recordEvents(m, 'ParkingFeeCollected', Array.from({ length: n }, (_, i) => ({ aggregateId: `${tag}${i}`, payload: fee(`${tag}${i}`) }))));
  const processed = async (ids: string[]) => outbox.getRepository(ProcessedEvent).countBy({ id: In(ids) });
  const hits = async () => (await outbox.query('SELECT id, hits FROM marker')) as { id: string; hits: number }[];
  const queued = async (ids: string[]) => {
    const held = await eventsIn(queue);
    return ids.filter((id) => held.has(id)).length;
  };
  const completed = async () => (await eventsIn(queue, ['completed'])).size;
  async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  const settled = () => until('the queue to empty', async () => {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).every((n) => n === 0);
  });

  beforeAll(async () => {
    outbox = await openDataSource({ url: env.config.databaseUrl, subgraph: 'property', entities: [OutboxEvent, ProcessedEvent], migrations: [CreateOutbox1764000000000] });
    await outbox.query('CREATE TABLE marker (id varchar(36) PRIMARY KEY, hits int NOT NULL)');
    prefix = `${env.config.queuePrefix}:wipe`;
    consumerConnection = redis();
    queue = createQueue(eventQueueName('finance'), connection, prefix, quiet);
    const adding = {
      addBulk: async (jobs: Parameters<Queue['addBulk']>[0]) => {
        const added = await queue.addBulk(jobs);
        const then = afterAdd;
        afterAdd = null;
        await then?.();
        return added;
      },
    } as unknown as Queue;
    // Pages of 2: ties on publishedAt (one mark per page) and page edges are crossed.
    replaying = new OutboxRelay(outbox, () => adding, {
      pollMs: 50,
      batchSize: 2,
      logger: createLogger('test', 'silent'),
      epoch: { redis: connection, key: outboxEpochKey(prefix, 'property'), replayWindowMs: 86_400_000 },
    });
  });

  afterAll(async () => {
    await consumer?.close();
    await consumerConnection.quit();
    await queue.close();
    await outbox.destroy();
  });

  it('publishes again events that were queued but not yet applied, and each is applied once', async () => {
    const ids = await record(5, 'w');
    expect(await replaying.drain()).toBe(5);
    expect(await queued(ids)).toBe(5);
    await wipe();
    expect(await queued(ids)).toBe(0);

    expect(await replaying.drain()).toBe(0); // nothing new, but the replay put the five back
    expect(await queued(ids)).toBe(5);
    consumer = createWorker<EventJob>(
      eventQueueName('finance'),
      async (job: Job<EventJob>) =>
        void (await applyEvents(outbox, job.data, () => (m, event) => m.query('INSERT INTO marker (id, hits) VALUES (?, 1) ON DUPLICATE KEY UPDATE hits = hits + 1', [event.id]))),
      consumerConnection,
      prefix,
      // A job running while its keys are deleted cannot be moved on afterwards; BullMQ reports that as an error.
      quiet,
    );
    await until('the five applied', async () => (await processed(ids)) === 5);
    expect((await hits()).filter((h) => ids.includes(h.id)).map((h) => h.hits)).toEqual([1, 1, 1, 1, 1]);
  });

  it('applies nothing twice when events already applied come back after a wipe', async () => {
    const ids = await record(3, 'a');
    await replaying.drain();
    await until('the three applied', async () => (await processed(ids)) === 3);
    await settled();
    await wipe();
    await replaying.drain();
    // All eight events of this outbox are back in the queue and run again, as no-ops.
    await until('the replayed events to complete', async () => (await completed()) === 8);
    const all = await hits();
    expect(all).toHaveLength(8);
    expect(all.every((h) => h.hits === 1)).toBe(true);
  });

  it('publishes again events whose jobs were lost between adding them and marking them published', async () => {
    await consumer.pause(); // so that the jobs wait in Redis and are lost with it
    const ids = await record(2, 'm');
    afterAdd = wipe; // Redis restarts after the jobs went in, before the relay marks the rows
    expect(await replaying.drain()).toBe(2);
    expect(await outbox.getRepository(OutboxEvent).countBy({ id: In(ids), publishedAt: IsNull() })).toBe(0);
    expect(await queued(ids)).toBe(2);
    consumer.resume();
    await until('the two applied', async () => (await processed(ids)) === 2);
    expect((await hits()).filter((h) => ids.includes(h.id)).map((h) => h.hits)).toEqual([1, 1]);
  });

  it('replays again when Redis is emptied during the replay itself', async () => {
    await settled();
    const ids = await record(1, 'r');
    expect(await replaying.drain()).toBe(1);
    await until('the event applied', async () => (await processed(ids)) === 1);
    await settled();
    await wipe();
    afterAdd = wipe; // the first page of the replay is lost with the marker's guard
    await replaying.drain();
    expect(await connection.get(outboxEpochKey(prefix, 'property'))).toBeTruthy();
    await until('all eleven back and run', async () => (await completed()) === 11);
    const all = await hits();
    expect(all).toHaveLength(11);
    expect(all.every((h) => h.hits === 1)).toBe(true);
  });
});
