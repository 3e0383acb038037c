import type { DataSource } from 'typeorm';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { LessThan } from 'typeorm';
import { createQueue, createRedis, createWorker, transaction, type BackgroundContext, type Config, type Logger } from '@hub/platform';
import type { SourceAdapter, SourcePage } from './adapter';
import { adapterByName } from './adapters';
import { resolveCredentials } from './credentials';
import { applyBatch, applyPulledPage, errorText, recordApplyFailure, type PulledPage } from './ingestion-batches.service';
import { IngestionBatchEntity } from './ingestion-batch.entity';
import { fetchBackoffMs, pauseReason, rateLimitDelayMs, shouldPause } from './ingestion-rules';
import { IngestionSourceEntity } from './ingestion-source.entity';
import {
  APPLY_JOB,
  INGEST_APPLY_QUEUE,
  INGEST_PULL_QUEUE,
  PULL_JOB,
  pullSchedulerId,
  RECONCILE_JOB,
  RECONCILE_SCHEDULER_ID,
  type ApplyJob,
  type PullJob,
  type PullQueueJob,
} from './ingestion.queues';

/** One pull job keeps fetching pages while the source has more, for at most this long; the next tick goes on. */
const PULL_BUDGET_MS = 10_000;
/**
 * Pages a pull fetches (and maps) ahead while the pages before them apply, so that the applier
 * never waits on the source.
 */
const PULL_PAGES_AHEAD = 5;
/**
 * Pages that arrived while the previous apply ran are applied together, as one batch of at most
 * this many records (or one page, if larger): under a backlog a transaction's fixed statements
 * are paid once, and an order with versions on several pages is written once.
 */
const PULL_APPLY_MAX_RECORDS = 5_000;
const RECONCILE_BATCHES = 500;

/** Consecutive pages as one: their records in order, the cursor after the last. */
function joinPages(pages: PulledPage[]): PulledPage {
  if (pages.length === 1) return pages[0];
  const last = pages[pages.length - 1];
  const adapter = pages[0].mapped?.adapter;
  const mapped = adapter !== undefined && pages.every((p) => p.mapped?.adapter === adapter) ? { adapter, results: pages.flatMap((p) => p.mapped!.results) } : undefined;
  return { records: pages.flatMap((p) => p.records), nextCursor: pages.reduce<string | null>((c, p) => p.nextCursor ?? c, null), hasMore: last.hasMore, mapped };
}

/** Queues the apply job of a staged batch; while a job with that id exists this is a no-op. */
export async function enqueueApply(queue: Queue<ApplyJob>, config: Config, batchIds: string[]): Promise<void> {
  if (batchIds.length === 0) return;
  await queue.addBulk(
    batchIds.map((batchId) => ({
      name: APPLY_JOB,
      data: { batchId },
      opts: {
        jobId: batchId,
        attempts: config.ingestion.applyAttempts,
        backoff: { type: 'exponential', delay: config.ingestion.retryBaseMs },
        // The batch row is the record; the job only needs to outlive its redeliveries.
        removeOnComplete: { age: 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    })),
  );
}

/** A failed pull: counted, backed off, and past the limit the source is paused with the reason. */
async function recordPullFailure(ds: DataSource, config: Config, sourceId: string, error: string, now = new Date()): Promise<IngestionSourceEntity | null> {
  return transaction(ds, async (manager) => {
    const source = await manager.findOneBy(IngestionSourceEntity, { id: sourceId });
    if (!source) return null;
    const failures = source.consecutiveFailures + 1;
    const pause = shouldPause(failures, config.ingestion.pauseAfterFailures);
    await manager.update(
      IngestionSourceEntity,
      { id: sourceId },
      {
        consecutiveFailures: failures,
        lastError: error.slice(0, 1000),
        lastRunAt: now,
        retryAt: new Date(now.getTime() + fetchBackoffMs(failures, config.ingestion.retryBaseMs, config.ingestion.retryMaxMs)),
        ...(pause && source.enabled ? { enabled: false, pausedReason: pauseReason(failures, error) } : {}),
      },
    );
    return { ...source, consecutiveFailures: failures, enabled: source.enabled && !pause };
  });
}

export interface Puller {
  pull(sourceId: string): Promise<void>;
}

/**
 * Pulls pages of one source from its cursor and applies each as it comes, in one transaction
 * that also moves the cursor past it, so a crash anywhere loses nothing and doubles nothing; the
 * next pages are fetched and mapped meanwhile. A page whose apply fails is staged for the apply
 * job instead. Requests are spaced by the source's rate limit and time out.
 */
export function createPuller(ds: DataSource, config: Config, log: Logger, applyQueue: Queue<ApplyJob>): Puller {
  const running = new Set<string>();
  const lastRequestAt = new Map<string, number>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function fetchPage(source: IngestionSourceEntity, adapter: SourceAdapter, secret: string, cursor: string | null): Promise<SourcePage> {
    const wait = rateLimitDelayMs(lastRequestAt.get(source.id) ?? null, Date.now(), source.rateLimitPerSecond);
    if (wait > 0) await sleep(wait);
    lastRequestAt.set(source.id, Date.now());
    const url = new URL(adapter.pagePath(cursor, source.pageSize), source.baseUrl.endsWith('/') ? source.baseUrl : `${source.baseUrl}/`).toString();
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${secret}`, accept: 'application/json' }, signal: AbortSignal.timeout(config.ingestion.fetchTimeoutMs) });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new Error(timedOut ? `no answer from ${url} within ${config.ingestion.fetchTimeoutMs} ms` : `could not reach ${url}: ${errorText((error as Error).cause ?? error)}`);
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}: ${text.slice(0, 200)}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`the page from ${url} is not JSON`);
    }
    return adapter.parsePage(body);
  }

  async function pullPages(source: IngestionSourceEntity): Promise<void> {
    const adapter = adapterByName(source.adapter);
    if (!adapter) throw new Error(`adapter "${source.adapter}" is not one this hub has`);
    const credentials = resolveCredentials(source.credentialsRef);
    if (!credentials.ok) throw new Error(credentials.reason);
    const started = Date.now();
    // Fetched pages not yet applied, in cursor order.
    const fetched: PulledPage[] = [];
    let fetching = true;
    let fetchError: unknown = null;
    let stopped = false;
    // The applier waits for a page, the fetcher for room: one wake-up each.
    const signal = () => {
      let waiting: (() => void) | null = null;
      return {
        wait: () => new Promise<void>((resolve) => (waiting = resolve)),
        wake: () => {
          const resolve = waiting;
          waiting = null;
          resolve?.();
        },
      };
    };
    const arrived = signal();
    const room = signal();

    const fetcher = (async () => {
      let cursor = source.cursor;
      try {
        for (;;) {
          while (fetched.length >= PULL_PAGES_AHEAD && !stopped) await room.wait();
          if (stopped) return;
          const page = await fetchPage(source, adapter, credentials.secret, cursor);
          // Mapped here, while the pages before it apply: off the apply's path.
          fetched.push({ ...page, mapped: { adapter: adapter.name, results: page.records.map((raw) => adapter.map(raw)) } });
          arrived.wake();
          const next = page.nextCursor ?? cursor;
          if (!page.hasMore || next === cursor || Date.now() - started > PULL_BUDGET_MS) return;
          cursor = next;
        }
      } catch (error) {
        fetchError = error;
      } finally {
        fetching = false;
        arrived.wake();
      }
    })();

    let cursor = source.cursor;
    try {
      for (;;) {
        while (fetched.length === 0 && fetching) await arrived.wait();
        if (fetched.length === 0) break;
        let take = 1;
        let records = fetched[0].records.length;
        while (take < fetched.length && records + fetched[take].records.length <= PULL_APPLY_MAX_RECORDS) records += fetched[take++].records.length;
        const page = joinPages(fetched.splice(0, take));
        room.wake();
        const outcome = await applyPulledPage(ds, source.id, cursor, page);
        if (outcome === 'moved') return; // paused, replayed or taken by another pull meanwhile
        if (outcome.status === 'STAGED' && outcome.batchId) {
          log.warn({ sourceId: source.id, batchId: outcome.batchId, err: errorText(outcome.error) }, 'pulled pages could not be applied at once; staged for the apply job');
          const batchId = outcome.batchId;
          await enqueueApply(applyQueue, config, [batchId]).catch((err) => log.warn({ err, batchId }, 'could not queue a staged batch; the reconciler will'));
        }
        cursor = page.nextCursor ?? cursor;
      }
    } finally {
      stopped = true;
      room.wake();
      await fetcher;
    }
    if (fetchError) throw fetchError;
  }

  return {
    async pull(sourceId) {
      // Two ticks of one scheduler may overlap in one process; the cursor check guards the rest.
      if (running.has(sourceId)) return;
      running.add(sourceId);
      try {
        const source = await ds.getRepository(IngestionSourceEntity).findOneBy({ id: sourceId });
        if (!source || !source.enabled) return;
        if (source.retryAt && source.retryAt.getTime() > Date.now()) return;
        try {
          await pullPages(source);
        } catch (error) {
          const after = await recordPullFailure(ds, config, sourceId, errorText(error));
          log.warn({ sourceId, err: errorText(error), failures: after?.consecutiveFailures, paused: after ? !after.enabled : undefined }, 'ingestion pull failed');
        }
      } finally {
        running.delete(sourceId);
      }
    },
  };
}

/**
 * Puts back what Redis does not remember (after a restart it may hold nothing): a job for
 * every batch staged a while ago and not applied, and the pull scheduler of every enabled source
 * (removing those of paused ones). Safe to run any number of times, from any worker.
 */
export async function reconcile(ds: DataSource, config: Config, pullQueue: Queue<PullQueueJob>, applyQueue: Queue<ApplyJob>, now = new Date()): Promise<{ requeued: number }> {
  const sources = await ds.getRepository(IngestionSourceEntity).find({ select: { id: true, enabled: true, scheduleSeconds: true } });
  const schedulers = new Map((await pullQueue.getJobSchedulers(0, -1)).map((s) => [s.key, s]));
  for (const source of sources) {
    const id = pullSchedulerId(source.id);
    const every = source.scheduleSeconds * 1000;
    if (!source.enabled) {
      if (schedulers.has(id)) await pullQueue.removeJobScheduler(id);
      continue;
    }
    if (Number(schedulers.get(id)?.every) === every) continue;
    await pullQueue.upsertJobScheduler(id, { every }, { name: PULL_JOB, data: { sourceId: source.id }, opts: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 50 } } });
  }
  const stale = await ds.getRepository(IngestionBatchEntity).find({
    select: { id: true },
    where: { status: 'STAGED', createdAt: LessThan(new Date(now.getTime() - config.ingestion.reconcileMs)) },
    order: { createdAt: 'ASC' },
    take: RECONCILE_BATCHES,
  });
  let requeued = 0;
  for (const { id } of stale) {
    const job = await applyQueue.getJob(id);
    if (job) {
      const state = await job.getState();
      // A job that finished while its batch is still STAGED was cut short (or the batch was
      // replayed from the dead-letter queue): give the batch a fresh job.
      if (state !== 'failed' && state !== 'completed') continue;
      await job.remove();
    }
    await enqueueApply(applyQueue, config, [id]);
    requeued++;
  }
  return { requeued };
}

/**
 * The ingestion side of the property worker: pulls by per-source job schedulers, applies
 * staged batches, and reconciles at start, on every Redis reconnect and on its own schedule.
 */
export async function startIngestion(ctx: BackgroundContext): Promise<{ stop(): Promise<void> }> {
  const { ds, config, log } = ctx;
  const producer = createRedis(config.redisUrl, 'worker');
  const pullConnection = createRedis(config.redisUrl, 'worker');
  const applyConnection = createRedis(config.redisUrl, 'worker');
  const pullQueue = createQueue<PullQueueJob>(INGEST_PULL_QUEUE, producer, config.queuePrefix, log);
  const applyQueue = createQueue<ApplyJob>(INGEST_APPLY_QUEUE, producer, config.queuePrefix, log);
  const puller = createPuller(ds, config, log, applyQueue);

  let reconciling: Promise<unknown> | null = null;
  const runReconcile = () => {
    reconciling ??= reconcile(ds, config, pullQueue, applyQueue)
      .then((r) => r.requeued && log.info(r, 'ingestion reconciler queued staged batches'))
      .catch((err) => log.warn({ err }, 'ingestion reconcile failed; the next tick retries'))
      .finally(() => (reconciling = null));
    return reconciling;
  };
  const upsertReconciler = () =>
    pullQueue.upsertJobScheduler(RECONCILE_SCHEDULER_ID, { every: config.ingestion.reconcileMs }, { name: RECONCILE_JOB, data: {}, opts: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 50 } } });

  const pullWorker = createWorker<PullQueueJob>(
    INGEST_PULL_QUEUE,
    async (job: Job<PullQueueJob>) => {
      if (job.name === RECONCILE_JOB) return void (await runReconcile());
      await puller.pull((job.data as PullJob).sourceId);
    },
    pullConnection,
    config.queuePrefix,
    log,
    { concurrency: 8 },
  );
  const applyWorker = createWorker<ApplyJob>(
    INGEST_APPLY_QUEUE,
    async (job: Job<ApplyJob>) => {
      try {
        return await applyBatch(ds, job.data.batchId);
      } catch (error) {
        const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        await recordApplyFailure(ds, job.data.batchId, error, last).catch((err) => log.error({ err }, 'could not record an apply failure'));
        if (last) log.error({ batchId: job.data.batchId, err: errorText(error) }, 'ingestion batch is dead after its last attempt; replayDeadBatch once fixed');
        throw last ? new UnrecoverableError(errorText(error)) : error;
      }
    },
    applyConnection,
    config.queuePrefix,
    log,
    // A batch applies in well under a second; a short lock lets a job of a killed worker run again soon.
    { concurrency: 4, lockDuration: 10_000, stalledInterval: 5_000 },
  );
  pullWorker.on('failed', (job, err) => log.warn({ jobId: job?.id, err }, 'ingestion pull job failed'));
  applyWorker.on('failed', (job, err) => log.warn({ jobId: job?.id, err }, 'ingestion apply failed; will retry unless it was the last attempt'));

  // After a reconnect Redis may have come back empty: put the schedulers and jobs back at once.
  let connectedOnce = false;
  producer.on('ready', () => {
    if (!connectedOnce) return void (connectedOnce = true);
    void upsertReconciler().catch(() => undefined);
    void runReconcile();
  });
  await upsertReconciler();
  await runReconcile();

  return {
    async stop() {
      await pullWorker.close();
      await applyWorker.close();
      await reconciling;
      await Promise.all([pullQueue.close(), applyQueue.close()]);
      await Promise.allSettled([producer.quit(), pullConnection.quit(), applyConnection.quit()]);
    },
  };
}
