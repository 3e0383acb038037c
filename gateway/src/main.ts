import { createLogger, exitOnSignal, loadConfig, runMain } from '@hub/platform';
import { startGateway } from './gateway';

runMain(async () => {
  const config = loadConfig();
  const log = createLogger('gateway', config.logLevel);
  const gateway = await startGateway(config, { logger: log });
  exitOnSignal(log, config.shutdownGraceMs, [() => gateway.stop()]);
});
