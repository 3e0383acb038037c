import {
  createLogger,
  createQueue,
  createRedis,
  EVENT_CONSUMERS,
  eventQueueName,
  openSubgraphDatabase,
  startSubgraph,
  startSubgraphWorker,
  SUBGRAPHS,
  type Config,
  type Database,
  type RunningSubgraph,
  type RunningWorker,
  type SubgraphDefinition,
  type SubgraphName,
} from '@hub/platform';
import { communitySubgraph, seedCommunityDemo } from '@hub/community';
import { propertySubgraph, seedPropertyDemo } from '@hub/property';
import { financeSubgraph, seedFinanceDemo } from '@hub/finance';
import { ratingSubgraph, seedRatingDemo } from '@hub/rating';
import { startGateway, type RunningGateway } from '@hub/gateway';
import * as demo from './demo-data';

export const DEFINITIONS: Record<SubgraphName, SubgraphDefinition> = {
  community: communitySubgraph,
  property: propertySubgraph,
  finance: financeSubgraph,
  rating: ratingSubgraph,
};

/** Seeds every subgraph's demo rows; safe to run on every start. */
export async function seedDemo(dbs: Record<SubgraphName, Database>): Promise<void> {
  await seedCommunityDemo(dbs.community.ds, demo.community);
  await seedPropertyDemo(dbs.property.ds, demo.property);
  await seedFinanceDemo(dbs.finance.ds, demo.finance);
  await seedRatingDemo(dbs.rating.ds, demo.rating);
}

export interface HubOptions {
  seed?: boolean;
  workers?: boolean;
  /** Listen on ephemeral ports (tests) instead of the configured ones. */
  ephemeralPorts?: boolean;
}

export interface Hub {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  workers: RunningWorker[];
  /** Waits until every outbox is published and every event queue is empty. */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole hub in one process: the all-in-one runner behind `npm start` and the end-to-end
 * tests both start it here, from the same subgraph definitions production runs one by one.
 */
export async function startHub(config: Config, options: HubOptions = {}): Promise<Hub> {
  const stops: Array<() => Promise<void>> = [];
  try {
    const dbs = {} as Record<SubgraphName, Database>;
    for (const name of SUBGRAPHS) {
      dbs[name] = await openSubgraphDatabase(DEFINITIONS[name], config);
      stops.unshift(() => dbs[name].ds.destroy());
    }
    if (options.seed) await seedDemo(dbs);

    const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
    for (const name of SUBGRAPHS) {
      subgraphs[name] = await startSubgraph(DEFINITIONS[name], config, {
        database: dbs[name],
        logger: createLogger(name, config.logLevel),
        port: options.ephemeralPorts ? 0 : undefined,
      });
      stops.unshift(() => subgraphs[name].stop());
    }

    const workers: RunningWorker[] = [];
    if (options.workers !== false) {
      for (const name of SUBGRAPHS) {
        const worker = await startSubgraphWorker(DEFINITIONS[name], config, dbs[name], createLogger(`${name}-worker`, config.logLevel));
        workers.push(worker);
        stops.unshift(() => worker.stop());
      }
    }

    const gateway = await startGateway(config, {
      subgraphUrls: Object.fromEntries(SUBGRAPHS.map((n) => [n, subgraphs[n].url])) as Record<SubgraphName, string>,
      port: options.ephemeralPorts ? 0 : undefined,
      logger: createLogger('gateway', config.logLevel),
    });
    stops.unshift(() => gateway.stop());

    const settle = async (timeoutMs = 10_000) => {
      const connection = createRedis(config.redisUrl, 'worker');
      const consumers = [...new Set(Object.values(EVENT_CONSUMERS).flat())];
      const queues = consumers.map((c) => createQueue(eventQueueName(c), connection, config.queuePrefix, createLogger('hub-settle', config.logLevel)));
      try {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          let pending = 0;
          for (const w of workers) pending += await w.relay.drain();
          for (const q of queues) {
            const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
            pending += Object.values(counts).reduce((a, b) => a + b, 0);
          }
          if (pending === 0) return;
          if (Date.now() > deadline) throw new Error(`hub did not settle within ${timeoutMs} ms (${pending} pending)`);
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await Promise.all(queues.map((q) => q.close()));
        await connection.quit();
      }
    };

    return {
      gateway,
      subgraphs,
      workers,
      settle,
      async stop() {
        for (const stop of stops.splice(0)) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}
