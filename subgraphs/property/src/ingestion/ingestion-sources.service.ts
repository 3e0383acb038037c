import { In, IsNull } from 'typeorm';
import {
  badInput,
  ErrorCode,
  HubError,
  notFound,
  pageWindow,
  requireRole,
  Role,
  toConnection,
  transaction,
  type Claims,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { PropertyFirmEntity } from '../firms/property-firm.entity';
import { isDuplicateKey } from '../work-orders/access';
import { adapterByName, ADAPTERS } from './adapters';
import { CREDENTIALS_REF } from './credentials';
import { replayQuarantine } from './ingestion-batches.service';
import { IngestionBatchEntity } from './ingestion-batch.entity';
import { IngestionSourceEntity, type SourceKind } from './ingestion-source.entity';
import { QuarantinedRecordEntity } from './quarantined-record.entity';

const SOURCE_ID = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;
const REPLAY_MAX = 1_000;

export interface SourceSettings {
  kind?: SourceKind;
  adapter?: string | null;
  baseUrl?: string | null;
  credentialsRef?: string | null;
  firmId?: string | null;
  scheduleSeconds?: number | null;
  pageSize?: number | null;
  rateLimitPerSecond?: number | null;
}

/** Who may read a source: admins; the firm whose ERP it is; the integration token bound to it. */
export function canReadSource(claims: Claims, source: Pick<IngestionSourceEntity, 'id' | 'firmId'>): boolean {
  switch (claims.role) {
    case Role.ADMIN:
      return true;
    case Role.INTEGRATION:
      return claims.source === source.id;
    case Role.PROPERTY_FIRM:
      return !!source.firmId && claims.firm === source.firmId;
    default:
      return false;
  }
}

function requireReader(claims: Claims): void {
  requireRole(claims, Role.ADMIN, Role.INTEGRATION, Role.PROPERTY_FIRM);
}

/** A source the caller may read, or NOT_FOUND (a source of someone else is not shown to exist). */
async function readableSource(ctx: RequestContext, id: string): Promise<IngestionSourceEntity> {
  requireReader(ctx.claims);
  const source = await ctx.ds.getRepository(IngestionSourceEntity).findOneBy({ id });
  if (!source || !canReadSource(ctx.claims, source)) throw notFound('Ingestion source', id);
  return source;
}

async function existingSource(ctx: RequestContext, id: string): Promise<IngestionSourceEntity> {
  requireRole(ctx.claims, Role.ADMIN);
  const source = await ctx.ds.getRepository(IngestionSourceEntity).findOneBy({ id });
  if (!source) throw notFound('Ingestion source', id);
  return source;
}

const intIn = (name: string, value: number, min: number, max: number): string | null =>
  Number.isInteger(value) && value >= min && value <= max ? null : `${name} must be a whole number from ${min} to ${max}, got ${value}`;

/** Every problem of a source's settings at once, so that one correction fixes them all. */
interface CheckedSettings {
  kind: SourceKind;
  adapter: string;
  baseUrl: string;
  credentialsRef: string;
  firmId: string | null;
  scheduleSeconds: number;
  pageSize: number;
  rateLimitPerSecond: number;
}

async function settingsProblems(ctx: RequestContext, s: CheckedSettings): Promise<string[]> {
  const problems: string[] = [];
  if (s.kind !== 'ERP' && s.kind !== 'UTILITY') problems.push(`kind must be ERP or UTILITY, got ${s.kind}`);
  const adapter = adapterByName(s.adapter);
  if (!adapter) problems.push(`adapter "${s.adapter}" is unknown; known: ${Object.keys(ADAPTERS).join(', ')}`);
  else if (adapter.kind !== s.kind) problems.push(`adapter "${s.adapter}" reads ${adapter.kind} data, not ${s.kind}`);
  let url: URL | null = null;
  try {
    url = new URL(s.baseUrl);
  } catch {
    /* reported below */
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) problems.push(`baseUrl must be an http(s) URL, got "${s.baseUrl}"`);
  if (!CREDENTIALS_REF.test(s.credentialsRef)) problems.push(`credentialsRef must name where the secret is, as env:NAME (e.g. env:CHUNJIANG_ERP_SECRET), never the secret itself`);
  if (s.kind === 'ERP') {
    if (!s.firmId) problems.push('firmId is required for an ERP source: the firm whose ERP it is');
    else if (!(await ctx.ds.getRepository(PropertyFirmEntity).existsBy({ id: s.firmId }))) problems.push(`firmId ${s.firmId} is not a firm the hub knows`);
  } else if (s.firmId) problems.push('firmId is only for ERP sources');
  for (const p of [
    intIn('scheduleSeconds', s.scheduleSeconds, 1, 86_400),
    intIn('pageSize', s.pageSize, 1, 1_000),
    intIn('rateLimitPerSecond', s.rateLimitPerSecond, 1, 1_000),
  ]) {
    if (p) problems.push(p);
  }
  return problems;
}

export async function registerSource(ctx: RequestContext, input: SourceSettings & { id: string; kind: SourceKind; adapter: string; baseUrl: string; credentialsRef: string; enabled?: boolean | null }): Promise<IngestionSourceEntity> {
  requireRole(ctx.claims, Role.ADMIN);
  const settings = {
    kind: input.kind,
    adapter: input.adapter,
    baseUrl: input.baseUrl.trim(),
    credentialsRef: input.credentialsRef.trim(),
    firmId: input.firmId ?? null,
    scheduleSeconds: input.scheduleSeconds ?? 60,
    pageSize: input.pageSize ?? 200,
    rateLimitPerSecond: input.rateLimitPerSecond ?? 5,
  };
  const problems = await settingsProblems(ctx, settings);
  if (!SOURCE_ID.test(input.id)) problems.unshift(`id must be a slug of lower-case letters, digits and dashes (at most 60), e.g. chunjiang-erp; got "${input.id}"`);
  if (problems.length) throw badInput(problems.join('; '));
  const source = Object.assign(new IngestionSourceEntity(), {
    id: input.id,
    ...settings,
    cursor: null,
    enabled: input.enabled ?? true,
    pausedReason: input.enabled === false ? 'Registered paused' : null,
    consecutiveFailures: 0,
    retryAt: null,
    lastRunAt: null,
    lastSuccessAt: null,
    lastError: null,
  });
  try {
    await transaction(ctx.ds, (m) => m.insert(IngestionSourceEntity, source));
  } catch (error) {
    if (isDuplicateKey(error)) throw new HubError(ErrorCode.CONFLICT, `A source with id ${input.id} is already registered; pick another id or update that one`);
    throw error;
  }
  return ctx.ds.getRepository(IngestionSourceEntity).findOneByOrFail({ id: input.id });
}

export async function updateSource(ctx: RequestContext, id: string, input: SourceSettings): Promise<IngestionSourceEntity> {
  const source = await existingSource(ctx, id);
  const settings = {
    kind: source.kind,
    adapter: input.adapter ?? source.adapter,
    baseUrl: (input.baseUrl ?? source.baseUrl).trim(),
    credentialsRef: (input.credentialsRef ?? source.credentialsRef).trim(),
    firmId: input.firmId === undefined ? source.firmId : input.firmId,
    scheduleSeconds: input.scheduleSeconds ?? source.scheduleSeconds,
    pageSize: input.pageSize ?? source.pageSize,
    rateLimitPerSecond: input.rateLimitPerSecond ?? source.rateLimitPerSecond,
  };
  const problems = await settingsProblems(ctx, settings);
  if (problems.length) throw badInput(problems.join('; '));
  await ctx.ds.getRepository(IngestionSourceEntity).update({ id }, settings);
  return ctx.ds.getRepository(IngestionSourceEntity).findOneByOrFail({ id });
}

export async function pauseSource(ctx: RequestContext, id: string, reason: string): Promise<IngestionSourceEntity> {
  await existingSource(ctx, id);
  const why = reason.trim();
  if (!why) throw badInput('Say why the source is paused: the reason is shown to everyone who reads its status');
  await ctx.ds.getRepository(IngestionSourceEntity).update({ id }, { enabled: false, pausedReason: why.slice(0, 500) });
  return ctx.ds.getRepository(IngestionSourceEntity).findOneByOrFail({ id });
}

/** Resumes pulling at once: the failure count and the backoff start over. */
export async function resumeSource(ctx: RequestContext, id: string): Promise<IngestionSourceEntity> {
  await existingSource(ctx, id);
  await ctx.ds.getRepository(IngestionSourceEntity).update({ id }, { enabled: true, pausedReason: null, consecutiveFailures: 0, retryAt: null });
  return ctx.ds.getRepository(IngestionSourceEntity).findOneByOrFail({ id });
}

/**
 * Pulls again from `fromCursor` (null: from the very start). Records already applied come back
 * as unchanged, so a replay never doubles anything.
 */
export async function replaySource(ctx: RequestContext, id: string, fromCursor: string | null): Promise<IngestionSourceEntity> {
  await existingSource(ctx, id);
  if (fromCursor !== null && fromCursor.length > 200) throw badInput('fromCursor is at most 200 characters');
  await ctx.ds.getRepository(IngestionSourceEntity).update({ id }, { cursor: fromCursor, retryAt: null });
  return ctx.ds.getRepository(IngestionSourceEntity).findOneByOrFail({ id });
}

export async function listSources(ctx: RequestContext): Promise<IngestionSourceEntity[]> {
  requireReader(ctx.claims);
  const all = await ctx.ds.getRepository(IngestionSourceEntity).find({ order: { id: 'ASC' } });
  return all.filter((s) => canReadSource(ctx.claims, s));
}

export interface IngestionStatusView {
  source: IngestionSourceEntity;
  lagSeconds: number;
  lagRecords: number;
  stagedBatches: number;
  deadBatches: number;
  received: number;
  applied: number;
  unchanged: number;
  rejected: number;
  quarantined: number;
}

export async function sourceStatus(ctx: RequestContext, sourceId: string, now = new Date()): Promise<IngestionStatusView> {
  const source = await readableSource(ctx, sourceId);
  const rows = await ctx.ds
    .getRepository(IngestionBatchEntity)
    .createQueryBuilder('b')
    .select('b.status', 'status')
    .addSelect('COUNT(*)', 'batches')
    .addSelect('COALESCE(SUM(b.received), 0)', 'received')
    .addSelect('COALESCE(SUM(b.applied), 0)', 'applied')
    .addSelect('COALESCE(SUM(b.unchanged), 0)', 'unchanged')
    .addSelect('COALESCE(SUM(b.rejected), 0)', 'rejected')
    .addSelect('MIN(b.createdAt)', 'oldest')
    .where('b.sourceId = :id', { id: sourceId })
    .groupBy('b.status')
    .getRawMany<{ status: string; batches: string; received: string; applied: string; unchanged: string; rejected: string; oldest: string | Date | null }>();
  const by = (status: string) => rows.find((r) => r.status === status);
  const staged = by('STAGED');
  const applied = by('APPLIED');
  const oldest = staged?.oldest ? new Date(staged.oldest) : null;
  const quarantined = await ctx.ds.getRepository(QuarantinedRecordEntity).countBy({ sourceId, replayedAt: IsNull() });
  return {
    source,
    lagSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : 0,
    lagRecords: Number(staged?.received ?? 0),
    stagedBatches: Number(staged?.batches ?? 0),
    deadBatches: Number(by('DEAD')?.batches ?? 0),
    received: Number(applied?.received ?? 0),
    applied: Number(applied?.applied ?? 0),
    unchanged: Number(applied?.unchanged ?? 0),
    rejected: Number(applied?.rejected ?? 0),
    quarantined,
  };
}

export async function batchById(ctx: RequestContext, id: string): Promise<IngestionBatchEntity> {
  requireReader(ctx.claims);
  const batch = await ctx.ds.getRepository(IngestionBatchEntity).findOne({ where: { id }, select: BATCH_COLUMNS });
  if (!batch) throw notFound('Ingestion batch', id);
  const source = await ctx.ds.getRepository(IngestionSourceEntity).findOneBy({ id: batch.sourceId });
  if (!source || !canReadSource(ctx.claims, source)) throw notFound('Ingestion batch', id);
  return batch;
}

/** Everything but the raw records, which a status read never needs. */
const BATCH_COLUMNS = {
  id: true,
  createdAt: true,
  sourceId: true,
  origin: true,
  pushId: true,
  cursorFrom: true,
  cursorTo: true,
  status: true,
  received: true,
  accepted: true,
  rejected: true,
  applied: true,
  unchanged: true,
  attempts: true,
  lastError: true,
  appliedAt: true,
} as const;

export async function batchRejections(ctx: RequestContext, batchId: string): Promise<QuarantinedRecordEntity[]> {
  return ctx.ds.getRepository(QuarantinedRecordEntity).find({ where: { batchId }, order: { position: 'ASC', id: 'ASC' } });
}

export async function quarantinedRecords(ctx: RequestContext, sourceId: string, pendingOnly: boolean, page: PageArgs) {
  await readableSource(ctx, sourceId);
  const { limit, afterId } = pageWindow(page, ctx.config.limits.maxPageSize);
  const q = ctx.ds.getRepository(QuarantinedRecordEntity).createQueryBuilder('q').where('q.sourceId = :sourceId', { sourceId });
  if (pendingOnly) q.andWhere('q.replayedAt IS NULL');
  if (afterId) q.andWhere('q.id > :afterId', { afterId });
  const rows = await q.orderBy('q.id', 'ASC').limit(limit + 1).getMany();
  return toConnection(rows, limit, !!afterId);
}

export async function deadBatches(ctx: RequestContext, sourceId: string | null, page: PageArgs) {
  if (sourceId) await readableSource(ctx, sourceId);
  else requireRole(ctx.claims, Role.ADMIN);
  const { limit, afterId } = pageWindow(page, ctx.config.limits.maxPageSize);
  const q = ctx.ds.getRepository(IngestionBatchEntity).createQueryBuilder('b').select(Object.keys(BATCH_COLUMNS).map((c) => `b.${c}`)).where('b.status = :dead', { dead: 'DEAD' });
  if (sourceId) q.andWhere('b.sourceId = :sourceId', { sourceId });
  if (afterId) q.andWhere('b.id > :afterId', { afterId });
  const rows = await q.orderBy('b.id', 'ASC').limit(limit + 1).getMany();
  return toConnection(rows, limit, !!afterId);
}

/**
 * Puts a dead batch back to STAGED with its attempts reset; the reconciler gives it a fresh
 * apply job within INGEST_RECONCILE_MS. Only once its fault is fixed will it apply.
 */
export async function replayDead(ctx: RequestContext, id: string): Promise<IngestionBatchEntity> {
  requireRole(ctx.claims, Role.ADMIN);
  const result = await ctx.ds
    .createQueryBuilder()
    .update(IngestionBatchEntity)
    .set({ status: 'STAGED', attempts: 0 })
    .where('id = :id AND status = :dead', { id, dead: 'DEAD' })
    .execute();
  if (!result.affected) {
    const batch = await ctx.ds.getRepository(IngestionBatchEntity).findOne({ where: { id }, select: { id: true, status: true } });
    if (!batch) throw notFound('Ingestion batch', id);
    throw new HubError(ErrorCode.INVALID_TRANSITION, `Batch ${id} is ${batch.status}; only DEAD batches are replayed`);
  }
  return batchById(ctx, id);
}

export async function replayQuarantined(ctx: RequestContext, sourceId: string, ids: string[] | null) {
  const source = await existingSource(ctx, sourceId);
  if (ids && ids.length > REPLAY_MAX) throw badInput(`Replay at most ${REPLAY_MAX} records at a time`);
  const rows = await ctx.ds.getRepository(QuarantinedRecordEntity).find({
    where: ids ? { sourceId, id: In(ids) } : { sourceId, replayedAt: IsNull() },
    order: { id: 'ASC' },
    take: REPLAY_MAX,
  });
  const pending = rows.filter((r) => r.replayedAt === null);
  if (ids) {
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw notFound('Quarantined record', missing.join(', '));
  }
  const result = await replayQuarantine(ctx.ds, source, pending);
  return { replayed: result.replayed, accepted: result.replayed - result.rejected, rejected: result.rejected, applied: result.applied, unchanged: result.unchanged };
}

