import { request, type IncomingMessage, type ServerResponse } from 'node:http';

/** Pushes from firms' and utilities' systems: `POST /ingest/{sourceId}` (property subgraph). */
export const INGEST_PREFIX = '/ingest/';

/**
 * Forwards an ingestion push to the property subgraph as it came: the body's bytes and the
 * Standard Webhooks headers are what the subgraph checks the source's signature over, so
 * nothing here parses, signs or rewrites them. The caller's JWT plays no part.
 */
export function forwardIngestPush(req: IncomingMessage, res: ServerResponse, propertyGraphqlUrl: string): void {
  const target = new URL(req.url ?? '/', propertyGraphqlUrl);
  const headers = { ...req.headers, host: target.host };
  const upstream = request(target, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ code: 'UPSTREAM_UNAVAILABLE', message: 'The property subgraph did not answer; push again later with the same webhook-id' }));
  });
  req.pipe(upstream);
}
