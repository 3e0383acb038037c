import { openSubgraphDatabase, uuidv7, type Database } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import type { QueryRunner } from 'typeorm';
import { propertySubgraph } from '../subgraph';
import { ensureDemoIngestionSources } from './demo-sources';
import { IngestionBatchEntity } from './ingestion-batch.entity';
import { applyBatch, stagePulledPage } from './ingestion-batches.service';

let env: TestEnvironment;
let db: Database;
const source = (id: string) => ({ id, kind: 'ERP' as const, adapter: 'erp-a', baseUrl: 'http://127.0.0.1:9/', credentialsRef: 'env:NONE', firmId: uuidv7(), scheduleSeconds: 3600, pageSize: 100, rateLimitPerSecond: 1 });

beforeAll(async () => {
  env = testEnvironment();
  db = await openSubgraphDatabase(propertySubgraph, env.config);
  await ensureDemoIngestionSources(db.ds, [source('erp-one'), source('erp-two')]);
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
