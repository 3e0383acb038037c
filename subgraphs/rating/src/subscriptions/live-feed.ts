import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { createRedis, type Config, type Logger } from '@hub/platform';
import { RatingEventEntity } from '../partners/rating-event.entity';

/** Redis channel announcing "the rating event log has grown to seq n", across all instances. */
export const logChannel = (config: Config) => `${config.queuePrefix}:rating-event-log`;

type Listener = (event: RatingEventEntity) => void;

/**
 * One per server process: tails the rating event log and hands each new entry, in log order, to
 * the subscriptions of this process. Redis pub/sub says when to look (the webhook dispatcher
 * publishes after each pass), a slow poll covers a lost message, and the log itself is the
 * truth, so a missed message delays an update but never loses it.
 */
export class LiveFeed {
  private readonly listeners = new Set<Listener>();
  private lastSeq = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private subscriber: Redis | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly config: Config,
    private readonly log: Logger,
    private readonly pollMs = 2_000,
  ) {}

  async start(): Promise<void> {
    this.lastSeq = await this.headSeq();
    this.subscriber = createRedis(this.config.redisUrl, 'worker');
    this.subscriber.on('message', () => this.nudge());
    this.subscriber.on('error', (err) => this.log.warn({ err }, 'rating live feed: Redis subscriber error'));
    // Not awaited: a server must start (and answer queries) while Redis is away; until the
    // subscription is in place the poll below keeps subscribers up to date.
    this.subscriber.subscribe(logChannel(this.config)).catch((err) => this.log.warn({ err }, 'rating live feed: could not subscribe; polling only'));
    this.timer = setInterval(() => {
      if (this.listeners.size > 0) this.nudge();
    }, this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.listeners.clear();
    await this.reading;
    this.subscriber?.disconnect();
  }

  /** The log position this process has handed out up to. */
  get position(): number {
    return this.lastSeq;
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads what is new; overlapping nudges collapse into one more read. */
  nudge(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readNew()
      .catch((err) => this.log.warn({ err }, 'rating live feed: reading the log failed'))
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  private async headSeq(): Promise<number> {
    const row = await this.ds.getRepository(RatingEventEntity).createQueryBuilder('e').select('MAX(e.seq)', 'max').getRawOne<{ max: string | number | null }>();
    return Number(row?.max ?? 0);
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const rows = await this.ds
        .getRepository(RatingEventEntity)
        .createQueryBuilder('e')
        .where('e.seq > :after', { after: this.lastSeq })
        .orderBy('e.seq', 'ASC')
        .limit(500)
        .getMany();
      for (const row of rows) {
        this.lastSeq = row.seq;
        for (const listener of this.listeners) listener(row);
      }
      if (rows.length < 500) return;
    }
  }
}

const feeds = new WeakMap<DataSource, LiveFeed>();

export const liveFeedOf = (ds: DataSource): LiveFeed | undefined => feeds.get(ds);

/** Started with the server (the definition's `serve`), one per process and database. */
export async function startLiveFeed(ctx: { ds: DataSource; config: Config; log: Logger }): Promise<{ stop(): Promise<void> }> {
  const feed = new LiveFeed(ctx.ds, ctx.config, ctx.log);
  await feed.start();
  feeds.set(ctx.ds, feed);
  return {
    async stop() {
      feeds.delete(ctx.ds);
      await feed.stop();
    },
  };
}
