import type { Logger } from './logger';

/**
 * Runs the given closers once on SIGTERM or SIGINT (Ctrl-C), in order, then exits; a second
 * signal or the grace period running out exits at once.
 */
export function exitOnSignal(logger: Logger, graceMs: number, closers: Array<() => Promise<void>>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than the grace period; exiting');
      process.exit(1);
    }, graceMs + 2_000);
    force.unref();
    let code = 0;
    for (const close of closers) {
      try {
        await close();
      } catch (error) {
        code = 1;
        logger.error({ err: error }, 'error while shutting down');
      }
    }
    logger.info('stopped');
    process.exit(code);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/** Wraps a service's main: a start-up failure is logged in one clear line and exits non-zero. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
