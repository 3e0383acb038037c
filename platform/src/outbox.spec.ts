import { Column, Entity, In, IsNull, Like, PrimaryColumn, type DataSource } from 'typeorm';
import type { Queue } from 'bullmq';
import { openDataSource, StatementCounter, transaction } from './data-source';
import { OutboxEvent, OutboxRelay, ProcessedEvent, applyOnce, recordEvent, recordEvents } from './outbox';
import { CreateOutbox1764000000000 } from './outbox.migration';
import { createQueue, createRedis } from './queue';
import { eventQueueName, type EventEnvelope } from './events';
import { createLogger } from './logger';
import { testEnvironment, type TestEnvironment } from './testing';

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
  financeQueue = createQueue(eventQueueName('finance'), connection, env.config.queuePrefix);
  relay = new OutboxRelay(ds, () => financeQueue, { pollMs: 50, logger: createLogger('test', 'silent') });
});

afterAll(async () => {
  await financeQueue.close();
  await connection.quit();
  await ds.destroy();
  await env.cleanup();
});

const payload = (id: string) => ({ compoundId: id, name: 'n', regionPath: ['330203012003'] });

it('publishes a committed event once, even when the relay passes again', async () => {
  const id = await transaction(ds, (m) => recordEvent(m, 'CompoundRegistered', 'c1', payload('c1')));
  expect(await relay.drain()).toBe(1);
  expect(await relay.drain()).toBe(0);
  const job = await financeQueue.getJob(id);
  expect(job?.data).toMatchObject({ id, topic: 'CompoundRegistered', aggregateId: 'c1', payload: payload('c1') });
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
    for (const [i, id] of ids.entries()) {
      expect((await financeQueue.getJob(id))?.data).toMatchObject({ id, topic: 'CompoundRegistered', aggregateId: `b${i + 1}`, payload: payload(`b${i + 1}`) });
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
