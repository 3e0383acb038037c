import type { Job, Worker } from 'bullmq';
import pino from 'pino';
import { createLogger } from './logger';
import { createQueue, createRedis, createWorker } from './queue';
import { EVENT_CONSUMER_LOCKS } from './subgraph';
import { testEnvironment, type TestEnvironment } from './testing';

/**
 * Event consumers hold short locks so that a killed worker's jobs run again soon. A job that runs
 * longer than its lock must still keep it: BullMQ renews the lock while the job runs (every
 * lockDuration / 2), and only a job whose worker stopped renewing is taken for stalled.
 */
let env: TestEnvironment;
const connections: ReturnType<typeof createRedis>[] = [];
const redis = () => {
  const connection = createRedis(env.config.redisUrl, 'worker');
  connections.push(connection);
  return connection;
};

beforeAll(() => {
  env = testEnvironment();
});

afterAll(async () => {
  await Promise.allSettled(connections.map((c) => c.quit()));
  await env.cleanup();
});

it('gives event consumers a lock shorter than the 30 s default, checked for stalls within it', () => {
  expect(EVENT_CONSUMER_LOCKS.lockDuration).toBeLessThan(30_000);
  expect(EVENT_CONSUMER_LOCKS.stalledInterval).toBeLessThanOrEqual(EVENT_CONSUMER_LOCKS.lockDuration);
  expect(EVENT_CONSUMER_LOCKS.maxStalledCount).toBeGreaterThanOrEqual(1);
});

it('keeps the lock of a job running three times longer than it, so the job runs once', async () => {
  // The consumers' proportions, scaled down: a 600 ms lock checked for stalls every 300 ms.
  const scale = 600 / EVENT_CONSUMER_LOCKS.lockDuration;
  const locks = { lockDuration: 600, stalledInterval: EVENT_CONSUMER_LOCKS.stalledInterval * scale, maxStalledCount: EVENT_CONSUMER_LOCKS.maxStalledCount };
  const queue = createQueue<{ n: number }>('long-jobs', redis(), env.config.queuePrefix, createLogger('queue-spec', 'silent'));
  const runs: number[] = [];
  const stalled: string[] = [];
  const workers: Worker<{ n: number }>[] = [];
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  // Two workers, so that a job taken for stalled would be picked up and run again by the other.
  for (let i = 0; i < 2; i++) {
    const worker = createWorker<{ n: number }>(
      'long-jobs',
      async (job: Job<{ n: number }>) => {
        runs.push(job.data.n);
        await new Promise((r) => setTimeout(r, 1_800));
        release();
      },
      redis(),
      env.config.queuePrefix,
      createLogger('queue-spec', 'silent'),
      { ...locks, concurrency: 1 },
    );
    worker.on('stalled', (id) => stalled.push(id));
    workers.push(worker);
  }
  await queue.add('long', { n: 1 }, { jobId: 'long-1' });
  await released;
  for (let tries = 0; (await queue.getJob('long-1'))?.finishedOn === undefined; tries++) {
    if (tries > 200) throw new Error('the long job never finished');
    await new Promise((r) => setTimeout(r, 25));
  }
  await Promise.all(workers.map((w) => w.close()));
  await queue.close();
  expect(runs).toEqual([1]);
  expect(stalled).toEqual([]);
});

it('sends a queue’s and a worker’s error events to the logger, not raw to stderr', async () => {
  const lines: Array<{ msg: string; queue: string; err: { message: string } }> = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const queue = createQueue('error-events', redis(), env.config.queuePrefix, log);
  const worker = createWorker('error-events', async () => undefined, redis(), env.config.queuePrefix, log, { autorun: false });
  try {
    // What BullMQ emits while Redis restarts; with nobody listening it would throw inside BullMQ and be printed raw.
    queue.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    worker.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    expect(lines.map((l) => [l.msg, l.queue, l.err.message])).toEqual([
      ['queue error', 'error-events', 'connect ECONNREFUSED 127.0.0.1:6379'],
      ['queue worker error', 'error-events', 'connect ECONNREFUSED 127.0.0.1:6379'],
    ]);
    expect(printed).not.toHaveBeenCalled();
  } finally {
    printed.mockRestore();
    await worker.close();
    await queue.close();
  }
});
