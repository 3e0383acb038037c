import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Random } from './random';
import type { Knobs } from './types';

export interface Answer {
  status: number;
  body: unknown;
}

export interface FeedServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  stats(): { pages: number; errors: number; timeouts: number };
}

/**
 * The HTTP side every vendor simulator shares: GET routes answered with JSON, after the request-time
 * faults. Faults are drawn from their own seeded sequence, two draws per request whatever the knobs,
 * so a run with the same seed and the same requests fails at the same requests.
 */
export async function startFeedServer(options: { port?: number; token?: string; seed: number | string; knobs: () => Knobs; route: (url: URL) => Answer | null }): Promise<FeedServer> {
  const faults = new Random(`${options.seed}:faults`);
  const counts = { pages: 0, errors: 0, timeouts: 0 };
  const send = (res: ServerResponse, answer: Answer) => {
    const body = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname === '/health') return send(res, { status: 200, body: { ok: true } });
    if (req.method !== 'GET') return send(res, { status: 405, body: { error: 'GET only' } });
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) return send(res, { status: 401, body: { error: 'missing or wrong bearer token' } });
    const knobs = options.knobs();
    const hang = faults.next() < knobs.timeoutRate;
    const fail = faults.next();
    if (hang) {
      counts.timeouts++;
      return;
    }
    const answer = (): void => {
      if (fail < knobs.errorRate) {
        counts.errors++;
        return send(res, { status: fail < knobs.errorRate / 2 ? 500 : 503, body: { error: 'simulated vendor failure' } });
      }
      const routed = options.route(url);
      if (!routed) return send(res, { status: 404, body: { error: `no route ${url.pathname}` } });
      counts.pages++;
      send(res, routed);
    };
    if (knobs.latencyMs > 0) setTimeout(answer, knobs.latencyMs);
    else answer();
  };
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: () => ({ ...counts }),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
