import { lookup } from 'node:dns/promises';
import {
  badInput,
  byKeys,
  ErrorCode,
  HubError,
  loadOneBy,
  notFound,
  pageWindow,
  requireRole,
  Role,
  toConnection,
  transaction,
  type Connection,
  type PageArgs,
  type RequestContext,
  uuidv7,
  webhookSecretKey,
} from '@hub/platform';
import { RATING_EVENT_TYPES, RatingEventEntity, type RatingEventType } from '../partners/rating-event.entity';
import { assertMayFollowRegion } from '../partners/region-scope';
import { blockedHost } from './http-delivery';
import { mayDeliverTo } from './address-guard';
import { newWebhookSecret } from './signature';
import { sealSecret } from './secret-box';
import { WebhookAttemptEntity, WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

export interface RegisteredWebhookResult {
  endpoint: WebhookEndpointEntity;
  secret: string;
}

const MAX_URL_LENGTH = 2000;

/** Refuses anything but a plain http(s) URL to a public host (or an allowlisted one). */
export async function checkWebhookUrl(ctx: Pick<RequestContext, 'config'>, raw: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput(`"${raw}" is not a URL; give an absolute http:// or https:// URL`, { argument: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badInput(`Webhook URLs must be http:// or https://, not ${url.protocol}//`, { argument: 'url' });
  }
  if (raw.length > MAX_URL_LENGTH) throw badInput(`Webhook URL is longer than ${MAX_URL_LENGTH} characters`, { argument: 'url' });
  if (url.username || url.password) throw badInput('Webhook URLs must not carry a user name or password; the signature authenticates deliveries', { argument: 'url' });
  const allowed = ctx.config.webhooks.allowedPrivateHosts;
  const blocked = blockedHost(url, allowed);
  if (blocked) throw badInput(`Webhooks cannot be delivered to ${url.hostname}: ${blocked}`, { argument: 'url' });
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    throw badInput(`Host ${url.hostname} does not resolve; check the URL`, { argument: 'url' });
  }
  const inside = addresses.find((a) => !mayDeliverTo(host, a.address, allowed));
  if (inside) throw badInput(`Webhooks cannot be delivered to ${url.hostname}: it resolves to ${inside.address}, a private or loopback address`, { argument: 'url' });
  return url;
}

export async function registerWebhook(
  ctx: RequestContext,
  args: { url: string; events: RatingEventType[]; regionCode: string },
): Promise<RegisteredWebhookResult> {
  requireRole(ctx.claims, Role.PARTNER, Role.ADMIN);
  const events = [...new Set(args.events)];
  if (events.length === 0) throw badInput(`Name at least one event type (${RATING_EVENT_TYPES.join(', ')})`, { argument: 'events' });
  if (!/^\d{6,12}$/.test(args.regionCode)) throw badInput(`Region code "${args.regionCode}" is not a 6- to 12-digit region code`, { argument: 'regionCode' });
  const url = await checkWebhookUrl(ctx, args.url);
  await assertMayFollowRegion(ctx, args.regionCode);
  const secret = newWebhookSecret();
  const id = uuidv7();
  const endpoint = ctx.ds.getRepository(WebhookEndpointEntity).create({
    id,
    url: url.toString(),
    events: events.join(','),
    regionCode: args.regionCode,
    secret: sealSecret(webhookSecretKey(ctx.config), id, secret),
    previousSecret: null,
    previousSecretExpiresAt: null,
    secretRotatedAt: null,
    ownerSub: ctx.claims.sub ?? '',
    status: 'ACTIVE',
    disabledReason: null,
    disabledAt: null,
    consecutiveFailures: 0,
  });
  await ctx.ds.getRepository(WebhookEndpointEntity).save(endpoint);
  return { endpoint, secret };
}

export async function webhookById(ctx: RequestContext, id: string): Promise<WebhookEndpointEntity | null> {
  requireRole(ctx.claims, Role.PARTNER, Role.ADMIN);
  const endpoint = await loadOneBy(ctx, WebhookEndpointEntity, 'id', id);
  if (!endpoint) return null;
  if (ctx.claims.role !== Role.ADMIN && endpoint.ownerSub !== ctx.claims.sub) return null;
  return endpoint;
}

async function ownedEndpoint(ctx: RequestContext, id: string): Promise<WebhookEndpointEntity> {
  const endpoint = await webhookById(ctx, id);
  if (!endpoint) throw notFound('Webhook endpoint', id);
  return endpoint;
}

export async function listWebhooks(ctx: RequestContext, args: PageArgs): Promise<Connection<WebhookEndpointEntity>> {
  requireRole(ctx.claims, Role.PARTNER, Role.ADMIN);
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const qb = ctx.ds.getRepository(WebhookEndpointEntity).createQueryBuilder('w').orderBy('w.id', 'ASC').limit(limit + 1);
  if (ctx.claims.role !== Role.ADMIN) qb.andWhere('w.ownerSub = :sub', { sub: ctx.claims.sub });
  if (afterId) qb.andWhere('w.id > :afterId', { afterId });
  return toConnection(await qb.getMany(), limit, !!afterId);
}

export async function setWebhookStatus(ctx: RequestContext, id: string, status: 'ACTIVE' | 'DISABLED'): Promise<WebhookEndpointEntity> {
  const endpoint = await ownedEndpoint(ctx, id);
  if (endpoint.status === status) {
    throw new HubError(ErrorCode.INVALID_TRANSITION, `Webhook endpoint ${id} is already ${status.toLowerCase()}`);
  }
  const patch =
    status === 'ACTIVE'
      ? { status, disabledReason: null, disabledAt: null, consecutiveFailures: 0 }
      : { status, disabledReason: `Disabled by ${ctx.claims.sub ?? 'its owner'}`, disabledAt: new Date() };
  await ctx.ds.getRepository(WebhookEndpointEntity).update({ id }, patch);
  return Object.assign(endpoint, patch);
}

/** Longest grace period a rotation may ask for: a week. */
export const MAX_GRACE_SECONDS = 604_800;

/**
 * Gives the endpoint a new signing secret, returned here once. For the grace period (the
 * argument, else WEBHOOK_SECRET_GRACE_SECONDS) deliveries carry a signature with the old secret
 * too, so the receiver can switch over without refusing a delivery; then the new one only. A
 * rotation during another's grace period ends that one: only the last two secrets ever sign.
 */
export async function rotateWebhookSecret(ctx: RequestContext, id: string, graceSeconds?: number | null): Promise<RegisteredWebhookResult> {
  const grace = graceSeconds ?? ctx.config.webhooks.secretGraceSeconds;
  if (!Number.isInteger(grace) || grace < 0 || grace > MAX_GRACE_SECONDS) {
    throw badInput(`graceSeconds must be a whole number of seconds from 0 to ${MAX_GRACE_SECONDS} (a week); got ${grace}`, { argument: 'graceSeconds' });
  }
  const key = webhookSecretKey(ctx.config);
  await ownedEndpoint(ctx, id);
  return transaction(ctx.ds, async (manager) => {
    const endpoint = await manager.findOne(WebhookEndpointEntity, { where: { id }, ...(manager.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
    if (!endpoint) throw notFound('Webhook endpoint', id);
    const secret = newWebhookSecret();
    const now = new Date();
    const patch = {
      secret: sealSecret(key, id, secret),
      previousSecret: grace > 0 ? endpoint.secret : null,
      previousSecretExpiresAt: grace > 0 ? new Date(now.getTime() + grace * 1000) : null,
      secretRotatedAt: now,
    };
    await manager.update(WebhookEndpointEntity, { id }, patch);
    return { endpoint: Object.assign(endpoint, patch), secret };
  });
}

/**
 * Delivery log of an endpoint, oldest first. Batched across the endpoints of one request into one
 * statement that cuts each endpoint's page in the database (ROW_NUMBER per endpoint).
 */
export async function deliveriesOf(ctx: RequestContext, endpoint: WebhookEndpointEntity, args: PageArgs): Promise<Connection<WebhookDeliveryEntity>> {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const rows = await ctx.loaders
    .get<string, WebhookDeliveryEntity[]>(`WebhookDelivery.byEndpoint:${afterId ?? ''}:${limit}`, async (ids) => {
      const repo = ctx.ds.getRepository(WebhookDeliveryEntity);
      const page = repo
        .createQueryBuilder('p')
        .select('p.id', 'id')
        .addSelect('ROW_NUMBER() OVER (PARTITION BY p.endpointId ORDER BY p.id)', 'n')
        .where('p.endpointId IN (:...ids)', { ids });
      if (afterId) page.andWhere('p.id > :afterId', { afterId });
      const all = await repo
        .createQueryBuilder('d')
        .where(`d.id IN (SELECT w.id FROM (${page.getQuery()}) w WHERE w.n <= :take)`)
        .setParameters({ ...page.getParameters(), take: limit + 1 })
        .orderBy('d.id', 'ASC')
        .getMany();
      return ids.map((id) => all.filter((d) => d.endpointId === id));
    })
    .load(endpoint.id);
  return toConnection(rows, limit, !!afterId);
}

export function attemptsOf(ctx: RequestContext, deliveryId: string): Promise<WebhookAttemptEntity[]> {
  return ctx.loaders
    .get<string, WebhookAttemptEntity[]>('WebhookAttempt.byDelivery', async (ids) => {
      const rows = await ctx.ds
        .getRepository(WebhookAttemptEntity)
        .createQueryBuilder('a')
        .where('a.deliveryId IN (:...ids)', { ids })
        .orderBy('a.attempt', 'ASC')
        .getMany();
      return ids.map((id) => rows.filter((r) => r.deliveryId === id));
    })
    .load(deliveryId);
}

export async function eventOf(ctx: RequestContext, delivery: WebhookDeliveryEntity): Promise<RatingEventEntity> {
  const event = await ctx.loaders
    .get<string, RatingEventEntity | null>('RatingEvent.id', async (ids) =>
      byKeys(ids, await ctx.ds.getRepository(RatingEventEntity).createQueryBuilder('e').where('e.id IN (:...ids)', { ids }).getMany(), (e) => e.id),
    )
    .load(delivery.eventId);
  if (!event) throw notFound('Rating event', delivery.eventId);
  return event;
}

/**
 * Schedules a delivery for an attempt now: the worker's sweep picks it up within a poll
 * interval. Refused while the endpoint is disabled (enable it first) or the delivery is
 * already waiting for an attempt.
 */
export async function replayDelivery(ctx: RequestContext, id: string): Promise<WebhookDeliveryEntity> {
  requireRole(ctx.claims, Role.PARTNER, Role.ADMIN);
  return transaction(ctx.ds, async (manager) => {
    const delivery = await manager.findOneBy(WebhookDeliveryEntity, { id });
    if (!delivery) throw notFound('Webhook delivery', id);
    const endpoint = await manager.findOneByOrFail(WebhookEndpointEntity, { id: delivery.endpointId });
    if (ctx.claims.role !== Role.ADMIN && endpoint.ownerSub !== ctx.claims.sub) throw notFound('Webhook delivery', id);
    if (endpoint.status !== 'ACTIVE') {
      throw new HubError(ErrorCode.INVALID_TRANSITION, `Webhook endpoint ${endpoint.id} is disabled (${endpoint.disabledReason ?? 'no reason recorded'}); enable it before replaying`);
    }
    if (delivery.status === 'PENDING' || delivery.status === 'RETRYING') {
      throw new HubError(ErrorCode.CONFLICT, `Delivery ${id} is already scheduled (next attempt ${delivery.nextAttemptAt?.toISOString() ?? 'now'})`);
    }
    const patch = { status: 'PENDING' as const, nextAttemptAt: new Date() };
    const result = await manager.update(WebhookDeliveryEntity, { id, attempts: delivery.attempts, status: delivery.status }, patch);
    if (!result.affected) throw new HubError(ErrorCode.CONFLICT, `Delivery ${id} changed meanwhile; read it again`);
    return Object.assign(delivery, patch);
  });
}

