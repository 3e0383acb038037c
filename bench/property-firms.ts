import { CompoundScopeEntity, createLogger, Loaders, openSubgraphDatabase, uuidv7, type Claims, type Database, type RequestContext } from '@hub/platform';
import { testEnvironment } from '@hub/platform/dist/testing';
import { propertySubgraph } from '@hub/property';
import { creditCodeProblem } from '@hub/property/dist/firms/credit-code';
import { PropertyFirmEntity } from '@hub/property/dist/firms/property-firm.entity';
import { ServiceContractEntity } from '@hub/property/dist/contracts/service-contract.entity';
import { servedCompounds, signContract } from '@hub/property/dist/contracts/service-contracts.service';
import { filterAccessibleCompounds } from '@hub/property/dist/scope/compound-access';
import { runStandalone, timed, median, type BenchRow } from './feature-bench';

/**
 * Firm scope on MariaDB/MySQL for a firm serving 200 compounds (plus 200 it served until last
 * year and 200 it never served): the scope check over 600 compounds in one request, the firm's
 * served compounds page by page, and signing a contract under the overlap check; and the
 * GB 32100 check on its own. Run after `npm run build`: `node -r @swc-node/register bench/property-firms.ts`.
 */
export async function runPropertyFirmsBench(options: { codes?: number; compounds?: number; runs?: number } = {}): Promise<BenchRow[]> {
  const codes = options.codes ?? 1_000_000;
  const served = options.compounds ?? 200;
  const runs = options.runs ?? 11;

  const samples = ['91350100M000100Y43', '914403001922038216', '91110000600037341L', '91330203MA2CJ8QW1M', '91350100M000100Y44'];
  const check = await timed(() => {
    let valid = 0;
    for (let i = 0; i < codes; i++) if (creditCodeProblem(samples[i % samples.length]) === null) valid++;
    return valid;
  });
  if (check.value !== (codes / samples.length) * 4) throw new Error(`expected ${(codes / samples.length) * 4} valid codes, got ${check.value}`);

  const env = testEnvironment();
  let db: Database | null = null;
  try {
    db = await openSubgraphDatabase(propertySubgraph, env.config);
    const firmId = uuidv7();
    await db.ds.getRepository(PropertyFirmEntity).insert({ id: firmId, name: '基准物业', creditCode: '91350100M000100Y43' });
    const current = Array.from({ length: served }, () => uuidv7());
    const former = Array.from({ length: served }, () => uuidv7());
    const never = Array.from({ length: served }, () => uuidv7());
    const all = [...current, ...former, ...never];
    await db.ds.getRepository(CompoundScopeEntity).insert(all.map((compoundId) => ({ compoundId, regionPath: '330203012003,330203012000,330203000000' })));
    const contract = (compoundId: string, startsOn: string, endsOn: string | null) => ({
      id: uuidv7(),
      compoundId,
      firmId,
      model: 'STANDARD' as const,
      startsOn,
      endsOn,
      feeFenPerM2Month: 80,
      status: 'ACTIVE' as const,
      endReason: null,
    });
    await db.ds.getRepository(ServiceContractEntity).insert([...current.map((c) => contract(c, '2025-01-01', null)), ...former.map((c) => contract(c, '2020-01-01', '2024-12-31'))]);

    const ctxFor = (claims: Claims): RequestContext => ({
      requestId: 'bench',
      claims,
      loaders: new Loaders(),
      ds: db!.ds,
      config: env.config,
      log: createLogger('bench', 'silent'),
    });
    const firm: Claims = { sub: 'bench-firm', role: 'PROPERTY_FIRM', firm: firmId };

    const scopeTimes: number[] = [];
    const scopeStatements: number[] = [];
    for (let r = 0; r < runs; r++) {
      const before = db.statements.count;
      const t = await timed(() => filterAccessibleCompounds(ctxFor(firm), all));
      if (t.value.length !== served) throw new Error(`firm saw ${t.value.length} compounds, expected ${served}`);
      scopeTimes.push(t.ms);
      scopeStatements.push(db.statements.count - before);
    }

    const pageTimes: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t = await timed(async () => {
        const ctx = ctxFor(firm);
        let after: string | null = null;
        let seen = 0;
        for (;;) {
          const page: Awaited<ReturnType<typeof servedCompounds>> = await servedCompounds({ ...ctx, loaders: new Loaders() }, firmId, { first: 100, after });
          seen += page.edges.length;
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        return seen;
      });
      if (t.value !== served) throw new Error(`paged ${t.value} served compounds, expected ${served}`);
      pageTimes.push(t.ms);
    }

    const admin = ctxFor({ sub: 'bench-admin', role: 'ADMIN' });
    const signTimes: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t = await timed(() =>
        signContract({ ...admin, loaders: new Loaders() }, { compoundId: never[r], firmId, model: 'STANDARD', startsOn: '2026-01-01', feeFenPerM2Month: 90 }),
      );
      signTimes.push(t.ms);
    }

    return [
      { case: `GB 32100 credit code check over ${codes} codes`, value: Number(((check.ms * 1e6) / codes).toFixed(1)), unit: 'ns a code', note: `${Math.round(check.ms)} ms in all` },
      {
        case: `firm scope over ${all.length} compounds in one request (${served} served now)`,
        value: Number(median(scopeTimes).toFixed(1)),
        unit: 'ms (median)',
        note: `${runs} runs, ${median(scopeStatements)} statement(s) per request`,
      },
      { case: `PropertyFirm.compounds, all ${served} in pages of 100`, value: Number(median(pageTimes).toFixed(1)), unit: 'ms (median)', note: `${runs} runs` },
      { case: 'signServiceContract with the overlap check and its event', value: Number(median(signTimes).toFixed(1)), unit: 'ms (median)', note: `${runs} runs` },
    ];
  } finally {
    await db?.ds.destroy();
    await env.cleanup();
  }
}

runStandalone(module, () => runPropertyFirmsBench());
