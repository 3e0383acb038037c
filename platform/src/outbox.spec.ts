import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';
import type { Queue } from 'bullmq';
import { openDataSource, transaction } from './data-source';
import { OutboxEvent, OutboxRelay, ProcessedEvent, applyOnce, recordEvent } from './outbox';
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

let env: TestEnvironment;
let ds: DataSource;
const redis = () => createRedis(env.config.redisUrl, 'worker');
let connection: ReturnType<typeof redis>;
let financeQueue: Queue;
let relay: OutboxRelay;

beforeAll(async () => {
  env = testEnvironment();
  ds = await openDataSource({ url: env.config.databaseUrl, subgraph: 'community', entities: [OutboxEvent, ProcessedEvent, Marker], migrations: [CreateOutbox1764000000000] });
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
