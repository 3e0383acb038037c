import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { transaction, uuidv7 } from '@hub/platform';
import type { Mapped, SourceAdapter, SourcePage } from './adapter';
import { adapterByName } from './adapters';
import { applyRecords } from './apply';
import { settle } from './apply-context';
import type { HubRecord } from './records';
import { IngestionBatchEntity, type BatchOrigin } from './ingestion-batch.entity';
import { IngestionSourceEntity } from './ingestion-source.entity';
import { QuarantinedRecordEntity, type QuarantineStage } from './quarantined-record.entity';

const isMysql = (manager: EntityManager) => manager.connection.options.type !== 'better-sqlite3';
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
export const errorText = (error: unknown): string => clip(error instanceof Error ? error.message : String(error), 1000);

/** Raw JSON columns are typed `unknown`, which TypeORM's insert typing cannot follow. */
const asRow = <T>(entity: T) => entity as unknown as QueryDeepPartialEntity<T>;

function newBatch(sourceId: string, origin: BatchOrigin, records: unknown[], extra: Partial<IngestionBatchEntity> = {}): IngestionBatchEntity {
  return Object.assign(new IngestionBatchEntity(), {
    id: uuidv7(),
    sourceId,
    origin,
    pushId: null,
    cursorFrom: null,
    cursorTo: null,
    records,
    status: 'STAGED',
    received: records.length,
    accepted: 0,
    rejected: 0,
    applied: 0,
    unchanged: 0,
    attempts: 0,
    lastError: null,
    appliedAt: null,
    ...extra,
  });
}

/**
 * Stages a pulled page and moves the source's cursor past it in one transaction, only if the
 * cursor is still where the page was asked from and the source is still enabled: a pull that
 * raced another (or a pause, or a replay) stages nothing. Returns the staged batch id (null for
 * an empty page), or `moved` when the page was not taken.
 */
export async function stagePulledPage(ds: DataSource, sourceId: string, cursorFrom: string | null, page: SourcePage, now = new Date(), lastError: string | null = null): Promise<{ batchId: string | null } | 'moved'> {
  return transaction(ds, async (manager) => {
    const cursorTo = page.nextCursor ?? cursorFrom;
    if (!(await moveCursor(manager, sourceId, cursorFrom, cursorTo, now))) return 'moved';
    if (page.records.length === 0) return { batchId: null };
    const batch = newBatch(sourceId, 'PULL', page.records, { cursorFrom, cursorTo, lastError });
    await manager.insert(IngestionBatchEntity, asRow(batch));
    return { batchId: batch.id };
  });
}

/**
 * A page as the puller hands it over, with its records already mapped by the adapter named
 * (adapters are pure, so the puller maps a page while the one before it applies).
 */
export interface PulledPage extends SourcePage {
  mapped?: { adapter: string; results: Mapped[] };
}

/** What a pull did with a page: applied it, staged it for the apply job, or nothing (`moved`). */
export type PulledOutcome = 'moved' | { status: 'APPLIED'; batchId: string | null } | { status: 'STAGED'; batchId: string | null; error: unknown };

/** How long a pull waits for another apply of its source (a push, a replay) before it stages its page instead. */
const PULL_LOCK_WAIT_SECONDS = 5;

/**
 * Applies a pulled page at once, in one transaction that also moves the source's cursor past it
 * (only if it is still at `cursorFrom` and the source enabled) and records it as an APPLIED
 * batch. Nothing is staged first: a crash before the commit leaves the cursor where it was, so
 * the page is pulled again, and the commit makes records, cursor and batch durable together. The
 * batch keeps no copy of the raw records (the page can be pulled again from `cursorFrom`; refused
 * records keep theirs in quarantine). When the apply fails (a database error, another apply of
 * the source holding the guard), the page is staged as before and left to the apply job, with
 * the error.
 */
export async function applyPulledPage(
  ds: DataSource,
  sourceId: string,
  cursorFrom: string | null,
  page: PulledPage,
  { now = () => new Date(), lockWaitSeconds = PULL_LOCK_WAIT_SECONDS }: { now?: () => Date; lockWaitSeconds?: number } = {},
): Promise<PulledOutcome> {
  const { records } = page;
  const cursorTo = page.nextCursor ?? cursorFrom;
  const stage = async (error: unknown): Promise<PulledOutcome> => {
    const staged = await stagePulledPage(ds, sourceId, cursorFrom, page, now(), error === null ? null : errorText(error));
    return staged === 'moved' ? 'moved' : error === null ? { status: 'APPLIED', batchId: null } : { status: 'STAGED', batchId: staged.batchId, error };
  };
  // An empty page only moves the cursor and the source's clock: no guard needed.
  if (records.length === 0) return stage(null);
  try {
    return await oneApplyPerSource(
      ds,
      sourceId,
      async (manager): Promise<PulledOutcome> => {
        const [moved, source] = await settle([moveCursor(manager, sourceId, cursorFrom, cursorTo, now()), manager.getRepository(IngestionSourceEntity).findOneByOrFail({ id: sourceId })] as const);
        if (!moved) return 'moved';
        const adapter = adapterByName(source.adapter);
        if (!adapter) throw new Error(`Source ${source.id} names adapter "${source.adapter}", which this hub does not have`);
        const batch = newBatch(sourceId, 'PULL', [], { cursorFrom, cursorTo, received: records.length });
        // Mapped by the puller unless the source's adapter changed meanwhile.
        const premapped = page.mapped?.adapter === source.adapter && page.mapped.results.length === records.length ? page.mapped.results : undefined;
        const { refusals, applied, unchanged } = await mapAndApply(manager, source, adapter, records, premapped);
        Object.assign(batch, { status: 'APPLIED', accepted: records.length - refusals.length, rejected: refusals.length, applied, unchanged, attempts: 1, appliedAt: now() });
        await settle([manager.insert(IngestionBatchEntity, asRow(batch)), insertQuarantine(manager, quarantineRows(source.id, batch.id, refusals))]);
        return { status: 'APPLIED', batchId: batch.id };
      },
      lockWaitSeconds,
    );
  } catch (error) {
    return stage(error);
  }
}

/** Moves the cursor from where the page was asked to past it, only if it is still there and the source enabled. */
async function moveCursor(manager: EntityManager, sourceId: string, cursorFrom: string | null, cursorTo: string | null, now: Date): Promise<boolean> {
  const moved = await manager
    .createQueryBuilder()
    .update(IngestionSourceEntity)
    .set({ cursor: cursorTo, lastRunAt: now, lastSuccessAt: now, consecutiveFailures: 0, retryAt: null, lastError: null })
    .where(cursorFrom === null ? 'id = :id AND cursor IS NULL AND enabled = :on' : 'id = :id AND cursor = :from AND enabled = :on', { id: sourceId, from: cursorFrom, on: true })
    .execute();
  return Boolean(moved.affected);
}

/**
 * Stages a pushed batch. The push's `webhook-id` is unique per source: the same id again
 * (a sender's retry) answers with the batch it created and stages nothing.
 */
export async function stagePushedBatch(ds: DataSource, sourceId: string, pushId: string, records: unknown[]): Promise<{ batchId: string; received: number; duplicate: boolean }> {
  const earlier = () => ds.getRepository(IngestionBatchEntity).findOne({ select: { id: true, received: true }, where: { sourceId, pushId } });
  const found = await earlier();
  if (found) return { batchId: found.id, received: found.received, duplicate: true };
  const batch = newBatch(sourceId, 'PUSH', records, { pushId });
  try {
    await transaction(ds, (manager) => manager.insert(IngestionBatchEntity, asRow(batch)));
    return { batchId: batch.id, received: batch.received, duplicate: false };
  } catch (error) {
    const raced = await earlier();
    if (raced) return { batchId: raced.id, received: raced.received, duplicate: true };
    throw error;
  }
}

interface Refusal {
  position: number;
  externalId: string | null;
  stage: QuarantineStage;
  reason: string;
  raw: unknown;
}

const quarantineRows = (sourceId: string, batchId: string, refusals: Refusal[]): QuarantinedRecordEntity[] =>
  refusals.map((r) =>
    Object.assign(new QuarantinedRecordEntity(), {
      id: uuidv7(),
      sourceId,
      batchId,
      position: r.position,
      externalId: r.externalId === null ? null : clip(r.externalId, 200),
      stage: r.stage,
      reason: clip(r.reason, 1000),
      raw: r.raw ?? null,
      replayedAt: null,
      replayOutcome: null,
    }),
  );

/**
 * Maps raw records with the adapter and applies the accepted ones, in the caller's transaction;
 * returns the refusals of both steps with their positions in `raws`.
 */
async function mapAndApply(manager: EntityManager, source: IngestionSourceEntity, adapter: SourceAdapter, raws: unknown[], premapped?: Mapped[]) {
  const refusals: Refusal[] = [];
  const records: HubRecord[] = [];
  const positions: number[] = [];
  raws.forEach((raw, position) => {
    const mapped = premapped?.[position] ?? adapter.map(raw);
    if (mapped.ok) {
      records.push(mapped.record);
      positions.push(position);
    } else refusals.push({ position, externalId: mapped.externalId, stage: 'MAP', reason: mapped.reason, raw });
  });
  const outcome = records.length ? await applyRecords(manager, { id: source.id, kind: source.kind, firmId: source.firmId }, records) : { applied: 0, unchanged: 0, rejected: [] };
  for (const r of outcome.rejected) {
    const position = positions[r.index];
    refusals.push({ position, externalId: r.externalId, stage: 'APPLY', reason: r.reason, raw: raws[position] });
  }
  refusals.sort((a, b) => a.position - b.position);
  return { refusals, applied: outcome.applied, unchanged: outcome.unchanged, rejectedPositions: new Set(refusals.map((r) => r.position)) };
}

async function insertQuarantine(manager: EntityManager, rows: QuarantinedRecordEntity[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await manager.insert(QuarantinedRecordEntity, rows.slice(i, i + 500).map(asRow));
}

export type ApplyBatchResult = { status: 'APPLIED'; received: number; applied: number; unchanged: number; rejected: number } | { status: 'SKIPPED' };

/**
 * Applies one staged batch in one transaction: maps each record, quarantines refusals, applies
 * the rest (with their outbox events), writes the counts and marks the batch APPLIED. The batch
 * row is locked first and must still be STAGED, so a second run of the same job (a redelivery
 * after a crash) changes nothing.
 */
export async function applyBatch(ds: DataSource, batchId: string, now = () => new Date()): Promise<ApplyBatchResult> {
  const head = await ds.getRepository(IngestionBatchEntity).findOne({ select: { id: true, sourceId: true, status: true }, where: { id: batchId } });
  if (!head || head.status !== 'STAGED') return { status: 'SKIPPED' };
  return oneApplyPerSource(ds, head.sourceId, async (manager) => {
    const query = manager.getRepository(IngestionBatchEntity).createQueryBuilder('b').where('b.id = :id', { id: batchId });
    const batch = await (isMysql(manager) ? query.setLock('pessimistic_write') : query).getOne();
    if (!batch || batch.status !== 'STAGED') return { status: 'SKIPPED' } as const;
    const source = await manager.getRepository(IngestionSourceEntity).findOneByOrFail({ id: batch.sourceId });
    const adapter = adapterByName(source.adapter);
    if (!adapter) throw new Error(`Source ${source.id} names adapter "${source.adapter}", which this hub does not have`);
    const { refusals, applied, unchanged } = await mapAndApply(manager, source, adapter, batch.records);
    await insertQuarantine(manager, quarantineRows(source.id, batch.id, refusals));
    const counts = { accepted: batch.received - refusals.length, rejected: refusals.length, applied, unchanged };
    await manager.update(IngestionBatchEntity, { id: batch.id }, { ...counts, status: 'APPLIED', attempts: batch.attempts + 1, lastError: null, appliedAt: now() });
    return { status: 'APPLIED', received: batch.received, ...counts } as const;
  });
}

/** How long an apply waits for the one before it of the same source before its attempt fails (and is retried). */
const APPLY_LOCK_WAIT_SECONDS = 50;

/**
 * Runs fn in a transaction while no other apply of the source runs. Batches of one feed touch the
 * same rows (a plate's sessions, an order's versions), and applied side by side they deadlock.
 * On MySQL the guard is a named lock (GET_LOCK) held from before the transaction to after its
 * commit, not a lock on the source's row: the puller moves the cursor on that row, and must go
 * on staging the next pages while a batch applies. A dead connection drops its named locks.
 * SQLite runs one transaction at a time anyway.
 */
async function oneApplyPerSource<T>(ds: DataSource, sourceId: string, fn: (manager: EntityManager) => Promise<T>, waitSeconds = APPLY_LOCK_WAIT_SECONDS): Promise<T> {
  if (ds.options.type === 'better-sqlite3') return transaction(ds, fn);
  const runner = ds.createQueryRunner();
  try {
    const name = applyGuardName(String(ds.options.database), sourceId);
    const [{ got }] = await runner.query('SELECT GET_LOCK(?, ?) AS got', [name, waitSeconds]);
    if (Number(got) !== 1) throw new Error(`another apply of source ${sourceId} ran for over ${waitSeconds} s; this one is retried`);
    try {
      await runner.startTransaction();
      try {
        const result = await fn(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

/**
 * The named lock guarding a source's applies. Named locks are server-wide: the name carries the
 * database, so two hubs on one server do not share them. Equal to MySQL's
 * `CONCAT('hub-ingest:', SHA1(CONCAT(DATABASE(), ':', sourceId)))`, made here to save a round trip.
 */
export const applyGuardName = (database: string, sourceId: string): string => `hub-ingest:${createHash('sha1').update(`${database}:${sourceId}`, 'utf8').digest('hex')}`;

/** Records a failed apply attempt; the last allowed one makes the batch DEAD (the dead-letter queue). */
export async function recordApplyFailure(ds: DataSource, batchId: string, error: unknown, dead: boolean): Promise<void> {
  await ds
    .createQueryBuilder()
    .update(IngestionBatchEntity)
    .set({ attempts: () => 'attempts + 1', lastError: errorText(error), ...(dead ? { status: 'DEAD' as const } : {}) })
    .where('id = :id AND status = :staged', { id: batchId, staged: 'STAGED' })
    .execute();
}

/**
 * Re-maps quarantined records with the source's current adapter and re-applies them, in one
 * transaction. Each is marked replayed with its outcome and never replayed again; one refused
 * again becomes a new quarantined record with the new reason.
 */
export async function replayQuarantine(ds: DataSource, source: IngestionSourceEntity, rows: QuarantinedRecordEntity[], now = new Date()) {
  const adapter = adapterByName(source.adapter);
  if (!adapter) throw new Error(`Source ${source.id} names adapter "${source.adapter}", which this hub does not have`);
  return transaction(ds, async (manager) => {
    // Claim the rows first, so that two replays at once cannot both apply the same record.
    const fresh: QuarantinedRecordEntity[] = [];
    for (const row of rows) {
      const claimed = await manager
        .createQueryBuilder()
        .update(QuarantinedRecordEntity)
        .set({ replayedAt: now, replayOutcome: 'REJECTED' })
        .where('id = :id AND replayedAt IS NULL', { id: row.id })
        .execute();
      if (claimed.affected) fresh.push(row);
    }
    if (fresh.length === 0) return { replayed: 0, applied: 0, unchanged: 0, rejected: 0 };
    const { refusals, applied, unchanged, rejectedPositions } = await mapAndApply(manager, source, adapter, fresh.map((r) => r.raw));
    // The positions the new refusals carry are those in their original batches.
    const again = refusals.map((r) => ({ ...r, batchId: fresh[r.position].batchId, position: fresh[r.position].position }));
    for (const batchId of new Set(again.map((r) => r.batchId))) {
      await insertQuarantine(manager, quarantineRows(source.id, batchId, again.filter((r) => r.batchId === batchId)));
    }
    // The applier counts applied and unchanged only in total; each row says whether it got through.
    const through = fresh.filter((_, i) => !rejectedPositions.has(i)).map((r) => r.id);
    for (let i = 0; i < through.length; i += 500) {
      await manager
        .createQueryBuilder()
        .update(QuarantinedRecordEntity)
        .set({ replayOutcome: 'ACCEPTED' })
        .whereInIds(through.slice(i, i + 500))
        .execute();
    }
    return { replayed: fresh.length, applied, unchanged, rejected: refusals.length };
  });
}
