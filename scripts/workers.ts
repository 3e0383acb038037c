/**
 * The worker pool as production runs it: one process that relays every subgraph's outbox and
 * consumes the events addressed to each; scale it by running more copies.
 */
import { createLogger, exitOnSignal, loadConfig, openSubgraphDatabase, runMain, startSubgraphWorker, SUBGRAPHS } from '@hub/platform';
import { DEFINITIONS } from './hub';

runMain(async () => {
  const config = loadConfig();
  const log = createLogger('workers', config.logLevel);
  const closers: Array<() => Promise<void>> = [];
  for (const name of SUBGRAPHS) {
    const db = await openSubgraphDatabase(DEFINITIONS[name], config);
    const worker = await startSubgraphWorker(DEFINITIONS[name], config, db, createLogger(`${name}-worker`, config.logLevel));
    closers.push(() => worker.stop(), () => db.ds.destroy());
  }
  log.info('workers running');
  exitOnSignal(log, config.shutdownGraceMs, closers);
});
