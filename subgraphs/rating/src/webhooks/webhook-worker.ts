import { In, LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import type { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createQueue, createRedis, createWorker, transaction, uuidv7, webhookSecretKey, type BackgroundContext, type Config } from '@hub/platform';
import { RatingCounterEntity, RatingEventEntity } from '../partners/rating-event.entity';
import { logChannel } from '../subscriptions/live-feed';
import { postWebhook } from './http-delivery';
import { outcomeOf, retryDelayMs } from './retry-schedule';
import { signWebhookWithEach } from './signature';
import { isPlainSecret, openSecret, sealSecret, signingSecrets } from './secret-box';
import { webhookBody } from './webhook-payload';
import { WebhookAttemptEntity, WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export const WEBHOOK_QUEUE = 'rating-webhooks';
/** Counter row: the last log seq whose deliveries have been created. */
export const DISPATCH_COUNTER = 'webhook_dispatch';

export interface DeliveryJob {
  deliveryId: string;
  attempt: number;
}

const EVENTS_PER_PASS = 500;

/**
 * Creates the deliveries owed for log entries past the dispatcher's position, in one
 * transaction with moving the position, so each (endpoint, event) pair is created once even
 * with several workers (the position moves only from where this pass read it). Returns the last
 * seq it covered, or null when there was nothing new.
 */
export async function dispatchNewEvents(ds: DataSource): Promise<{ upTo: number; deliveries: { id: string }[] } | null> {
  return transaction(ds, async (manager) => {
    await manager.createQueryBuilder().insert().into(RatingCounterEntity).values({ id: DISPATCH_COUNTER, value: 0 }).orIgnore().execute();
    const { value: from } = await manager.findOneByOrFail(RatingCounterEntity, { id: DISPATCH_COUNTER });
    const events = await manager
      .getRepository(RatingEventEntity)
      .createQueryBuilder('e')
      .where('e.seq > :from', { from })
      .orderBy('e.seq', 'ASC')
      .limit(EVENTS_PER_PASS)
      .getMany();
    if (events.length === 0) return null;
    const to = events[events.length - 1].seq;
    const moved = await manager
      .createQueryBuilder()
      .update(RatingCounterEntity)
      .set({ value: to })
      .where('id = :id AND value = :from', { id: DISPATCH_COUNTER, from })
      .execute();
    if (!moved.affected) return null; // another worker took this stretch
    const endpoints = await manager.findBy(WebhookEndpointEntity, { status: 'ACTIVE' });
    const now = new Date();
    const rows: Partial<WebhookDeliveryEntity>[] = [];
    for (const event of events) {
      const path = event.regionPath.split(',');
      for (const endpoint of endpoints) {
        if (!path.includes(endpoint.regionCode) || !endpoint.eventTypes.includes(event.type)) continue;
        rows.push(manager.create(WebhookDeliveryEntity, { id: uuidv7(), endpointId: endpoint.id, eventId: event.id, eventSeq: event.seq, status: 'PENDING', attempts: 0, nextAttemptAt: now }));
      }
    }
    for (let i = 0; i < rows.length; i += 1000) {
      await manager.createQueryBuilder().insert().into(WebhookDeliveryEntity).values(rows.slice(i, i + 1000)).orIgnore().execute();
    }
    return { upTo: to, deliveries: rows.map((r) => ({ id: r.id! })) };
  });
}

async function logHead(ds: DataSource): Promise<number> {
  const row = await ds.getRepository(RatingEventEntity).createQueryBuilder('e').select('MAX(e.seq)', 'head').getRawOne<{ head: string | number | null }>();
  return Number(row?.head ?? 0);
}

/** Queues every delivery whose attempt is due; the job id makes a second queuing a no-op. */
export async function queueDueDeliveries(ds: DataSource, queue: Queue<DeliveryJob>, limit = 500): Promise<number> {
  const due = await ds.getRepository(WebhookDeliveryEntity).find({
    select: { id: true, attempts: true },
    where: { status: In(['PENDING', 'RETRYING']), nextAttemptAt: LessThanOrEqual(new Date()) },
    order: { nextAttemptAt: 'ASC' },
    take: limit,
  });
  if (due.length === 0) return 0;
  await queueAttempts(queue, due.map((d) => ({ deliveryId: d.id, attempt: d.attempts + 1 })));
  return due.length;
}

/**
 * Queues attempts; the job id (delivery and attempt number) makes queuing the same attempt
 * twice a no-op, so the dispatcher, the processor and the sweep may all try.
 */
export async function queueAttempts(queue: Queue<DeliveryJob>, jobs: DeliveryJob[], delayMs = 0): Promise<void> {
  for (let i = 0; i < jobs.length; i += 1000) {
    await queue.addBulk(
      jobs.slice(i, i + 1000).map((data) => ({
        name: 'deliver',
        data,
        // The delivery row is the record of what happened; the job is only the trigger, so it
        // need not outlive the attempt by long (100 endpoints × a district round is 300,000 jobs).
        opts: {
          jobId: `${data.deliveryId}-${data.attempt}`,
          delay: delayMs,
          attempts: 3,
          backoff: { type: 'exponential', delay: 1_000 },
          removeOnComplete: { age: 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
  }
}

/**
 * Log entries never change, and one is delivered to every endpoint of its region in a burst:
 * keep the recent ones in memory rather than read the same row a hundred times.
 */
const recentEvents = new Map<string, RatingEventEntity>();
const RECENT_EVENTS_MAX = 5_000;

async function eventById(ds: DataSource, id: string): Promise<RatingEventEntity> {
  const cached = recentEvents.get(id);
  if (cached) return cached;
  const event = await ds.getRepository(RatingEventEntity).findOneByOrFail({ id });
  if (recentEvents.size >= RECENT_EVENTS_MAX) recentEvents.delete(recentEvents.keys().next().value!);
  recentEvents.set(id, event);
  return event;
}

/** Makes one attempt of one delivery and records its outcome, the next attempt and the endpoint's state. */
export async function attemptDelivery(ds: DataSource, config: Config, job: DeliveryJob, random = Math.random): Promise<{ retryInMs: number } | null> {
  const delivery = await ds.getRepository(WebhookDeliveryEntity).findOneBy({ id: job.deliveryId });
  // Already attempted (a job delivered twice) or finished: nothing to do.
  if (!delivery || delivery.attempts + 1 !== job.attempt || (delivery.status !== 'PENDING' && delivery.status !== 'RETRYING')) return null;
  const [endpoint, event] = await Promise.all([ds.getRepository(WebhookEndpointEntity).findOneByOrFail({ id: delivery.endpointId }), eventById(ds, delivery.eventId)]);
  if (endpoint.status !== 'ACTIVE') {
    await ds.getRepository(WebhookDeliveryEntity).update(
      { id: delivery.id, attempts: delivery.attempts },
      { status: 'FAILED', nextAttemptAt: null, lastError: `Not sent: the endpoint is disabled (${endpoint.disabledReason ?? 'no reason recorded'})`.slice(0, 500) },
    );
    return null;
  }
  const body = webhookBody(event);
  const attemptedAt = new Date();
  const timestamp = Math.floor(attemptedAt.getTime() / 1000);
  const key = webhookSecretKey(config);
  const secrets = signingSecrets(endpoint.secret, endpoint.previousSecret, endpoint.previousSecretExpiresAt, attemptedAt).map((sealed) => openSecret(key, endpoint.id, sealed));
  const result = await postWebhook(
    endpoint.url,
    { 'webhook-id': event.id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhookWithEach(secrets, event.id, timestamp, body) },
    body,
    { timeoutMs: config.webhooks.timeoutMs, allowedPrivateHosts: config.webhooks.allowedPrivateHosts },
  );
  const outcome = outcomeOf(result.statusCode);
  return transaction(ds, async (manager) => {
    await manager.insert(WebhookAttemptEntity, {
      id: uuidv7(),
      deliveryId: delivery.id,
      attempt: job.attempt,
      statusCode: result.statusCode,
      error: result.error,
      durationMs: result.durationMs,
      attemptedAt,
    });
    const common = { attempts: job.attempt, lastStatusCode: result.statusCode, lastError: result.error };
    if (outcome === 'SUCCEEDED') {
      await manager.update(WebhookDeliveryEntity, { id: delivery.id }, { ...common, status: 'SUCCEEDED', nextAttemptAt: null, deliveredAt: attemptedAt });
      // Conditional, so that the usual success after success does not rewrite the endpoint row.
      await manager
        .createQueryBuilder()
        .update(WebhookEndpointEntity)
        .set({ consecutiveFailures: 0 })
        .where('id = :id AND consecutiveFailures > 0', { id: endpoint.id })
        .execute();
      return null;
    }
    if (outcome === 'GONE') {
      await manager.update(WebhookDeliveryEntity, { id: delivery.id }, { ...common, status: 'FAILED', nextAttemptAt: null });
      await disable(manager, endpoint.id, `The receiver answered 410 Gone on ${attemptedAt.toISOString()}: it no longer wants deliveries; enableWebhook when it is back`);
      return null;
    }
    await manager.increment(WebhookEndpointEntity, { id: endpoint.id }, 'consecutiveFailures', 1);
    const { consecutiveFailures } = await manager.findOneByOrFail(WebhookEndpointEntity, { id: endpoint.id });
    if (consecutiveFailures >= config.webhooks.disableAfterFailures) {
      const last = result.statusCode !== null ? `HTTP ${result.statusCode}` : result.error ?? 'no answer';
      await manager.update(WebhookDeliveryEntity, { id: delivery.id }, { ...common, status: 'FAILED', nextAttemptAt: null });
      await disable(manager, endpoint.id, `Disabled after ${consecutiveFailures} failed attempts in a row (last: ${last}) on ${attemptedAt.toISOString()}; fix the receiver, enableWebhook, then replay the failed deliveries`);
      return null;
    }
    const delay = retryDelayMs(job.attempt + 1, config.webhooks.retryBaseMs, random());
    await manager.update(
      WebhookDeliveryEntity,
      { id: delivery.id },
      delay === null ? { ...common, status: 'FAILED', nextAttemptAt: null } : { ...common, status: 'RETRYING', nextAttemptAt: new Date(Date.now() + delay) },
    );
    return delay === null ? null : { retryInMs: delay };
  });
}

async function disable(manager: EntityManager, endpointId: string, reason: string): Promise<void> {
  await manager.update(WebhookEndpointEntity, { id: endpointId, status: 'ACTIVE' }, { status: 'DISABLED', disabledReason: reason.slice(0, 500), disabledAt: new Date() });
}

/**
 * The rating subgraph's background work: the dispatcher turning new log entries into deliveries
 * (and telling the servers' live feeds that the log grew), the sweep queuing due attempts, and
 * the BullMQ worker making them.
 */
/**
 * Seals secrets stored in plain by the first version of webhooks (before WEBHOOK_SECRET_KEY);
 * conditional on the stored value, so workers starting together seal each once. Returns how many.
 */
export async function sealPlainSecrets(ds: DataSource, key: Buffer): Promise<number> {
  const plain = (await ds.getRepository(WebhookEndpointEntity).find({ select: { id: true, secret: true } })).filter((e) => isPlainSecret(e.secret));
  for (const e of plain) await ds.getRepository(WebhookEndpointEntity).update({ id: e.id, secret: e.secret }, { secret: sealSecret(key, e.id, e.secret) });
  return plain.length;
}

export async function startWebhookWork(ctx: BackgroundContext): Promise<{ stop(): Promise<void> }> {
  const { ds, config, log } = ctx;
  // Stops the worker at once, naming the variable, when the key is missing in production.
  const key = webhookSecretKey(config);
  const sealed = await sealPlainSecrets(ds, key);
  if (sealed > 0) log.info({ sealed }, 'sealed webhook secrets stored in plain');
  const connection: Redis = createRedis(config.redisUrl, 'worker');
  const workerConnection: Redis = createRedis(config.redisUrl, 'worker');
  const queue = createQueue<DeliveryJob>(WEBHOOK_QUEUE, connection, config.queuePrefix, log);
  const worker: Worker<DeliveryJob> = createWorker<DeliveryJob>(
    WEBHOOK_QUEUE,
    async (job: Job<DeliveryJob>) => {
      const next = await attemptDelivery(ds, config, job.data);
      if (next) await queueAttempts(queue, [{ deliveryId: job.data.deliveryId, attempt: job.data.attempt + 1 }], next.retryInMs);
    },
    workerConnection,
    config.queuePrefix,
    log,
    { concurrency: 32 },
  );
  worker.on('failed', (job, err) => log.warn({ jobId: job?.id, err }, 'webhook attempt could not be recorded; will retry'));

  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  // The log head this worker has dispatched up to: an idle pass is one indexed MAX(seq).
  let dispatchedUpTo = -1;
  const pass = async (): Promise<void> => {
    const head = await logHead(ds);
    if (head > dispatchedUpTo) {
      for (;;) {
        const dispatched = await dispatchNewEvents(ds);
        if (dispatched === null) break;
        await connection.publish(logChannel(config), String(dispatched.upTo));
        await queueAttempts(queue, dispatched.deliveries.map((d) => ({ deliveryId: d.id, attempt: 1 })));
      }
      dispatchedUpTo = head;
    }
    await queueDueDeliveries(ds, queue);
  };
  const tick = () => {
    if (stopped) return;
    running = pass()
      .catch((err) => log.warn({ err }, 'webhook dispatch pass failed'))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, config.outboxPollMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await worker.close();
      await queue.close();
      await Promise.allSettled([connection.quit(), workerConnection.quit()]);
    },
  };
}
