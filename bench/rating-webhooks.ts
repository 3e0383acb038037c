import { createServer, type Server } from 'node:http';
import { createLogger, openSubgraphDatabase, transaction, uuidv7, webhookSecretKey } from '@hub/platform';
import { testEnvironment } from '@hub/platform/dist/testing';
import { ratingSubgraph } from '@hub/rating';
import { recordRatingUpdates } from '@hub/rating/dist/partners/rating-updates';
import { WebhookEndpointEntity } from '@hub/rating/dist/webhooks/webhook-endpoint.entity';
import { WebhookDeliveryEntity } from '@hub/rating/dist/webhooks/webhook-delivery.entity';
import { newWebhookSecret, verifyWebhook } from '@hub/rating/dist/webhooks/signature';
import { sealSecret } from '@hub/rating/dist/webhooks/secret-box';
import { startWebhookWork } from '@hub/rating/dist/webhooks/webhook-worker';
import { DEMO_REGIONS } from '../scripts/demo-data';
import { runStandalone, type BenchRow } from './feature-bench';

/**
 * Partner fan-out on MariaDB/MySQL and Redis: a district round's results written to the partner
 * log in one transaction, then delivered by the rating worker (dispatcher, BullMQ, signed POSTs)
 * to 100 webhook endpoints served by a local receiver that checks every signature. Measures the
 * log write, the dispatch (creating and queuing the deliveries) and the time until every delivery
 * has succeeded. Run after `npm run build`: `node -r @swc-node/register bench/rating-webhooks.ts`
 * (BENCH_COMPOUNDS, BENCH_ENDPOINTS to change the size).
 */
export async function runRatingWebhooksBench(options: { compounds?: number; endpoints?: number } = {}): Promise<BenchRow[]> {
  const compounds = options.compounds ?? 300;
  const endpoints = options.endpoints ?? 100;
  const env = testEnvironment({ LOG_LEVEL: 'silent', WEBHOOK_ALLOWED_PRIVATE_HOSTS: '127.0.0.1', OUTBOX_POLL_MS: '50' });
  const db = await openSubgraphDatabase(ratingSubgraph, env.config);
  const secrets = new Map<string, string>();
  let received = 0;
  let badSignatures = 0;
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const secret = secrets.get(req.url ?? '');
      const valid =
        !!secret &&
        verifyWebhook(secret, { id: String(req.headers['webhook-id']), timestamp: String(req.headers['webhook-timestamp']), signature: String(req.headers['webhook-signature']) }, body);
      if (!valid) badSignatures++;
      received++;
      res.writeHead(204).end();
    });
  });
  receiver.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
  const rows: BenchRow[] = [];
  let work: { stop(): Promise<void> } | null = null;
  try {
    const R = DEMO_REGIONS;
    const endpointRows = Array.from({ length: endpoints }, (_, i) => {
      const secret = newWebhookSecret();
      secrets.set(`/partner-${i}`, secret);
      const id = uuidv7();
      // Stored sealed, as registerWebhook stores it: every attempt opens it again.
      return { id, url: `${base}/partner-${i}`, events: 'RATING_PUBLISHED', regionCode: R.haishu, secret: sealSecret(webhookSecretKey(env.config), id, secret), ownerSub: `partner-${i}`, status: 'ACTIVE' as const, disabledReason: null, disabledAt: null, consecutiveFailures: 0 };
    });
    await db.ds.getRepository(WebhookEndpointEntity).insert(endpointRows);

    const now = new Date();
    const updates = Array.from({ length: compounds }, (_, i) => ({
      resultId: uuidv7(),
      roundId: null,
      compoundId: uuidv7(),
      firmId: null,
      period: '2026-Q4',
      scoreCentipoints: 6000 + (i % 4000),
      regionPath: [R.dongfang, R.shiqi, R.haishu],
      publishedAt: now,
    }));
    let t = process.hrtime.bigint();
    await transaction(db.ds, (m) => recordRatingUpdates(m, updates));
    rows.push({ case: `partner log: ${compounds} results in one transaction`, value: Math.round(Number(process.hrtime.bigint() - t) / 1e6), unit: 'ms' });

    const expected = compounds * endpoints;
    t = process.hrtime.bigint();
    work = await startWebhookWork({ ds: db.ds, config: env.config, log: createLogger('bench', 'silent') });
    const repo = db.ds.getRepository(WebhookDeliveryEntity);
    let dispatchedMs = 0;
    for (;;) {
      if (!dispatchedMs && (await repo.count()) >= expected) dispatchedMs = Number(process.hrtime.bigint() - t) / 1e6;
      if (received >= expected && (await repo.countBy({ status: 'SUCCEEDED' })) >= expected) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const totalMs = Number(process.hrtime.bigint() - t) / 1e6;
    rows.push({ case: `dispatch: ${expected} deliveries created and queued (${endpoints} endpoints)`, value: Math.round(dispatchedMs), unit: 'ms' });
    rows.push({ case: `fan-out: all ${expected} deliveries signed, POSTed and recorded`, value: Math.round(totalMs), unit: 'ms', note: `${Math.round(expected / (totalMs / 1000))} deliveries/s; ${badSignatures} bad signatures` });
    if (badSignatures > 0 || received !== expected) throw new Error(`receiver saw ${received} deliveries (${badSignatures} badly signed), expected ${expected}`);
    return rows;
  } finally {
    await work?.stop();
    await new Promise((r) => receiver.close(r));
    await db.ds.destroy();
    await env.cleanup();
  }
}

runStandalone(module, () => runRatingWebhooksBench({ compounds: Number(process.env.BENCH_COMPOUNDS ?? 300), endpoints: Number(process.env.BENCH_ENDPOINTS ?? 100) }));
