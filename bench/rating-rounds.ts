import { ANONYMOUS, CompoundScopeEntity, createLogger, Loaders, openSubgraphDatabase, OutboxEvent, uuidv7, type Claims, type RequestContext } from '@hub/platform';
import { testEnvironment } from '@hub/platform/dist/testing';
import { ratingSubgraph } from '@hub/rating';
import { ContractProjectionEntity } from '@hub/rating/dist/scope/contract-projection.entity';
import { RaterEntity, RoundCompoundEntity } from '@hub/rating/dist/rounds/rating-round.entity';
import { ScoreSheetEntity } from '@hub/rating/dist/scores/score-sheet.entity';
import { createScheme } from '@hub/rating/dist/schemes/rating-schemes.service';
import { closeRound, openRound, publishRound } from '@hub/rating/dist/rounds/rating-rounds.service';
import { ranking } from '@hub/rating/dist/results/rating-results.service';
import { DEMO_REGIONS } from '../scripts/demo-data';
import { runStandalone, timed, type BenchRow } from './feature-bench';

/**
 * A district round at scale, on MariaDB/MySQL, through the rating services themselves: opening
 * a round over 3,000 compounds under contract, closing it (computing every compound's result
 * from six sheets each: 18,000 sheets) and publishing it (ranking, red/black list, one
 * RatingPublished and one partner log entry per result, all in one transaction, with the number
 * of SQL statements it ran), then reading the first page of the ranking. Run after `npm run build`:
 * `node -r @swc-node/register bench/rating-rounds.ts`.
 */
const INDICATORS = ['CLEANING', 'SECURITY', 'GREENING', 'REPAIRS', 'PARKING', 'ATTITUDE', 'EMERGENCY'];
const GROUPS = ['OWNERS_COMMITTEE', 'OWNERS_COMMITTEE', 'OWNERS_COMMITTEE', 'OWNER_REPRESENTATIVES', 'OWNER_REPRESENTATIVES', 'COMMUNITY'] as const;

export async function runRatingRoundsBench(options: { compounds?: number } = {}): Promise<BenchRow[]> {
  const n = options.compounds ?? 3_000;
  const env = testEnvironment({ LOG_LEVEL: 'silent' });
  const db = await openSubgraphDatabase(ratingSubgraph, env.config);
  const admin: Claims = { ...ANONYMOUS, sub: 'bench-admin', role: 'ADMIN' };
  const ctx = (): RequestContext => ({ requestId: uuidv7(), claims: admin, loaders: new Loaders(), ds: db.ds, config: env.config, log: createLogger('bench', 'silent') });
  const rows: BenchRow[] = [];
  try {
    const district = DEMO_REGIONS.haishu;
    const compounds = Array.from({ length: n }, () => uuidv7());
    const chunked = async <T>(items: T[], save: (part: T[]) => Promise<unknown>) => {
      for (let i = 0; i < items.length; i += 1_000) await save(items.slice(i, i + 1_000));
    };
    await chunked(compounds, (part) => db.ds.getRepository(CompoundScopeEntity).insert(part.map((compoundId) => ({ compoundId, regionPath: [DEMO_REGIONS.dongfang, DEMO_REGIONS.shiqi, district].join(',') }))));
    const firms = Array.from({ length: 40 }, () => uuidv7());
    await chunked(compounds, (part) =>
      db.ds.getRepository(ContractProjectionEntity).insert(part.map((compoundId, i) => ({ id: uuidv7(), compoundId, firmId: firms[i % firms.length], model: 'STANDARD', startsOn: '2025-01-01', endsOn: null, status: 'ACTIVE' }))),
    );
    await createScheme(ctx(), {
      districtCode: district,
      name: 'bench',
      indicators: INDICATORS.map((code, i) => ({ code, name: code, weightBasisPoints: i < 3 ? 2_000 : 1_000 })),
      groups: [
        { group: 'OWNERS_COMMITTEE', proportionBasisPoints: 4_000, minRaters: 3 },
        { group: 'OWNER_REPRESENTATIVES', proportionBasisPoints: 3_000, minRaters: 2 },
        { group: 'COMMUNITY', proportionBasisPoints: 3_000, minRaters: 1 },
      ],
      incompleteGroupRule: 'REDISTRIBUTE',
      listRule: { kind: 'SHARE', red: 1_000, black: 1_000 },
    });

    const opened = await timed(() => openRound(ctx(), { districtCode: district, period: '2026-Q4' }));
    rows.push({ case: `openRound, ${n} compounds under contract`, value: Math.round(opened.ms), unit: 'ms' });
    const roundId = opened.value.id;

    // Sheets straight into the table: the submission path is one request per sheet and measured elsewhere.
    const sheets = compounds.flatMap((compoundId, c) =>
      GROUPS.map((group, g) => ({
        id: uuidv7(),
        roundId,
        compoundId,
        raterSub: `rater-${c}-${g}`,
        raterGroup: group,
        scores: Object.fromEntries(INDICATORS.map((code, i) => [code, 50 + ((c * 31 + g * 17 + i * 7) % 51)])),
      })),
    );
    await chunked(sheets, (part) => db.ds.getRepository(RaterEntity).insert(part.map((s) => ({ id: uuidv7(), roundId, compoundId: s.compoundId, raterSub: s.raterSub, raterGroup: s.raterGroup }))));
    await chunked(sheets, (part) => db.ds.getRepository(ScoreSheetEntity).insert(part));

    const closed = await timed(() => closeRound(ctx(), roundId));
    rows.push({ case: `closeRound: compute ${n} results from ${sheets.length} sheets`, value: Math.round(closed.ms), unit: 'ms' });
    const statementsBefore = db.statements.count;
    const published = await timed(() => publishRound(ctx(), roundId));
    rows.push({
      case: `publishRound: rank, red/black list, ${n} RatingPublished + partner log entries`,
      value: Math.round(published.ms),
      unit: 'ms',
      note: `${db.statements.count - statementsBefore} SQL statements`,
    });
    const events = await db.ds.getRepository(OutboxEvent).countBy({ topic: 'RatingPublished' });
    const rated = await db.ds.getRepository(RoundCompoundEntity).countBy({ roundId, outcome: 'RATED' });
    if (events !== n || rated !== n) throw new Error(`expected ${n} rated compounds and events, got ${rated} and ${events}`);

    const before = db.statements.count;
    const page = await timed(() => ranking(ctx(), district, '2026-Q4', { first: 100 }));
    rows.push({ case: 'ratingRanking(first: 100) of the district', value: Math.round(page.ms * 10) / 10, unit: 'ms', note: `${db.statements.count - before} SQL statement(s)` });
    return rows;
  } finally {
    await db.ds.destroy();
    await env.cleanup();
  }
}

runStandalone(module, () => runRatingRoundsBench());
