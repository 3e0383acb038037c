import { createQueue, createRedis, createWorker, transaction, type BackgroundContext } from '@hub/platform';
import type { DataSource } from 'typeorm';
import { applySelfAction, dueForSelfAction } from '../requests/requests.service';
import { dueSelfAction } from './escalation';
import { closeDueVotes } from '../matters/matters.service';

/** The queue of the request sweep; one scheduler with a fixed id, so replicas share one tick. */
export const ESCALATION_QUEUE = 'community-request-escalation';
export const ESCALATION_SCHEDULER_ID = 'community-request-sweep';
/** How often the sweep looks for due requests: the finest escalation timing the hub promises. */
export const ESCALATION_TICK_MS = 1_000;
const BATCH = 200;

/**
 * Escalates every overdue request one level and closes resolved ones past the feedback window.
 * Each request in its own short transaction, guarded against concurrent changes, so a sweep
 * that dies half-way or runs twice leaves nothing half-done or done twice.
 */
export async function sweepRequests(ds: DataSource, now: Date = new Date()): Promise<{ escalated: number; closed: number }> {
  let escalated = 0;
  let closed = 0;
  // Bounded, so one tick cannot run forever; the next tick continues.
  for (let round = 0; round < 50; round++) {
    const due = await dueForSelfAction(ds.manager, now, BATCH);
    let acted = 0;
    for (const r of due) {
      const action = dueSelfAction(r, now);
      if (!action) continue;
      const done = await transaction(ds, (manager) => applySelfAction(manager, r, action, now));
      if (done) {
        acted++;
        if (action === 'ESCALATE') escalated++;
        else closed++;
      }
    }
    // A full batch where everything moved may hide more; otherwise the next tick picks up the rest.
    if (due.length < BATCH || acted === 0) break;
  }
  return { escalated, closed };
}

/**
 * Starts the community's sweep (requests due for escalation or closing, and owners' votes past
 * their closing time): a BullMQ job scheduler with a fixed id (kept in Redis, so it survives
 * restarts and is not duplicated by replicas) and a worker that runs each tick. Due times live
 * in the database, so whatever fell due while the hub was down is handled on the first tick.
 */
export async function startRequestSweep(ctx: BackgroundContext): Promise<{ stop(): Promise<void> }> {
  const producer = createRedis(ctx.config.redisUrl, 'worker');
  const connection = createRedis(ctx.config.redisUrl, 'worker');
  const queue = createQueue(ESCALATION_QUEUE, producer, ctx.config.queuePrefix, ctx.log);
  await queue.upsertJobScheduler(
    ESCALATION_SCHEDULER_ID,
    { every: ESCALATION_TICK_MS },
    { name: 'sweep', data: {}, opts: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } } },
  );
  const worker = createWorker(
    ESCALATION_QUEUE,
    async () => {
      const result = { ...(await sweepRequests(ctx.ds)), votesClosed: await closeDueVotes(ctx.ds) };
      if (result.escalated || result.closed || result.votesClosed) ctx.log.info(result, 'community sweep acted');
      return result;
    },
    connection,
    ctx.config.queuePrefix,
    ctx.log,
    { concurrency: 1 },
  );
  worker.on('failed', (_job, error) => ctx.log.warn({ err: error }, 'request sweep failed; the next tick retries'));
  return {
    async stop() {
      await worker.close();
      await queue.close();
      await Promise.allSettled([producer.quit(), connection.quit()]);
    },
  };
}
