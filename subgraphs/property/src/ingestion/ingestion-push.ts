import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BodyTooLarge,
  createQueue,
  createRedis,
  readBody,
  SECRET_PREFIX,
  sendJson,
  verifyWebhook,
  type BackgroundContext,
  type SubgraphHttpRoute,
} from '@hub/platform';
import { adapterByName } from './adapters';
import { resolveCredentials } from './credentials';
import { stagePushedBatch } from './ingestion-batches.service';
import { IngestionSourceEntity } from './ingestion-source.entity';
import { INGEST_APPLY_QUEUE, type ApplyJob } from './ingestion.queues';
import { enqueueApply } from './ingestion.worker';

export const INGEST_PATH_PREFIX = '/ingest/';
/** How far a push's `webhook-timestamp` may be from now (Standard Webhooks' replay window). */
export const PUSH_TOLERANCE_SECONDS = 300;

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A refusal: a stable code to switch on and a message a person can act on. */
const refuse = (res: ServerResponse, status: number, code: string, message: string) => sendJson(res, status, { code, message });

/**
 * `POST /ingest/{sourceId}`: a source pushes up to INGEST_PUSH_MAX_RECORDS raw records, signed
 * with its secret by the Standard Webhooks scheme. The batch is staged in the database before
 * the 202, so an accepted push is never lost; its apply job follows (or the reconciler's).
 */
export async function startIngestionHttp(ctx: BackgroundContext): Promise<SubgraphHttpRoute> {
  const { ds, config, log } = ctx;
  // A producer fails fast while Redis is away; the batch is staged by then and the reconciler queues it.
  const connection = createRedis(config.redisUrl, 'producer');
  connection.on('error', (err) => log.debug({ err }, 'ingestion push queue connection error'));
  const queue = createQueue<ApplyJob>(INGEST_APPLY_QUEUE, connection, config.queuePrefix, log);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const sourceId = decodeURIComponent(path.slice(INGEST_PATH_PREFIX.length));
    if (req.method !== 'POST') return refuse(res, 405, 'METHOD_NOT_ALLOWED', 'Push records with POST /ingest/{sourceId}');
    if (!sourceId || sourceId.includes('/')) return refuse(res, 404, 'UNKNOWN_SOURCE', 'Push to /ingest/{sourceId} with the id of your registered source');
    let body: string;
    try {
      body = await readBody(req, config.requestBodyMaxBytes);
    } catch (error) {
      // Read and drop the rest, so that the sender gets the answer instead of a broken connection.
      if (error instanceof BodyTooLarge) return void (req.resume(), refuse(res, 413, 'BODY_TOO_LARGE', `The body exceeds ${config.requestBodyMaxBytes} bytes; push fewer records at a time`));
      throw error;
    }
    const source = await ds.getRepository(IngestionSourceEntity).findOneBy({ id: sourceId });
    if (!source) return refuse(res, 404, 'UNKNOWN_SOURCE', `No ingestion source "${sourceId}" is registered; ask the hub's admin to register it`);
    const credentials = resolveCredentials(source.credentialsRef);
    if (!credentials.ok || !credentials.secret.startsWith(SECRET_PREFIX)) {
      log.error({ sourceId, reason: credentials.ok ? 'secret is not a whsec_ key' : credentials.reason }, 'ingestion source has no usable push secret');
      return refuse(res, 503, 'SOURCE_MISCONFIGURED', `The hub has no usable secret for source "${sourceId}"; the hub's admin has been told (see the source's credentialsRef)`);
    }
    const id = header(req, 'webhook-id');
    const timestamp = header(req, 'webhook-timestamp');
    const signature = header(req, 'webhook-signature');
    if (!id || !timestamp || !signature) return refuse(res, 401, 'SIGNATURE_MISSING', 'Send webhook-id, webhook-timestamp and webhook-signature headers (Standard Webhooks)');
    const now = Math.floor(Date.now() / 1000);
    if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > PUSH_TOLERANCE_SECONDS) {
      return refuse(res, 401, 'SIGNATURE_STALE', `webhook-timestamp must be the current Unix time in seconds (within ${PUSH_TOLERANCE_SECONDS} s); check your clock`);
    }
    if (!verifyWebhook(credentials.secret, { id, timestamp, signature }, body, now, PUSH_TOLERANCE_SECONDS)) {
      return refuse(res, 401, 'SIGNATURE_INVALID', 'webhook-signature does not match: sign "{webhook-id}.{webhook-timestamp}.{body}" with HMAC-SHA256 under your source secret, as v1,<base64>');
    }
    if (!source.enabled) return refuse(res, 409, 'SOURCE_PAUSED', `Source "${sourceId}" is paused (${source.pausedReason ?? 'no reason recorded'}); push again after it is resumed`);
    if (id.length > 200) return refuse(res, 400, 'BODY_MALFORMED', 'webhook-id must be at most 200 characters');
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return refuse(res, 400, 'BODY_MALFORMED', 'The body is not valid JSON');
    }
    const adapter = adapterByName(source.adapter);
    if (!adapter) return refuse(res, 503, 'SOURCE_MISCONFIGURED', `Source "${sourceId}" names an adapter this hub does not have`);
    // Counted before the adapter reads the body, so that an oversized push is a 413 whatever its shape.
    const count = Array.isArray((parsed as { records?: unknown } | null)?.records) ? ((parsed as { records: unknown[] }).records.length) : 0;
    if (count > config.ingestion.pushMaxRecords) {
      return refuse(res, 413, 'TOO_MANY_RECORDS', `A push carries at most ${config.ingestion.pushMaxRecords} records; this one has ${count}: split it`);
    }
    const pushed = adapter.parsePush(parsed);
    if (!pushed.ok) return refuse(res, 400, 'BODY_MALFORMED', pushed.reason);
    if (pushed.records.length === 0) return refuse(res, 400, 'BODY_MALFORMED', 'The push carries no records');
    const staged = await stagePushedBatch(ds, source.id, id, pushed.records);
    if (!staged.duplicate) {
      await enqueueApply(queue, config, [staged.batchId]).catch((err) => log.warn({ err, batchId: staged.batchId }, 'could not queue a pushed batch; the reconciler will'));
    }
    sendJson(res, 202, { batchId: staged.batchId, received: staged.received });
  }

  return {
    prefix: INGEST_PATH_PREFIX,
    handle,
    async stop() {
      await queue.close().catch(() => undefined);
      await connection.quit().catch(() => undefined);
    },
  };
}
