import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { loadConfig, SUBGRAPHS, type Config } from '../config';
import { dropMysqlDatabase } from '../data-source';

/**
 * Each test file gets its own databases (one per subgraph, under a random prefix) and its own
 * Redis key prefix, so files run in parallel against one MariaDB and one Redis without sharing
 * state. `cleanup` drops both; call it in afterAll after stopping whatever used them.
 */
export interface TestEnvironment {
  config: Config;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdefghijklmnop';
export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdefghijkl';
/** 32 bytes, base64: the key the rating subgraph encrypts partners' webhook secrets with in tests. */
export const TEST_WEBHOOK_SECRET_KEY = Buffer.from('test-webhook-secret-key-01234567', 'utf8').toString('base64');

export function testEnvironment(overrides: Record<string, string> = {}): TestEnvironment {
  const id = randomBytes(4).toString('hex');
  const database = new URL(process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306');
  database.pathname = `/t${id}`;
  const env: Record<string, string> = {
    HUB_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.toString(),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `test-${id}`,
    JWT_SECRET: TEST_JWT_SECRET,
    GATEWAY_SIGNING_SECRET: TEST_SIGNING_SECRET,
    WEBHOOK_SECRET_KEY: TEST_WEBHOOK_SECRET_KEY,
    OUTBOX_POLL_MS: '50',
    SHUTDOWN_GRACE_MS: '2000',
    ...overrides,
  };
  const config = loadConfig(env);
  return {
    config,
    env,
    async cleanup() {
      if (config.databaseUrl.startsWith('mysql')) {
        for (const name of SUBGRAPHS) await dropMysqlDatabase(config.databaseUrl, name);
      }
      const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queuePrefix}:*`, 'COUNT', 500);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        await redis.quit();
      }
    },
  };
}

/**
 * Reads a GraphQL-over-SSE answer (`text/event-stream`) to its end, handing each `next` event's
 * parsed payload to `onNext` as it arrives, as a subscriber's client would.
 */
export async function readEventStream(response: Response, onNext: (payload: { data?: any; errors?: any[] }) => void): Promise<void> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const message = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = message
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('');
      if (message.includes('event: next') && data) onNext(JSON.parse(data));
    }
  }
}
