import { CompoundScopeEntity, createLogger, openSubgraphDatabase, startSubgraphWorker, uuidv7, type Database, type RunningWorker } from '@hub/platform';
import { testEnvironment } from '@hub/platform/dist/testing';
import { propertySubgraph } from '@hub/property';
import { PropertyFirmEntity } from '@hub/property/dist/firms/property-firm.entity';
import { ServiceContractEntity } from '@hub/property/dist/contracts/service-contract.entity';
import { WorkOrderEntity } from '@hub/property/dist/work-orders/work-order.entity';
import { ParkingFeeEntity } from '@hub/property/dist/parking/parking.entities';
import { newWorkOrderRow, erpWorkOrderRef } from '@hub/property/dist/work-orders/work-orders.service';
import { IngestionBatchEntity } from '@hub/property/dist/ingestion/ingestion-batch.entity';
import { ensureDemoIngestionSources } from '@hub/property/dist/ingestion/demo-sources';
import { adapterByName } from '@hub/property/dist/ingestion/adapters';
import type { HubRecord } from '@hub/property/dist/ingestion/records';
import { startErpSimulator } from '@hub/simulators';
import { runStandalone, type BenchRow } from './feature-bench';

/**
 * Ingestion end to end against its raw ceiling, in one run on MariaDB/MySQL and Redis. End to
 * end: an ERP simulator (vendor A's shape) serves N records (work orders with their versions and
 * fee receipts); the property worker pulls pages, stages them, queues apply jobs and applies
 * them (mapping, idempotent upserts, outbox events) until every record is in an applied batch.
 * Ceiling: the same records, fetched and mapped beforehand, written as the same target rows
 * (work_order, parking_fee) by batched multi-row upserts straight into another database: plain
 * SQL statements (the ceiling the ratio is taken against), and TypeORM's insert builder.
 * `node -r @swc-node/register bench/ingestion.ts` after `npm run build`; BENCH_INGEST_RECORDS=N.
 */
const SOURCE = 'bench-erp';
const TOKEN_VAR = 'BENCH_INGEST_ERP_TOKEN';
const CHUNK = 500;

async function seedFirm(db: Database, firmId: string, compoundId: string): Promise<void> {
  await db.ds.getRepository(PropertyFirmEntity).insert({ id: firmId, name: '基准物业', creditCode: '91330203MA2CJ8QW1M' });
  await db.ds.getRepository(ServiceContractEntity).insert({ id: uuidv7(), compoundId, firmId, model: 'STANDARD', startsOn: '2020-01-01', endsOn: null, feeFenPerM2Month: 100, status: 'ACTIVE' });
  // What the CompoundRegistered event leaves: the applier takes records only for known compounds.
  await db.ds.getRepository(CompoundScopeEntity).insert({ compoundId, regionPath: '330203' });
}

/** The target rows of the records, as the applier would leave them (latest version of each order). */
function targetRows(records: HubRecord[], firmId: string) {
  const orders = new Map<string, Partial<WorkOrderEntity>>();
  const fees: Partial<ParkingFeeEntity>[] = [];
  for (const r of records) {
    if (r.kind === 'WORK_ORDER') {
      const sourceRef = erpWorkOrderRef(firmId, r.externalId);
      const base = orders.get(sourceRef) ?? {
        id: uuidv7(),
        ...newWorkOrderRow({ compoundId: r.compoundId, source: 'ERP', sourceRef, category: r.category, priority: r.priority, description: r.description, place: r.place, createdAt: new Date(r.createdAt), by: { role: 'INTEGRATION', sub: SOURCE } }, firmId),
      };
      orders.set(sourceRef, { ...base, status: r.status, assigneeName: r.assigneeName, resolutionNote: r.resolutionNote, completionPhotoUrls: r.completionPhotoUrls, completedAt: r.completedAt ? new Date(r.completedAt) : null });
    } else if (r.kind === 'FEE_RECEIPT') {
      fees.push({ id: uuidv7(), compoundId: r.compoundId, kind: r.feeKind === 'PARKING_PASS' ? 'MONTHLY_PASS' : 'TEMPORARY', plate: r.plate ?? '', plateClass: 'VISITOR', amountFen: r.amountFen, collectedAt: new Date(r.receivedAt), sessionId: null, receiptRef: `${firmId}:${r.externalId}` } as Partial<ParkingFeeEntity>);
    }
  }
  return { orders: [...orders.values()], fees };
}

/** Plain multi-row upserts, CHUNK rows a statement; JSON columns as text. */
async function rawUpsert(db: Database, table: string, rows: Record<string, unknown>[], update: string[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).filter((c) => rows[0][c] !== undefined);
  const cell = (v: unknown) => (Array.isArray(v) || (v !== null && typeof v === 'object' && !(v instanceof Date)) ? JSON.stringify(v) : v);
  const head = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES `;
  const tail = ` ON DUPLICATE KEY UPDATE ${update.map((c) => `\`${c}\` = VALUES(\`${c}\`)`).join(', ')}`;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await db.ds.query(head + chunk.map(() => tuple).join(', ') + tail, chunk.flatMap((r) => columns.map((c) => cell(r[c]))));
  }
}

export async function runIngestionBench(options: { records?: number } = {}): Promise<BenchRow[]> {
  const n = options.records ?? 30_000;
  const env = testEnvironment({ INGEST_RECONCILE_MS: '1000', LOG_LEVEL: 'silent' });
  const ceilingEnv = testEnvironment();
  const firmId = uuidv7();
  const compoundId = uuidv7();
  const token = 'bench-token';
  process.env[TOKEN_VAR] = token;
  const sim = await startErpSimulator({ shape: 'erp-a', seed: 'bench', firmId, compounds: [{ id: compoundId, gates: [] }], records: n, token });
  let db: Database | null = null;
  let ceilingDb: Database | null = null;
  let worker: RunningWorker | null = null;
  try {
    // ---- the raw ceiling: fetch and map everything first (not timed), then time the writes.
    const adapter = adapterByName('erp-a')!;
    const records: HubRecord[] = [];
    for (let cursor: string | null = null; ; ) {
      const res = await fetch(new URL(adapter.pagePath(cursor, 1000), `${sim.url}/`), { headers: { authorization: `Bearer ${token}` } });
      const page = adapter.parsePage(await res.json());
      for (const raw of page.records) {
        const m = adapter.map(raw);
        if (m.ok) records.push(m.record);
      }
      if (!page.hasMore) break;
      cursor = page.nextCursor;
    }
    ceilingDb = await openSubgraphDatabase(propertySubgraph, ceilingEnv.config);
    await seedFirm(ceilingDb, firmId, compoundId);
    const { orders, fees } = targetRows(records, firmId);
    const ceilingStarted = process.hrtime.bigint();
    const updatable = ['status', 'assigneeName', 'resolutionNote', 'completionPhotoUrls', 'completedAt', 'updatedAt'];
    for (let i = 0; i < orders.length; i += CHUNK) {
      await ceilingDb.ds.createQueryBuilder().insert().into(WorkOrderEntity).values(orders.slice(i, i + CHUNK)).orUpdate(updatable, ['id']).updateEntity(false).execute();
    }
    for (let i = 0; i < fees.length; i += CHUNK) {
      await ceilingDb.ds.createQueryBuilder().insert().into(ParkingFeeEntity).values(fees.slice(i, i + CHUNK)).orUpdate(['amountFen'], ['id']).updateEntity(false).execute();
    }
    const builderSeconds = Number(process.hrtime.bigint() - ceilingStarted) / 1e9;
    // The same rows again as plain multi-row INSERT ... ON DUPLICATE KEY UPDATE statements.
    await ceilingDb.ds.query('DELETE FROM `work_order`');
    await ceilingDb.ds.query('DELETE FROM `parking_fee`');
    const rawStarted = process.hrtime.bigint();
    await rawUpsert(ceilingDb, 'work_order', orders as Record<string, unknown>[], updatable);
    await rawUpsert(ceilingDb, 'parking_fee', fees as Record<string, unknown>[], ['amountFen']);
    const ceilingSeconds = Number(process.hrtime.bigint() - rawStarted) / 1e9;
    const ceiling = (orders.length + fees.length) / ceilingSeconds;

    // ---- end to end: only the property worker runs, so that nothing else competes for the CPU.
    db = await openSubgraphDatabase(propertySubgraph, env.config);
    await seedFirm(db, firmId, compoundId);
    worker = await startSubgraphWorker(propertySubgraph, env.config, db, createLogger('bench', 'silent'));
    const served = sim.expected().served;
    const started = process.hrtime.bigint();
    await ensureDemoIngestionSources(db.ds, [{ id: SOURCE, kind: 'ERP', adapter: 'erp-a', baseUrl: sim.url, credentialsRef: `env:${TOKEN_VAR}`, firmId, scheduleSeconds: 1, pageSize: 1000, rateLimitPerSecond: 100 }]);
    let firstStaged: bigint | null = null;
    for (;;) {
      const rows = await db.ds.getRepository(IngestionBatchEntity).find({ where: { sourceId: SOURCE }, select: { status: true, received: true } });
      if (rows.length && !firstStaged) firstStaged = process.hrtime.bigint();
      if (rows.filter((r) => r.status === 'APPLIED').reduce((s, r) => s + r.received, 0) >= served) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const done = process.hrtime.bigint();
    const e2eSeconds = Number(done - started) / 1e9;
    const steadySeconds = Number(done - (firstStaged ?? started)) / 1e9;
    const rows = (await db.ds.getRepository(WorkOrderEntity).countBy({ firmId })) + (await db.ds.getRepository(ParkingFeeEntity).countBy({ compoundId }));
    const e2e = served / e2eSeconds;
    return [
      { case: `ingestion raw ceiling: SQL multi-row upserts of ${orders.length + fees.length} target rows`, value: Math.round(ceiling), unit: 'rows/s', note: `${(ceilingSeconds * 1000).toFixed(0)} ms, ${CHUNK} rows a statement` },
      { case: 'the same rows through TypeORM\'s insert builder (orUpdate)', value: Math.round((orders.length + fees.length) / builderSeconds), unit: 'rows/s', note: `${(builderSeconds * 1000).toFixed(0)} ms` },
      { case: `ingestion end to end: ${served} ERP records (simulator → queue → MySQL)`, value: Math.round(e2e), unit: 'records/s', note: `${e2eSeconds.toFixed(2)} s incl. the first tick; ${rows} rows written` },
      { case: 'ingestion end to end from the first staged page', value: Math.round(served / steadySeconds), unit: 'records/s', note: `${steadySeconds.toFixed(2)} s` },
      // Like for like: the same records to the same rows, ceiling time over end-to-end time.
      { case: 'ingestion end to end / raw ceiling (same records, same rows)', value: Math.round((1000 * ceilingSeconds) / steadySeconds) / 10, unit: '%', note: `target ≥ 50; ceiling ${Math.round(served / ceilingSeconds)} records/s` },
    ];
  } finally {
    await worker?.stop();
    await db?.ds.destroy();
    await ceilingDb?.ds.destroy();
    await sim.stop();
    await env.cleanup();
    await ceilingEnv.cleanup();
    delete process.env[TOKEN_VAR];
  }
}

runStandalone(module, () => runIngestionBench({ records: Number(process.env.BENCH_INGEST_RECORDS ?? 30_000) }));
