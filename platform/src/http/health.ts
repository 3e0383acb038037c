import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { sendJson } from './body';

export type ReadinessCheck = () => Promise<void>;

/**
 * /healthz says the process is alive; /readyz says its dependencies answer, so a load balancer
 * stops sending traffic while the database or Redis is away; /metrics is for Prometheus.
 * Returns true when it answered the request.
 */
export async function serveOperational(
  req: IncomingMessage,
  res: ServerResponse,
  registry: Registry,
  checks: Record<string, ReadinessCheck>,
  isDraining: () => boolean,
): Promise<boolean> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path === '/healthz') {
    sendJson(res, 200, { status: 'ok' });
    return true;
  }
  if (path === '/readyz') {
    if (isDraining()) {
      sendJson(res, 503, { status: 'draining' });
      return true;
    }
    const results: Record<string, string> = {};
    let ok = true;
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await check();
          results[name] = 'ok';
        } catch (error) {
          ok = false;
          results[name] = error instanceof Error ? error.message : String(error);
        }
      }),
    );
    sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', checks: results });
    return true;
  }
  if (path === '/metrics') {
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(text);
    return true;
  }
  return false;
}
