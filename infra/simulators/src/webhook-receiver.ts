import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery as the receiver saw it. */
export interface ReceivedWebhook {
  path: string;
  id: string | null;
  timestamp: string | null;
  signature: string | null;
  body: string;
  /** Whether one of the `v1,` signatures matched the secret and the timestamp was within tolerance. */
  verified: boolean;
  /** The status the receiver answered. */
  status: number;
}

export interface WebhookReceiverKnobs {
  /** Status answered to every delivery (200 normally; 500 to make the sender retry, 410 to make it stop). */
  status: number;
  /** Answer `failStatus` to the next n deliveries, then `status` again. */
  failNext: number;
  failStatus: number;
}

export interface RunningWebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  setKnobs(knobs: Partial<WebhookReceiverKnobs>): void;
  /** Resolves once `count` deliveries have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  stop(): Promise<void>;
}

/**
 * The partner's side of Standard Webhooks (https://www.standardwebhooks.com), written on node:crypto
 * as a partner would: the secret is `whsec_` + base64 key, `webhook-signature` holds one or more
 * space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, and a timestamp more than
 * `toleranceSeconds` away from now is refused (replay protection).
 */
export function verifyStandardWebhook(secret: string, id: string, timestamp: string, signature: string, body: string, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300): boolean {
  if (!secret.startsWith('whsec_')) return false;
  const ts = Number(timestamp);
  if (!/^[0-9]{1,12}$/.test(timestamp) || Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${id}.${timestamp}.${body}`).digest();
  return signature.split(' ').some((part) => {
    const comma = part.indexOf(',');
    if (comma < 0 || part.slice(0, comma) !== 'v1') return false;
    const given = Buffer.from(part.slice(comma + 1), 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** Starts a receiver that records every POST and whether its signature verified. */
export async function startWebhookReceiver(options: { secret: string; port?: number; toleranceSeconds?: number }): Promise<RunningWebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let knobs: WebhookReceiverKnobs = { status: 200, failNext: 0, failStatus: 500 };
  const waiters: Array<{ count: number; resolve: (r: ReceivedWebhook[]) => void }> = [];
  const header = (req: IncomingMessage, name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' ? value : null;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = header(req, 'webhook-id');
      const timestamp = header(req, 'webhook-timestamp');
      const signature = header(req, 'webhook-signature');
      const verified = Boolean(id && timestamp && signature) && verifyStandardWebhook(options.secret, id!, timestamp!, signature!, body, undefined, options.toleranceSeconds);
      let status = knobs.status;
      if (knobs.failNext > 0) {
        knobs = { ...knobs, failNext: knobs.failNext - 1 };
        status = knobs.failStatus;
      }
      if (req.method !== 'POST') status = 405;
      else if (!verified && status < 300) status = 401;
      received.push({ path: req.url ?? '/', id, timestamp, signature, body, verified, status });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'refused');
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (received.length >= waiters[i].count) {
          waiters[i].resolve([...received]);
          waiters.splice(i, 1);
        }
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    setKnobs: (next) => void (knobs = { ...knobs, ...next }),
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} webhooks arrived in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ count, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
