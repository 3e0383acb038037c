import { Queue, Worker, type Processor, type WorkerOptions, type JobsOptions } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';

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

export function createQueue<T = unknown>(name: string, connection: Redis, prefix: string): Queue<T> {
  return new Queue<T>(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }) as Queue<T>;
}

export function createWorker<T = unknown>(
  name: string,
  processor: Processor<T>,
  connection: Redis,
  prefix: string,
  options: Partial<WorkerOptions> = {},
): Worker<T> {
  return new Worker<T>(name, processor, { connection, prefix, concurrency: 4, ...options });
}
