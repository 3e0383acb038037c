import { Queue, Worker, type Processor, type WorkerOptions, type JobsOptions } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { Logger } from './logger';

/**
 * Workers block on Redis and must wait through reconnects (maxRetriesPerRequest: null);
 * producers run inside request handlers and must fail fast instead of queueing commands offline.
 */
export function createRedis(url: string, role: 'worker' | 'producer'): Redis {
  return role === 'worker'
    ? new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true })
    : new IORedis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5_000 });
}

/** Completed jobs are kept a week so that a job id doubles as a de-duplication key. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/**
 * A queue whose errors go to `log`. While Redis is away every queue and worker reports its
 * connection errors as events and ioredis reconnects by itself; an `error` event nobody listens
 * to would instead be thrown inside BullMQ and printed raw on stderr, past the logger.
 */
export function createQueue<T = unknown>(name: string, connection: Redis, prefix: string, log: Logger): Queue<T> {
  const queue = new Queue<T>(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }) as Queue<T>;
  queue.on('error', (err) => log.warn({ err, queue: name }, 'queue error'));
  return queue;
}

/** A worker whose errors go to `log` (see createQueue). */
export function createWorker<T = unknown>(
  name: string,
  processor: Processor<T>,
  connection: Redis,
  prefix: string,
  log: Logger,
  options: Partial<WorkerOptions> = {},
): Worker<T> {
  const worker = new Worker<T>(name, processor, { connection, prefix, concurrency: 4, ...options });
  worker.on('error', (err) => log.warn({ err, queue: name }, 'queue worker error'));
  return worker;
}
