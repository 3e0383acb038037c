import { createLogger, Loaders, openSubgraphDatabase, uuidv7, type Database, type RequestContext } from '@hub/platform';
import { testEnvironment } from '@hub/platform/dist/testing';
import { propertySubgraph } from '@hub/property';
import { PropertyFirmEntity } from '@hub/property/dist/firms/property-firm.entity';
import { ServiceContractEntity } from '@hub/property/dist/contracts/service-contract.entity';
import { WorkOrderEntity } from '@hub/property/dist/work-orders/work-order.entity';
import { listWorkOrders, workOrdersOfCompound, workOrdersOfFirm } from '@hub/property/dist/work-orders/work-orders.service';
import { runStandalone, timed, median, type BenchRow } from './feature-bench';

/**
 * Work-order listing for a firm serving 200 compounds, on MariaDB/MySQL: 100 orders in each
 * (20,000), a firm's token listing pages of 100 across all its compounds and within one, the
 * first 20 of every one of its compounds in one request (Compound.workOrders under a list of 200)
 * and PropertyFirm.workOrders(first: 100). Run
 * after `npm run build`: `node -r @swc-node/register bench/property-work-orders.ts`.
 */
const STATUSES = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'CANCELLED'] as const;

export async function runPropertyWorkOrdersBench(options: { compounds?: number; perCompound?: number; runs?: number } = {}): Promise<BenchRow[]> {
  const compounds = options.compounds ?? 200;
  const perCompound = options.perCompound ?? 100;
  const runs = options.runs ?? 9;
  const env = testEnvironment();
  let db: Database | null = null;
  try {
    db = await openSubgraphDatabase(propertySubgraph, env.config);
    const firmId = uuidv7();
    await db.ds.getRepository(PropertyFirmEntity).insert({ id: firmId, name: '基准物业', creditCode: '91330203MA2CJ8QW1M' });
    const compoundIds = Array.from({ length: compounds }, () => uuidv7());
    await db.ds.getRepository(ServiceContractEntity).insert(
      compoundIds.map((compoundId) => ({ id: uuidv7(), compoundId, firmId, model: 'STANDARD' as const, startsOn: '2026-01-01', endsOn: null, feeFenPerM2Month: 100, status: 'ACTIVE' as const })),
    );
    const now = Date.now();
    const rows: Partial<WorkOrderEntity>[] = [];
    for (let i = 0; i < compounds * perCompound; i++) {
      const status = STATUSES[i % STATUSES.length];
      rows.push({
        id: uuidv7(),
        compoundId: compoundIds[i % compounds],
        firmId,
        source: 'ERP' as const,
        sourceRef: `${firmId}:${i}`,
        requestId: null,
        category: ['REPAIR', 'CLEANING', 'SECURITY', 'GREENING'][i % 4],
        priority: 'NORMAL' as const,
        description: `工单 ${i}`,
        place: null,
        photoUrls: [],
        status,
        assigneeName: null,
        assigneePersonId: null,
        dueAt: new Date(now + 72 * 3600_000),
        startedAt: null,
        completedAt: status === 'COMPLETED' ? new Date(now) : null,
        completionPhotoUrls: null,
        resolutionNote: null,
      });
    }
    const insert = await timed(async () => {
      for (let i = 0; i < rows.length; i += 2000) await db!.ds.getRepository(WorkOrderEntity).insert(rows.slice(i, i + 2000));
    });
    const ctx = (): RequestContext => ({
      requestId: 'bench',
      claims: { sub: 'bench-firm', role: 'PROPERTY_FIRM', firm: firmId },
      loaders: new Loaders(),
      ds: db!.ds,
      config: env.config,
      log: createLogger('bench', 'silent'),
    });
    const measure = async (filter: Parameters<typeof listWorkOrders>[1], pageFrom?: string) => {
      await listWorkOrders(ctx(), filter, { first: 100, after: pageFrom }); // warm
      const times: number[] = [];
      let statements = 0;
      let edges = 0;
      for (let r = 0; r < runs; r++) {
        const before = db!.statements.count;
        const t = await timed(() => listWorkOrders(ctx(), filter, { first: 100, after: pageFrom }));
        statements = db!.statements.count - before;
        edges = t.value.edges.length;
        times.push(t.ms);
      }
      return { ms: median(times), statements, edges };
    };
    const all = await measure({});
    const deep = await listWorkOrders(ctx(), {}, { first: 100 });
    const second = await measure({}, deep.pageInfo.endCursor ?? undefined);
    const open = await measure({ status: 'NEW' });
    const one = await measure({ compoundId: compoundIds[17] });
    if (all.edges !== 100 || one.edges !== 100) throw new Error('a page came back short');

    // Compound.workOrders(first: 20) for each of the firm's 200 compounds in one request, as the
    // gateway asks for a page of compounds: every page read in one windowed statement.
    const perCompoundPages = async () => {
      const c = ctx();
      const pages = await Promise.all(compoundIds.map((id) => workOrdersOfCompound(c, id, null, { first: 20 })));
      return pages.reduce((n, p) => n + p.edges.length, 0);
    };
    const timesPages: number[] = [];
    let pagesStatements = 0;
    let pagesEdges = 0;
    await perCompoundPages(); // warm
    for (let r = 0; r < runs; r++) {
      const before = db!.statements.count;
      const t = await timed(perCompoundPages);
      pagesStatements = db!.statements.count - before;
      pagesEdges = t.value;
      timesPages.push(t.ms);
    }
    if (pagesEdges !== compounds * Math.min(20, perCompound)) throw new Error(`per-compound pages came back short: ${pagesEdges}`);
    const firmPage = async () => (await workOrdersOfFirm(ctx(), firmId, null, { first: 100 })).edges.length;
    const timesFirm: number[] = [];
    let firmStatements = 0;
    await firmPage();
    for (let r = 0; r < runs; r++) {
      const before = db!.statements.count;
      const t = await timed(firmPage);
      firmStatements = db!.statements.count - before;
      if (t.value !== 100) throw new Error('the firm page came back short');
      timesFirm.push(t.ms);
    }
    const note = (m: { statements: number }) => `${runs} runs, ${m.statements} statements`;
    return [
      { case: `insert ${rows.length} work orders (2000 a statement)`, value: Math.round(insert.ms), unit: 'ms' },
      { case: `firm with ${compounds} compounds: workOrders(first: 100)`, value: Number(all.ms.toFixed(1)), unit: 'ms (median)', note: note(all) },
      { case: 'the same, second page (after cursor)', value: Number(second.ms.toFixed(1)), unit: 'ms (median)', note: note(second) },
      { case: 'the same, status NEW only', value: Number(open.ms.toFixed(1)), unit: 'ms (median)', note: note(open) },
      { case: 'one compound of the firm, first 100', value: Number(one.ms.toFixed(1)), unit: 'ms (median)', note: note(one) },
      {
        case: `Compound.workOrders(first: 20) for all ${compounds} compounds in one request`,
        value: Number(median(timesPages).toFixed(1)),
        unit: 'ms (median)',
        note: `${runs} runs, ${pagesStatements} statements, ${pagesEdges} orders`,
      },
      { case: 'PropertyFirm.workOrders(first: 100)', value: Number(median(timesFirm).toFixed(1)), unit: 'ms (median)', note: `${runs} runs, ${firmStatements} statements` },
    ];
  } finally {
    await db?.ds.destroy();
    await env.cleanup();
  }
}

runStandalone(module, () => runPropertyWorkOrdersBench());
