import { openSubgraphDatabase, uuidv7, type Database } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import type { QueryRunner } from 'typeorm';
import { propertySubgraph } from '../subgraph';
import { ensureDemoIngestionSources } from './demo-sources';
import { IngestionBatchEntity } from './ingestion-batch.entity';
import { IngestionSourceEntity } from './ingestion-source.entity';
import { QuarantinedRecordEntity } from './quarantined-record.entity';
import { applyBatch, applyPulledPage, stagePulledPage } from './ingestion-batches.service';

let env: TestEnvironment;
let db: Database;
const source = (id: string) => ({ id, kind: 'ERP' as const, adapter: 'erp-a', baseUrl: 'http://127.0.0.1:9/', credentialsRef: 'env:NONE', firmId: uuidv7(), scheduleSeconds: 3600, pageSize: 100, rateLimitPerSecond: 1 });

beforeAll(async () => {
  env = testEnvironment();
  db = await openSubgraphDatabase(propertySubgraph, env.config);
  await ensureDemoIngestionSources(db.ds, [source('erp-one'), source('erp-two'), source('erp-three'), source('erp-four'), source('erp-five')]);
});

afterAll(async () => {
  await db.ds.destroy();
  await env.cleanup();
});

/** A page of one record the adapter refuses: applying it quarantines it and marks the batch APPLIED. */
async function stage(sourceId: string, from: string | null, to: string): Promise<string> {
  const staged = await stagePulledPage(db.ds, sourceId, from, { records: [{ not: 'an order' }], nextCursor: to, hasMore: true });
  if (staged === 'moved' || !staged.batchId) throw new Error('the page was not staged');
  return staged.batchId;
}

const status = async (id: string) => (await db.ds.getRepository(IngestionBatchEntity).findOneByOrFail({ id })).status;

/** Holds the guard an apply of the source takes, from a connection of its own, as a running apply would. */
async function holdApplyGuard(sourceId: string): Promise<QueryRunner> {
  const runner = db.ds.createQueryRunner();
  const [{ name }] = await runner.query("SELECT CONCAT('hub-ingest:', SHA1(CONCAT(DATABASE(), ':', ?))) AS name", [sourceId]);
  const [{ got }] = await runner.query('SELECT GET_LOCK(?, 0) AS got', [name]);
  expect(Number(got)).toBe(1);
  return Object.assign(runner, { guard: name as string });
}

describe('one apply of a source at a time (MySQL)', () => {
  it('an apply waits while another of its source runs; the puller stages meanwhile, and other sources apply', async () => {
    const first = await stage('erp-one', null, 'c1');
    const held = await holdApplyGuard('erp-one');
    const waiting = applyBatch(db.ds, first);
    // The source's row is free: the next page is staged (and its cursor moved) while the apply waits.
    const second = await stage('erp-one', 'c1', 'c2');
    const other = await stage('erp-two', null, 'c1');
    expect(await applyBatch(db.ds, other)).toMatchObject({ status: 'APPLIED', rejected: 1 });
    expect(await status(first)).toBe('STAGED');
    await held.query('SELECT RELEASE_LOCK(?)', [(held as QueryRunner & { guard: string }).guard]);
    await held.release();
    expect(await waiting).toMatchObject({ status: 'APPLIED', rejected: 1 });
    expect(await applyBatch(db.ds, second)).toMatchObject({ status: 'APPLIED', rejected: 1 });
    // A redelivered job changes nothing.
    expect(await applyBatch(db.ds, first)).toEqual({ status: 'SKIPPED' });
  });
});

describe('a pulled page applied at once', () => {
  const batches = (sourceId: string) => db.ds.getRepository(IngestionBatchEntity).find({ where: { sourceId }, order: { id: 'ASC' } });
  const cursorOf = async (id: string) => (await db.ds.getRepository(IngestionSourceEntity).findOneByOrFail({ id })).cursor;
  const refused = (batchId: string) => db.ds.getRepository(QuarantinedRecordEntity).find({ where: { batchId }, order: { position: 'ASC' } });

  it('moves the cursor and records the batch APPLIED in the same transaction, keeping no raw copy; the same page again changes nothing', async () => {
    const page = { records: [{ not: 'an order' }, { nor: 'this' }], nextCursor: 'c1', hasMore: false };
    const outcome = await applyPulledPage(db.ds, 'erp-three', null, page);
    expect(outcome).toEqual({ status: 'APPLIED', batchId: expect.any(String) });
    const [batch] = await batches('erp-three');
    expect(batch).toMatchObject({ status: 'APPLIED', origin: 'PULL', cursorFrom: null, cursorTo: 'c1', received: 2, accepted: 0, rejected: 2, attempts: 1, records: [] });
    expect(batch.appliedAt).toBeInstanceOf(Date);
    expect(await cursorOf('erp-three')).toBe('c1');
    // The refused records keep their raw payload in quarantine.
    expect((await refused(batch.id)).map((r) => [r.position, r.stage, r.raw])).toEqual([
      [0, 'MAP', { not: 'an order' }],
      [1, 'MAP', { nor: 'this' }],
    ]);
    // A second pull that asked from the same cursor (a race, a redelivery) finds it moved.
    expect(await applyPulledPage(db.ds, 'erp-three', null, page)).toBe('moved');
    expect(await batches('erp-three')).toHaveLength(1);
  });

  it('stages the page for the apply job, cursor moved, when another apply of the source holds the guard', async () => {
    const held = await holdApplyGuard('erp-four');
    const page = { records: [{ not: 'an order' }], nextCursor: 'c1', hasMore: false };
    let outcome: Awaited<ReturnType<typeof applyPulledPage>>;
    try {
      outcome = await applyPulledPage(db.ds, 'erp-four', null, page, { lockWaitSeconds: 0 });
    } finally {
      await held.query('SELECT RELEASE_LOCK(?)', [(held as QueryRunner & { guard: string }).guard]);
      await held.release();
    }
    expect(outcome).toMatchObject({ status: 'STAGED', batchId: expect.any(String) });
    const [batch] = await batches('erp-four');
    expect(batch).toMatchObject({ status: 'STAGED', received: 1, records: [{ not: 'an order' }], attempts: 0, lastError: expect.stringContaining('another apply of source erp-four') });
    expect(await cursorOf('erp-four')).toBe('c1');
    expect(await applyBatch(db.ds, batch.id)).toMatchObject({ status: 'APPLIED', rejected: 1 });
  });

  it('takes the puller’s mapping only when the source’s adapter made it', async () => {
    const premapped = (adapter: string) => ({ adapter, results: [{ ok: false as const, externalId: 'X-1', reason: 'refused by the puller’s mapping' }] });
    await applyPulledPage(db.ds, 'erp-five', null, { records: [{ not: 'an order' }], nextCursor: 'c1', hasMore: true, mapped: premapped('erp-a') });
    await applyPulledPage(db.ds, 'erp-five', 'c1', { records: [{ not: 'an order' }], nextCursor: 'c2', hasMore: false, mapped: premapped('erp-b') });
    const [taken, remapped] = await batches('erp-five');
    expect((await refused(taken.id)).map((r) => r.reason)).toEqual(['refused by the puller’s mapping']);
    const [again] = await refused(remapped.id);
    expect(again.reason).not.toBe('refused by the puller’s mapping');
    expect(again.stage).toBe('MAP');
  });
});
