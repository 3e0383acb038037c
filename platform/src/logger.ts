import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout; request id and caller are bound per request by the servers. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.phone', '*.idNumber'], censor: '[masked]' },
  });
}
