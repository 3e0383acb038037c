import { createLogger, loadConfig, openSubgraphDatabase, startSubgraphWorker, type Database, type RunningWorker } from '@hub/platform';
import { propertySubgraph } from '@hub/property';

/**
 * Child-process entry of the ingestion benchmark: the property worker as production runs it, in a
 * process of its own, so that the benchmark's own watching takes nothing from it. The parent sends the environment of its database and queues; the
 * relay polls at the production default, not at the tests' 50 ms. `stats` answers the process's
 * peak resident memory. Closing the IPC channel stops the worker.
 */
export type WorkerCommand = { start: Record<string, string> } | 'stats';
export type WorkerReply = { ok: true } | { ok: false; error: string } | { maxRssBytes: number };

let db: Database | null = null;
let worker: RunningWorker | null = null;

process.on('message', (command: WorkerCommand) => {
  const reply = (message: WorkerReply) => void process.send!(message);
  // resourceUsage gives kilobytes.
  if (command === 'stats') return reply({ maxRssBytes: process.resourceUsage().maxRSS * 1024 });
  const { OUTBOX_POLL_MS: _testPoll, ...env } = command.start;
  const config = loadConfig(env);
  (async () => {
    db = await openSubgraphDatabase(propertySubgraph, config);
    worker = await startSubgraphWorker(propertySubgraph, config, db, createLogger('bench-worker', 'silent'));
  })().then(
    () => reply({ ok: true }),
    (error: unknown) => reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});

process.on('disconnect', () => {
  const stop = (async () => {
    await worker?.stop();
    await db?.ds.destroy();
  })();
  stop.finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 5_000).unref();
});
