import { Column, Entity, EntityManager, In, Index, IsNull, PrimaryColumn, type DataSource } from 'typeorm';
import { createHash } from 'node:crypto';
import { UnrecoverableError, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { uuidv7, uuidv7Time } from './ids';
import type { OutboxBacklog } from './metrics';
import { transaction } from './data-source';
import type { Logger } from './logger';
import type { SubgraphName } from './config';
import { EVENT_CONSUMERS, EVENT_JOB, EVENTS_PER_JOB, type EventEnvelope, type EventJob, type EventPayloads, type EventTopic } from './events';

/**
 * Transactional outbox: an event is a row written in the same transaction as the change it
 * announces, so nothing is published that was not committed and nothing committed is lost.
 */
@Entity('outbox')
@Index('outbox_unpublished', ['publishedAt', 'id'])
export class OutboxEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  topic: string;

  @Column({ type: 'varchar', length: 64 })
  aggregateId: string;

  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'datetime', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;
}

export async function recordEvent<T extends EventTopic>(
  manager: EntityManager,
  topic: T,
  aggregateId: string,
  payload: EventPayloads[T],
): Promise<string> {
  const id = uuidv7();
  await manager.insert(OutboxEvent, {
    id,
    topic,
    aggregateId,
    payload: JSON.stringify(payload),
    occurredAt: new Date(),
    publishedAt: null,
  });
  return id;
}

/** One event of a bulk `recordEvents` call. */
export interface EventRow<T extends EventTopic> {
  aggregateId: string;
  payload: EventPayloads[T];
}

/** Rows per INSERT statement: well inside MySQL's packet and SQLite's bound-variable limits. */
const EVENTS_PER_INSERT = 1_000;

/**
 * `recordEvent` for many events of one topic at once, in the caller's transaction: one
 * multi-row INSERT per 1,000 events instead of one statement per event. Ids are made in row
 * order (UUIDv7 keeps them ascending), so the relay publishes them in the order given. Returns
 * the ids in that order; no rows, no statement.
 */
export async function recordEvents<T extends EventTopic>(manager: EntityManager, topic: T, rows: EventRow<T>[]): Promise<string[]> {
  const occurredAt = new Date();
  const records = rows.map((row) => ({
    id: uuidv7(),
    topic,
    aggregateId: row.aggregateId,
    payload: JSON.stringify(row.payload),
    occurredAt,
    publishedAt: null,
  }));
  if (manager.connection.options.type === 'better-sqlite3') {
    for (let i = 0; i < records.length; i += EVENTS_PER_INSERT) {
      await manager.createQueryBuilder().insert().into(OutboxEvent).values(records.slice(i, i + EVENTS_PER_INSERT)).updateEntity(false).execute();
    }
    return records.map((r) => r.id);
  }
  // Plain SQL on MySQL: TypeORM's insert builder spends time quadratic in the rows naming its
  // parameters, and an ingestion batch writes thousands of events. The statements are sent
  // together (the transaction's connection runs them in order), and all awaited before returning.
  const inserts: Promise<unknown>[] = [];
  for (let i = 0; i < records.length; i += EVENTS_PER_INSERT) {
    const chunk = records.slice(i, i + EVENTS_PER_INSERT);
    inserts.push(manager.query(EVENTS_INSERT + chunk.map(() => '(?, ?, ?, ?, ?, NULL)').join(', '), chunk.flatMap((r) => [r.id, r.topic, r.aggregateId, r.payload, r.occurredAt])));
  }
  const failed = (await Promise.allSettled(inserts)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return records.map((r) => r.id);
}

const EVENTS_INSERT = 'INSERT INTO `outbox` (`id`, `topic`, `aggregateId`, `payload`, `occurredAt`, `publishedAt`) VALUES ';

/**
 * Events a relay pass reads, publishes and marks at a time. Each event costs its own job in each
 * consumer's queue whatever the page; bigger pages save statements and round trips when a writer
 * (an ingestion batch) adds thousands of events at once.
 */
const RELAY_BATCH = 1_000;

export interface RelayOptions {
  pollMs: number;
  batchSize?: number;
  logger: Logger;
  onPublished?: (count: number) => void;
  epoch: RelayEpoch;
}

/**
 * How the relay notices that Redis lost its queues. Redis keeps nothing on disk, so a restart
 * empties it: events the relay had marked published but no consumer had applied yet would be
 * gone. The relay keeps a marker (a random epoch) under the queue prefix; when the marker is gone
 * or has changed, it publishes again every event it published within the replay window.
 */
export interface RelayEpoch {
  redis: Redis;
  /** One marker per outbox, since each subgraph's relay must replay its own events: see `outboxEpochKey`. */
  key: string;
  replayWindowMs: number;
}

export const outboxEpochKey = (queuePrefix: string, subgraph: SubgraphName): string => `${queuePrefix}:outbox-epoch:${subgraph}`;

/**
 * A replay leaves a guard key for its duration. Only if the guard survived to the end did every
 * job of the replay land in the Redis that is there now; then the marker is set (unless another
 * relay set one meanwhile) and returned. The guard expires so that a relay killed mid-replay
 * leaves nothing behind.
 */
const SEAL_REPLAY = `if redis.call('exists', KEYS[1]) == 0 then return false end
redis.call('del', KEYS[1])
redis.call('set', KEYS[2], ARGV[1], 'NX')
return redis.call('get', KEYS[2])`;
const REPLAY_GUARD_MS = 3_600_000;

/**
 * Moves unpublished outbox rows onto the consumers' queues, up to `EVENTS_PER_JOB` events a job.
 * A job's id names its events (`eventJobId`), so a relay that dies between adding and marking
 * re-adds the same jobs, which BullMQ ignores; the consumers apply each event id once as a second
 * line. That is also what makes a replay after a Redis wipe safe: an event that comes back while
 * its first job is still held, or after it was applied, is skipped by the consumer.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    private readonly queues: (subgraph: SubgraphName) => Queue,
    private readonly options: RelayOptions,
  ) {}

  start(): void {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.drain().catch((error) => this.options.logger.warn({ err: error }, 'outbox relay pass failed'));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Publishes until the outbox is empty; returns how many events went out (not counting a
   * replay). First replays, when Redis lost the marker since the last pass.
   */
  async drain(): Promise<number> {
    const { redis, key } = this.options.epoch;
    let epoch = (await redis.get(key)) ?? (await this.replay());
    let total = 0;
    const batchSize = this.options.batchSize ?? RELAY_BATCH;
    for (;;) {
      const rows = await this.unpublished(batchSize);
      if (rows.length === 0) return total;
      await this.publish(rows);
      await this.markPublished(rows.map((r) => r.id), new Date());
      total += rows.length;
      this.options.onPublished?.(rows.length);
      // Redis may have been emptied after the jobs went in and before the mark, or another relay
      // may have replayed before this mark, so missing these rows: then they are published, but
      // in no queue. A replay now includes them.
      if ((await redis.get(key)) !== epoch) epoch = await this.replay();
      if (rows.length < batchSize) return total;
    }
  }

  /**
   * The oldest unpublished events, by the `outbox_unpublished` index. On MySQL as plain SQL: the
   * relay shares its process with writers of many events (an ingestion worker), and building
   * entities for every row cost it more than the statement itself.
   */
  private async unpublished(limit: number): Promise<OutboxEvent[]> {
    if (this.ds.options.type === 'better-sqlite3') return this.ds.getRepository(OutboxEvent).find({ where: { publishedAt: IsNull() }, order: { id: 'ASC' }, take: limit });
    return this.ds.query('SELECT `id`, `topic`, `aggregateId`, `payload`, `occurredAt`, `publishedAt` FROM `outbox` WHERE `publishedAt` IS NULL ORDER BY `id` LIMIT ?', [limit]);
  }

  /** One statement per page of events (SQLite binds no Dates in plain SQL: it keeps the builder). */
  private async markPublished(ids: string[], at: Date): Promise<void> {
    if (this.ds.options.type === 'better-sqlite3') {
      await this.ds.createQueryBuilder().update(OutboxEvent).set({ publishedAt: at }).whereInIds(ids).execute();
      return;
    }
    await this.ds.query(`UPDATE \`outbox\` SET \`publishedAt\` = ? WHERE \`id\` IN (${ids.map(() => '?').join(', ')})`, [at, ...ids]);
  }

  /** Publishes again what went out within the replay window, until a pass ends in the same Redis it began in. */
  async replay(): Promise<string> {
    const { redis, key, replayWindowMs } = this.options.epoch;
    for (;;) {
      const token = uuidv7();
      const guard = `${key}:replay:${token}`;
      await redis.set(guard, '1', 'PX', REPLAY_GUARD_MS);
      const since = new Date(Date.now() - replayWindowMs);
      const count = await this.republish(since);
      const epoch = (await redis.eval(SEAL_REPLAY, 2, guard, key, token)) as string | null;
      if (epoch) {
        if (count > 0) this.options.logger.warn({ count, since }, 'Redis lost the event queues; published again the events of the replay window');
        return epoch;
      }
      this.options.logger.warn({ count }, 'Redis was emptied again during the outbox replay; replaying once more');
    }
  }

  /** Keyset pages on (publishedAt, id), the order of the `outbox_unpublished` index, so each page is one index range. */
  private async republish(since: Date): Promise<number> {
    const batchSize = this.options.batchSize ?? RELAY_BATCH;
    let total = 0;
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      // Stopping leaves the marker unset, so that the next pass or process replays in full.
      if (this.stopped) throw new Error('outbox relay stopped during a replay; the next start replays again');
      const query = this.ds.getRepository(OutboxEvent).createQueryBuilder('e').where('e.publishedAt >= :from', { from: after?.at ?? since });
      if (after) query.andWhere('(e.publishedAt > :at OR e.id > :id)', after);
      const rows = await query.orderBy('e.publishedAt', 'ASC').addOrderBy('e.id', 'ASC').limit(batchSize).getMany();
      if (rows.length === 0) return total;
      await this.publish(rows);
      total += rows.length;
      if (rows.length < batchSize) return total;
      const last = rows[rows.length - 1];
      after = { at: last.publishedAt!, id: last.id };
    }
  }

  private async publish(rows: OutboxEvent[]): Promise<void> {
    const perQueue = new Map<SubgraphName, EventEnvelope[]>();
    for (const row of rows) {
      const envelope: EventEnvelope = {
        id: row.id,
        topic: row.topic as EventTopic,
        aggregateId: row.aggregateId,
        occurredAt: row.occurredAt.toISOString(),
        payload: JSON.parse(row.payload),
      };
      for (const consumer of EVENT_CONSUMERS[row.topic as EventTopic] ?? []) {
        const events = perQueue.get(consumer);
        if (events) events.push(envelope);
        else perQueue.set(consumer, [envelope]);
      }
    }
    for (const [consumer, events] of perQueue) {
      const jobs: { name: string; data: EventJob; opts: { jobId: string } }[] = [];
      for (let i = 0; i < events.length; i += EVENTS_PER_JOB) {
        const chunk = events.slice(i, i + EVENTS_PER_JOB);
        jobs.push({ name: EVENT_JOB, data: { events: chunk }, opts: { jobId: eventJobId(chunk) } });
      }
      await this.queues(consumer).addBulk(jobs);
    }
  }
}

/** The outbox's unpublished events and the age of the oldest (ids are UUIDv7, so the smallest is the oldest), by the `outbox_unpublished` index alone. */
export async function outboxBacklog(ds: DataSource): Promise<OutboxBacklog> {
  const [row] = await ds.getRepository(OutboxEvent).createQueryBuilder('e').select('COUNT(*)', 'events').addSelect('MIN(e.id)', 'oldest').where('e.publishedAt IS NULL').getRawMany<{ events: string | number; oldest: string | null }>();
  const events = Number(row?.events ?? 0);
  return { events, oldestSeconds: events && row?.oldest ? Math.max(0, (Date.now() - uuidv7Time(row.oldest)) / 1000) : 0 };
}

/**
 * A job's id names exactly its events: a job of one has the event's id; a larger one adds a digest
 * of every id, so that the same events relayed again (by a relay that died before marking them)
 * add nothing, and another set, even one that begins with the same event, is never taken for it.
 */
export function eventJobId(events: readonly { id: string }[]): string {
  if (events.length === 1) return events[0].id;
  const digest = createHash('sha256').update(events.map((e) => e.id).join(',')).digest('base64url').slice(0, 22);
  return `${events[0].id}.${events.length}.${digest}`;
}

/** Consumers record each event id they applied, in the same transaction as its effect. */
@Entity('processed_event')
export class ProcessedEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  topic: string;

  @Column({ type: 'datetime', precision: 3 })
  processedAt: Date;
}

/** Applies an event once: returns false when it had already been applied. */
export async function applyOnce(
  ds: DataSource,
  event: EventEnvelope,
  effect: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  return transaction(ds, async (manager) => {
    const seen = await manager.findOne(ProcessedEvent, { where: { id: event.id } });
    if (seen) return false;
    await effect(manager);
    await manager.insert(ProcessedEvent, { id: event.id, topic: event.topic, processedAt: new Date() });
    return true;
  });
}

/** How a consumer applies one event, in the transaction `applyOnce` gives it. */
export type EventEffect = (manager: EntityManager, event: EventEnvelope) => Promise<void>;

/** How a consumer applies several events of one topic at once, in one transaction. */
export type EventBatchEffect = (manager: EntityManager, events: EventEnvelope[]) => Promise<void>;

/**
 * Applies each event of a job once, in order. Consecutive events of a topic with a batch effect
 * are applied together in one transaction (an ERP import's fees: one append to the ledger instead
 * of one per fee); should that fail, `onFallback` hears why and they are applied one at a time,
 * so that the failing one is found and named and the others still apply. Every other event is applied in a transaction of its
 * own; one that fails does not hold back the others. Throws when any failed, naming each, so that
 * the job is retried (the events already applied are skipped) and after its last attempt kept in
 * the failed set. A topic with no effect here is a deployment fault that no retry mends: when that
 * is every failure, the error is unrecoverable and the job goes to the failed set at once, to be
 * retried once the handler ships.
 */
export async function applyEvents(
  ds: DataSource,
  job: EventJob,
  effectFor: (topic: EventTopic) => EventEffect | undefined,
  batchFor: (topic: EventTopic) => EventBatchEffect | undefined = () => undefined,
  onFallback: (error: unknown, events: EventEnvelope[]) => void = () => undefined,
): Promise<number> {
  const failures: string[] = [];
  let retryable = false;
  let applied = 0;
  const { events } = job;
  for (let start = 0; start < events.length; ) {
    let end = start + 1;
    while (end < events.length && events[end].topic === events[start].topic) end++;
    const run = events.slice(start, end);
    start = end;
    const batch = run.length > 1 ? batchFor(run[0].topic) : undefined;
    if (batch) {
      const together = await applyTogetherOnce(ds, run, batch).catch((error: unknown) => {
        onFallback(error, run);
        return null;
      });
      if (together !== null) {
        applied += together;
        continue;
      }
    }
    for (const event of run) {
      const effect = effectFor(event.topic);
      if (!effect) {
        failures.push(`${event.topic} ${event.id}: no handler for this topic`);
        continue;
      }
      try {
        if (await applyOnce(ds, event, (manager) => effect(manager, event))) applied++;
      } catch (error) {
        retryable = true;
        failures.push(`${event.topic} ${event.id}: ${(error as Error).message}`);
      }
    }
  }
  if (failures.length === 0) return applied;
  const message = `${failures.length} of ${events.length} events failed: ${failures.join('; ')}`;
  throw retryable ? new Error(message) : new UnrecoverableError(message);
}

/** `applyOnce` for several events in one transaction: those already applied are left out; returns how many were applied. */
async function applyTogetherOnce(ds: DataSource, events: EventEnvelope[], effect: EventBatchEffect): Promise<number> {
  return transaction(ds, async (manager) => {
    const seen = new Set((await manager.find(ProcessedEvent, { select: { id: true }, where: { id: In([...new Set(events.map((e) => e.id))]) } })).map((p) => p.id));
    const fresh: EventEnvelope[] = [];
    for (const event of events) {
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      fresh.push(event);
    }
    if (fresh.length === 0) return 0;
    await effect(manager, fresh);
    const processedAt = new Date();
    await manager.insert(
      ProcessedEvent,
      fresh.map((e) => ({ id: e.id, topic: e.topic, processedAt })),
    );
    return fresh.length;
  });
}
