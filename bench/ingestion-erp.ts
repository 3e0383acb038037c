import { startErpSimulator, type ErpSimulatorOptions, type RunningErpSimulator } from '@hub/simulators';

/**
 * Child-process entry of the ingestion benchmark: the firm's ERP simulator, in a process of its
 * own as a firm's ERP is a system of its own, so that generating and serving its pages takes no
 * CPU from the property worker being measured. The parent sends the simulator's options and gets
 * its URL and the number of items it serves; then it asks for the request counts (`stats`) as it
 * needs them. Closing the IPC channel (the parent stopping, or dying) stops the simulator.
 */
export type ErpCommand = { start: ErpSimulatorOptions } | 'stats';
export type ErpReply =
  | { ok: true; url: string; served: number }
  | { ok: false; error: string }
  | { stats: ReturnType<RunningErpSimulator['stats']> };

let sim: RunningErpSimulator | null = null;

process.on('message', (command: ErpCommand) => {
  const reply = (message: ErpReply) => void process.send!(message);
  if (command === 'stats') return reply({ stats: sim ? sim.stats() : { pages: 0, errors: 0, timeouts: 0 } });
  startErpSimulator(command.start).then(
    (started) => {
      sim = started;
      reply({ ok: true, url: started.url, served: started.expected().served });
    },
    (error: unknown) => reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});

process.on('disconnect', () => {
  const stop = sim?.stop() ?? Promise.resolve();
  stop.finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
});
