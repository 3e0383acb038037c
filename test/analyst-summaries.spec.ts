import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANONYMOUS, CompoundScopeEntity, createLogger, Loaders, openSubgraphDatabase, splitByMonth, transaction, uuidv7, type Claims, type Database, type RequestContext } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/dist/testing';
import { communitySubgraph, seedCommunityDemo } from '../subgraphs/community/src';
import { CompoundEntity } from '../subgraphs/community/src/compounds/compound.entity';
import { ResidentRequestEntity } from '../subgraphs/community/src/requests/resident-request.entity';
import { applySelfAction, applyTransition, fileRequest } from '../subgraphs/community/src/requests/requests.service';
import { lanes, LANES, rawRequestFigures, requestFigures, summaryRequestFigures, yearsWithin } from '../subgraphs/community/src/requests/request-stats';
import type { TransitionAction } from '../subgraphs/community/src/requests/lifecycle';
import { bucketRange, rebuildRequestSummaries, resolveBucket } from '../subgraphs/community/src/stats/request-summary';
import { financeSubgraph } from '../subgraphs/finance/src';
import { ensureAccount, ledgerTransaction, postEntry } from '../subgraphs/finance/src/ledger/ledger.service';
import { movementsByCategory, movementsByRegion } from '../subgraphs/finance/src/stats/stats.service';
import { postingScopeEvents, rebuildPostingRegionSummary } from '../subgraphs/finance/src/stats/posting-region-summary';
import { CompoundContractEntity } from '../subgraphs/community/src/contracts/compound-contract.entity';
import { StatementEntity } from '../subgraphs/finance/src/statements/statement.entity';
import { isOverdue, monthsWithin, parsePeriod } from '../subgraphs/finance/src/statements/period';
import { AuditSignOffEntity } from '../subgraphs/finance/src/audits/audit-sign-off.entity';
import { AuditFindingEntity } from '../subgraphs/finance/src/audits/audit-finding.entity';
import { rebuildStatementAudits } from '../subgraphs/finance/src/audits/statement-audit';
import { signOffStatement } from '../subgraphs/finance/src/audits/audits.service';
import { auditStatus, type AuditorRole } from '../subgraphs/finance/src/audits/audit-status';
import { IncentivePayoutEntity } from '../subgraphs/finance/src/incentives/incentive-payout.entity';
import { community as demoCommunity, DEMO_IDS, DEMO_REGIONS } from '../scripts/demo-data';
import { startHub, type Hub } from '../scripts/hub';
import { gql, tokenFor } from './client';

/**
 * The request figures' summaries (docs/adr/0006-analyst-summaries.md): kept in step by every
 * write, rebuilt to the same rows, and answering exactly what the requests themselves answer.
 */
let env: TestEnvironment;
let db: Database;

beforeAll(async () => {
  env = testEnvironment();
  db = await openSubgraphDatabase(communitySubgraph, env.config);
  // the demo's requests are filed and walked through their steps by the services
  await seedCommunityDemo(db.ds, demoCommunity);
});

afterAll(async () => {
  await db?.ds.destroy();
  await env?.cleanup();
});

const summaries = async () => ({
  summary: await db.ds.query('SELECT regionCode, month, category, state, total, resolved, onTime, rated, satisfactionSum, escalated, escalations, reachedStreet FROM request_summary WHERE total <> 0 ORDER BY regionCode, month, category, state'),
  histogram: await db.ds.query('SELECT regionCode, month, category, bucket, requests FROM request_resolve_histogram WHERE requests <> 0 ORDER BY regionCode, month, category, bucket'),
  years: await db.ds.query('SELECT regionCode, year, category, bucket, requests FROM request_resolve_year_histogram WHERE requests <> 0 ORDER BY regionCode, year, category, bucket'),
});

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const DAY = 86_400_000;

const REQUEST_CATEGORIES = ['REPAIR', 'DISPUTE', 'OWNERS_MATTER', 'GAS', 'WATER'];
const REQUEST_STATES = ['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'CLOSED', 'REOPENED'] as const;

/** Requests of 2026 spread over the compounds, as a bulk load writes them (around the services). */
function bulkRequests(compounds: CompoundEntity[], n: number, random: () => number) {
  const categories = REQUEST_CATEGORIES;
  const states = REQUEST_STATES;
  return Array.from({ length: n }, (_, i) => {
    const c = compounds[i % compounds.length];
    const state = states[Math.floor(random() * states.length)];
    const resolved = state === 'RESOLVED' || state === 'CLOSED';
    // many equal times, as whole hours are common, and a long tail
    const resolveSeconds = resolved ? (random() < 0.3 ? 3600 * Math.floor(random() * 72) : Math.floor(random() ** 3 * 40 * 86_400)) : null;
    const escalations = random() < 0.2 ? Math.floor(random() * 3) : 0;
    return {
      id: uuidv7(),
      compoundId: c.id,
      communityCode: c.communityCode,
      streetCode: c.streetCode,
      districtCode: c.districtCode,
      unitId: null,
      reporterId: `bulk-${i}`,
      clientRequestId: null,
      category: categories[Math.floor(random() * categories.length)],
      description: '批量诉求',
      place: null,
      photoUrls: [],
      state,
      level: escalations === 2 ? ('STREET' as const) : escalations === 1 ? ('COMMUNITY' as const) : ('COMPOUND' as const),
      responsible: 'PROPERTY_FIRM' as const,
      slaSeconds: 72 * 3600,
      submittedAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365 * DAY)),
      dueAt: null,
      nextActionAt: null,
      dispatchedAt: null,
      resolvedAt: null,
      closedAt: null,
      resolveSeconds,
      onTime: resolved ? resolveSeconds! <= 72 * 3600 : null,
      escalations,
      reopenCount: 0,
      satisfaction: state === 'CLOSED' && random() < 0.7 ? 1 + Math.floor(random() * 5) : null,
      feedback: null,
    };
  });
}

describe('resolution-time buckets', () => {
  it('are the exact inverse of their ranges and grow with the time', () => {
    let previous = -1;
    for (const seconds of [0, 59, 60, 959, 960, 1079, 1080, 3599, 86_399, 259_200, 2_000_000, 40_000_000]) {
      const b = resolveBucket(seconds);
      const [low, high] = bucketRange(b);
      expect(seconds).toBeGreaterThanOrEqual(low);
      expect(seconds).toBeLessThan(high);
      expect(b).toBeGreaterThanOrEqual(previous);
      previous = b;
    }
    for (let b = 1; b < 200; b++) expect(bucketRange(b)[0]).toBe(bucketRange(b - 1)[1]);
    expect(resolveBucket(-5)).toBe(0);
  });
});

describe('whole years within a run of months', () => {
  it('are read from the yearly histogram, and only the months around them from the monthly one', () => {
    expect(yearsWithin('2026-01', '2027-01')).toEqual({ years: ['2026'], around: [] });
    expect(yearsWithin('2026-01', '2026-12')).toEqual({ years: [], around: [['2026-01', '2026-12']] });
    expect(yearsWithin('2026-02', '2027-01')).toEqual({ years: [], around: [['2026-02', '2027-01']] });
    expect(yearsWithin('2025-12', '2027-02')).toEqual({ years: ['2026'], around: [['2025-12', '2026-01'], ['2027-01', '2027-02']] });
    expect(yearsWithin('2025-01', '2027-01')).toEqual({ years: ['2025', '2026'], around: [] });
    expect(yearsWithin('2026-04', '2026-07')).toEqual({ years: [], around: [['2026-04', '2026-07']] });
  });
});

describe('lanes of work read side by side', () => {
  it('keep every item once, in order, in at most LANES groups of about equal weight', () => {
    const weight = (n: number) => n;
    expect(lanes([], weight)).toEqual([]);
    expect(lanes([7], weight)).toEqual([[7]]);
    expect(lanes([1, 1, 1, 1], weight)).toEqual([[1, 1], [1, 1]]);
    expect(lanes([10, 1, 1], weight)).toEqual([[10], [1, 1]]);
    expect(lanes([1, 1, 10], weight)).toEqual([[1, 1], [10]]);
    expect(lanes([0, 0, 0], weight)).toEqual([[0, 0, 0]]);
    const items = Array.from({ length: 50 }, (_, i) => (i * 37) % 11);
    const split = lanes(items, weight);
    expect(split.length).toBeLessThanOrEqual(LANES);
    expect(split.flat()).toEqual(items);
    const loads = split.map((lane) => lane.reduce((a, b) => a + b, 0));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(Math.max(...items));
  });
});

describe('request summaries', () => {
  it('are kept in step by filing, every lifecycle step and escalation, as a rebuild from the requests finds them', async () => {
    const random = prng(8);
    const compounds = await db.ds.getRepository(CompoundEntity).findBy([{ id: DEMO_IDS.mengda }, { id: DEMO_IDS.guangchangShangsha }]);
    expect(compounds).toHaveLength(2);
    const walks: TransitionAction[][] = [
      [],
      ['ACCEPT'],
      ['ACCEPT', 'DISPATCH', 'START', 'RESOLVE'],
      ['ACCEPT', 'DISPATCH', 'START', 'RESOLVE', 'CLOSE'],
      ['ACCEPT', 'DISPATCH', 'START', 'RESOLVE', 'REOPEN', 'START', 'RESOLVE', 'CLOSE'],
      ['ACCEPT', 'DISPATCH', 'RETURN', 'DISPATCH', 'START'],
    ];
    for (let i = 0; i < 60; i++) {
      await transaction(db.ds, async (manager) => {
        const submittedAt = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 300 * DAY));
        let r = await fileRequest(
          manager,
          compounds[i % 2],
          { reporterId: `summary-reporter-${i}`, clientRequestId: null, category: ['REPAIR', 'DISPUTE', 'GAS'][i % 3], description: '楼道灯不亮', photoUrls: [] },
          submittedAt,
        );
        let at = submittedAt.getTime();
        for (const action of walks[i % walks.length]) {
          at += Math.floor(random() * 5 * DAY);
          if (random() < 0.2 && r.level !== 'STREET' && r.state !== 'RESOLVED' && r.state !== 'CLOSED') {
            expect(await applySelfAction(manager, r, 'ESCALATE', new Date(at))).toBe(true);
            r = (await manager.findOneByOrFail(ResidentRequestEntity, { id: r.id }))!;
          }
          r = await applyTransition(manager, r, action, { role: 'OFFICIAL', id: null }, { satisfaction: action === 'CLOSE' ? 1 + (i % 5) : null, feedback: action === 'REOPEN' ? '没修好' : null }, new Date(at));
        }
      });
    }
    // what the summaries answer, before any rebuild, is what the requests answer
    const year: [Date, Date] = [new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')];
    for (const region of [
      { code: DEMO_REGIONS.shiqi, level: 'STREET' as const },
      { code: DEMO_REGIONS.haishu, level: 'DISTRICT' as const },
    ]) {
      const expected = await rawRequestFigures(db.ds, region, ...year);
      expect(expected.resolution.resolved).toBeGreaterThan(5);
      expect(await summaryRequestFigures(db.ds, region, ...year)).toEqual(expected);
    }
    const kept = await summaries();
    expect(kept.summary.length).toBeGreaterThan(10);
    expect(kept.histogram.length).toBeGreaterThan(10);
    // the yearly histogram, kept by the same writes, is the monthly one summed by year
    const byYear = new Map<string, number>();
    for (const h of kept.histogram as Array<{ regionCode: string; month: string; category: string; bucket: number; requests: number }>) {
      const key = `${h.regionCode}|${h.month.slice(0, 4)}|${h.category}|${h.bucket}`;
      byYear.set(key, (byYear.get(key) ?? 0) + Number(h.requests));
    }
    expect(kept.years.length).toBeGreaterThan(5);
    expect(new Map((kept.years as Array<{ regionCode: string; year: string; category: string; bucket: number; requests: number }>).map((y) => [`${y.regionCode}|${y.year}|${y.category}|${y.bucket}`, Number(y.requests)]))).toEqual(byYear);
    await rebuildRequestSummaries(db.ds);
    expect(await summaries()).toEqual(kept);
  });

  it('answer exactly what the requests answer, for whole months, partial months and every level', async () => {
    const random = prng(2026);
    const compounds = await db.ds.getRepository(CompoundEntity).find();
    const rows = bulkRequests(compounds, 6000, random);
    for (let i = 0; i < rows.length; i += 1000) await db.ds.getRepository(ResidentRequestEntity).insert(rows.slice(i, i + 1000));
    const year: [Date, Date] = [new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')];
    const street = { code: DEMO_REGIONS.shiqi, level: 'STREET' as const };

    // A bulk load bypasses the services, so it is followed by a rebuild.
    await rebuildRequestSummaries(db.ds);

    const regions = [
      street,
      { code: DEMO_REGIONS.haishu, level: 'DISTRICT' as const },
      { code: DEMO_REGIONS.dongfang, level: 'COMMUNITY' as const },
      { code: DEMO_REGIONS.yuehu, level: 'STREET' as const },
    ];
    const periods: [Date, Date][] = [
      year,
      [new Date('2026-04-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z')],
      [new Date('2026-02-10T05:00:00Z'), new Date('2026-07-20T13:30:00Z')],
      [new Date('2026-03-03T00:00:00Z'), new Date('2026-03-29T00:00:00Z')],
      [new Date('2025-11-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z')],
      // a whole year from the yearly histogram with months on both sides from the monthly one
      [new Date('2025-12-01T00:00:00Z'), new Date('2027-01-20T00:00:00Z')],
      [new Date('2025-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')],
    ];
    let resolvedSeen = 0;
    for (const region of regions) {
      for (const [from, to] of periods) {
        const expected = await rawRequestFigures(db.ds, region, from, to);
        expect(await requestFigures(db.ds, region, from, to)).toEqual(expected);
        // not by falling back to the requests: the summaries' own answer is the same
        if (splitByMonth(from, to).months && region.level !== 'COMMUNITY') expect(await summaryRequestFigures(db.ds, region, from, to)).toEqual(expected);
        resolvedSeen += expected.resolution.resolved;
      }
    }
    expect(resolvedSeen).toBeGreaterThan(1000);

    // and whole months really are read from the summary: a count changed there shows
    const changed = await db.ds.query('UPDATE request_summary SET rated = rated + 1000 WHERE regionCode = ? AND month = ?', [street.code, '2026-05']);
    expect(changed.affectedRows).toBeGreaterThan(0);
    const raw = await rawRequestFigures(db.ds, street, ...year);
    expect((await requestFigures(db.ds, street, ...year)).resolution.rated).toBe(raw.resolution.rated + 1000 * changed.affectedRows);
    // a histogram behind its requests is noticed, and the requests answer: for a whole year the yearly one
    await db.ds.query('DELETE FROM request_resolve_year_histogram WHERE regionCode = ?', [street.code]);
    expect(await summaryRequestFigures(db.ds, street, ...year)).toBeNull();
    // (a quarter still reads the monthly one; its counts carry the change made above, its percentiles do not)
    const quarter: [Date, Date] = [new Date('2026-04-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z')];
    const percentiles = (f: Awaited<ReturnType<typeof rawRequestFigures>> | null) => f && [f.resolution, ...f.byCategory.map((c) => c.resolution)].map((r) => [r.medianSeconds, r.p90Seconds]);
    expect(percentiles(await summaryRequestFigures(db.ds, street, ...quarter))).toEqual(percentiles(await rawRequestFigures(db.ds, street, ...quarter)));
    await db.ds.query('DELETE FROM request_resolve_histogram WHERE regionCode = ?', [street.code]);
    expect(await summaryRequestFigures(db.ds, street, ...quarter)).toBeNull();
    await rebuildRequestSummaries(db.ds);
    expect(await requestFigures(db.ds, street, ...year)).toEqual(await rawRequestFigures(db.ds, street, ...year));
  });
});

describe('posting region summary', () => {
  let finance: Database;
  beforeAll(async () => {
    finance = await openSubgraphDatabase(financeSubgraph, env.config);
  });
  afterAll(async () => {
    await finance?.ds.destroy();
  });

  it('is kept by every entry booked and by late or changed scopes, and answers what the postings answer, for whole and partial months at every level', async () => {
    const random = prng(278);
    // The fourth compound's scope arrives after some of its entries, then it moves to another district.
    const compounds = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const paths = [`${DEMO_REGIONS.dongfang},${DEMO_REGIONS.shiqi},${DEMO_REGIONS.haishu}`, `${DEMO_REGIONS.jinli},${DEMO_REGIONS.shiqi},${DEMO_REGIONS.haishu}`, `330203001001,${DEMO_REGIONS.yuehu},${DEMO_REGIONS.haishu}`];
    const late = compounds[3];
    const latePath = [DEMO_REGIONS.yingfeng, DEMO_REGIONS.yuehu, DEMO_REGIONS.haishu];
    const movedPath = [DEMO_REGIONS.zijun, DEMO_REGIONS.panhuo, DEMO_REGIONS.yinzhou];
    await finance.ds.getRepository(CompoundScopeEntity).insert(paths.map((regionPath, i) => ({ compoundId: compounds[i], regionPath })));
    const register = (compoundId: string, regionPath: string[]) =>
      transaction(finance.ds, (manager) =>
        postingScopeEvents.CompoundRegistered!({ ds: finance.ds } as never, manager, { id: uuidv7(), topic: 'CompoundRegistered', aggregateId: compoundId, occurredAt: new Date().toISOString(), payload: { compoundId, name: 'spec', regionPath } }),
      );
    const accounts = await ledgerTransaction(finance.ds, async (manager) =>
      Promise.all(
        compounds.map(async (c) => ({
          bank: (await ensureAccount(manager, c, 'BANK')).id,
          revenue: (await ensureAccount(manager, c, 'PUBLIC_REVENUE')).id,
          fund: (await ensureAccount(manager, c, 'MAINTENANCE_FUND')).id,
        })),
      ),
    );
    // Opening balances before the periods asked, so that spending never overdraws a fund.
    for (const [k, a] of accounts.entries()) {
      await ledgerTransaction(finance.ds, (manager) =>
        postEntry(manager, {
          compoundId: compounds[k],
          kind: 'OPENING_BALANCE',
          bookedAt: new Date('2025-12-31T12:00:00Z'),
          sourceReference: `summary-spec-opening-${k}`,
          description: 'spec',
          postings: [
            { accountId: a.bank, amountFen: 2_000_000, category: 'OPENING_BALANCE' },
            { accountId: a.revenue, amountFen: -1_000_000, category: 'OPENING_BALANCE' },
            { accountId: a.fund, amountFen: -1_000_000, category: 'OPENING_BALANCE' },
          ],
          closedPeriod: 'REFUSE',
        }),
      );
    }
    const start = Date.UTC(2026, 0, 1);
    const dates = Array.from({ length: 320 }, () => start + Math.floor(random() * 300 * DAY)).sort((a, b) => a - b);
    const book = async (i: number, at: number) => {
      const k = i % compounds.length;
      const a = accounts[k];
      const amount = 100 + Math.floor(random() * 50_000);
      const spend = i > 30 && random() < 0.25;
      const fund = random() < 0.3 ? a.fund : a.revenue;
      const category = spend ? ['REPAIR', 'CLEANING', 'REVENUE_COST'][i % 3] : ['PARKING', 'ADVERTISING', 'ROOM_RENTAL'][i % 3];
      await ledgerTransaction(finance.ds, (manager) =>
        postEntry(manager, {
          compoundId: compounds[k],
          kind: spend ? 'SPENDING' : 'REVENUE',
          bookedAt: new Date(at),
          sourceReference: `summary-spec-${i}`,
          description: 'spec',
          postings: spend
            ? [
                { accountId: fund, amountFen: Math.floor(amount / 10), category },
                { accountId: a.bank, amountFen: -Math.floor(amount / 10), category },
              ]
            : [
                { accountId: a.bank, amountFen: amount, category },
                { accountId: fund, amountFen: -amount, category },
              ],
          closedPeriod: 'REFUSE',
        }),
      );
    };

    const snapshot = () => finance.ds.query('SELECT regionCode, month, accountKind, category, amountFen, postings FROM posting_region_summary WHERE postings <> 0 ORDER BY regionCode, month, accountKind, category');
    const ctx = { ds: finance.ds } as RequestContext;
    const raw = async (code: string, from: Date, to: Date) =>
      (
        await finance.ds.query(
          `SELECT p.category AS category, SUM(p.amountFen) AS net FROM posting p JOIN account a ON a.id = p.accountId JOIN compound_scope s ON s.compoundId = p.compoundId
           WHERE s.regionPath LIKE ? AND a.kind IN ('PUBLIC_REVENUE', 'MAINTENANCE_FUND') AND p.bookedAt >= ? AND p.bookedAt < ? GROUP BY p.category HAVING SUM(p.amountFen) <> 0`,
          [`%${code}%`, from, to],
        )
      )
        .map((r: { category: string; net: string | number }) => ({ category: r.category, net: String(r.net) }))
        .sort((x: { category: string }, y: { category: string }) => x.category.localeCompare(y.category));
    const sorted = (rows: { category: string; net: string }[]) => rows.filter((r) => r.net !== '0').sort((x, y) => x.category.localeCompare(y.category));
    const levels = [DEMO_REGIONS.haishu, DEMO_REGIONS.yinzhou, DEMO_REGIONS.shiqi, DEMO_REGIONS.yuehu, DEMO_REGIONS.panhuo, DEMO_REGIONS.dongfang, DEMO_REGIONS.yingfeng, DEMO_REGIONS.zijun];
    const periods = [
      [new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')],
      [new Date('2026-04-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z')],
      [new Date('2026-02-10T05:00:00Z'), new Date('2026-07-20T13:30:00Z')],
      [new Date('2026-03-03T00:00:00Z'), new Date('2026-03-29T00:00:00Z')],
    ] as [Date, Date][];
    /** The summary as kept equals a rebuild, and every region and period answers what the postings answer. */
    const check = async () => {
      const kept = await snapshot();
      await rebuildPostingRegionSummary(finance.ds);
      expect(await snapshot()).toEqual(kept);
      let compared = 0;
      for (const code of levels) {
        for (const [from, to] of periods) {
          const expected = await raw(code, from, to);
          expect(sorted(await movementsByCategory(ctx, code, from, to))).toEqual(expected);
          compared += expected.length;
        }
      }
      return { kept, compared };
    };
    const lateRows = async () => Number((await finance.ds.query("SELECT SUM(postings) AS n FROM posting_region_summary WHERE regionCode IN (?, ?, ?)", [DEMO_REGIONS.yuehu, DEMO_REGIONS.panhuo, DEMO_REGIONS.yinzhou]))[0].n ?? 0);

    // Entries of the fourth compound before its scope arrives count in no region.
    for (const [i, at] of dates.slice(0, 200).entries()) await book(i, at);
    const yuehuBefore = await lateRows();
    const first = await check();
    expect(first.kept.length).toBeGreaterThan(30);
    expect(first.compared).toBeGreaterThan(20);
    expect(await movementsByCategory(ctx, DEMO_REGIONS.yingfeng, ...periods[0])).toEqual([]);

    await register(late, latePath);
    expect(await lateRows()).toBeGreaterThan(yuehuBefore);
    for (const [i, at] of dates.slice(200, 260).entries()) await book(200 + i, at);
    const arrived = await check();
    expect(sorted(await movementsByCategory(ctx, DEMO_REGIONS.yingfeng, ...periods[0])).length).toBeGreaterThan(0);

    // Moved to another district: what it booked leaves Haishu and Yuehu for Yinzhou and Panhuo.
    await register(late, movedPath);
    await register(late, movedPath); // delivered again: nothing moves twice
    for (const [i, at] of dates.slice(260).entries()) await book(260 + i, at);
    const moved = await check();
    expect(sorted(await movementsByCategory(ctx, DEMO_REGIONS.panhuo, ...periods[0])).length).toBeGreaterThan(0);
    expect(sorted(await movementsByCategory(ctx, DEMO_REGIONS.zijun, ...periods[0])).length).toBeGreaterThan(0);
    expect(await movementsByCategory(ctx, DEMO_REGIONS.yingfeng, ...periods[0])).toEqual([]);
    expect(moved.compared).toBeGreaterThan(arrived.compared);

    // Several regions of every level in one call answer as each alone.
    const together = await movementsByRegion(finance.ds, levels, ...periods[2]);
    for (const code of levels) expect(sorted(together.get(code)!)).toEqual(sorted(await movementsByCategory(ctx, code, ...periods[2])));
  });
});

describe('on the SQLite demo database', () => {
  it('keeps and reads the summaries with the same answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-summaries-'));
    const sqlite = testEnvironment({ DATABASE_URL: `sqlite:${dir}` });
    const community = await openSubgraphDatabase(communitySubgraph, sqlite.config);
    const finance = await openSubgraphDatabase(financeSubgraph, sqlite.config);
    try {
      await seedCommunityDemo(community.ds, demoCommunity);
      const compound = await community.ds.getRepository(CompoundEntity).findOneByOrFail({ id: DEMO_IDS.guangchangShangsha });
      for (let i = 0; i < 12; i++) {
        await transaction(community.ds, async (manager) => {
          const at = Date.UTC(2026, i % 10, 3 + i);
          let r = await fileRequest(manager, compound, { reporterId: `sqlite-${i}`, clientRequestId: null, category: i % 2 ? 'REPAIR' : 'GAS', description: '漏水', photoUrls: [] }, new Date(at));
          for (const [k, action] of (['ACCEPT', 'DISPATCH', 'START', 'RESOLVE', 'CLOSE'] as TransitionAction[]).slice(0, i % 6).entries()) {
            r = await applyTransition(manager, r, action, { role: 'OFFICIAL', id: null }, { satisfaction: action === 'CLOSE' ? 4 : null }, new Date(at + (k + 1) * (i + 1) * 3_600_000));
          }
        });
      }
      const street = { code: DEMO_REGIONS.shiqi, level: 'STREET' as const };
      const year: [Date, Date] = [new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')];
      const expected = await rawRequestFigures(community.ds, street, ...year);
      expect(expected.resolution.resolved).toBeGreaterThan(3);
      expect(await summaryRequestFigures(community.ds, street, ...year)).toEqual(expected);
      const kept = await community.ds.query('SELECT * FROM request_summary WHERE total <> 0 ORDER BY regionCode, month, category, state');
      await rebuildRequestSummaries(community.ds);
      expect(await community.ds.query('SELECT * FROM request_summary WHERE total <> 0 ORDER BY regionCode, month, category, state')).toEqual(kept);

      const compoundId = uuidv7();
      await finance.ds.getRepository(CompoundScopeEntity).insert({ compoundId, regionPath: `${DEMO_REGIONS.dongfang},${DEMO_REGIONS.shiqi},${DEMO_REGIONS.haishu}` });
      for (let i = 0; i < 6; i++) {
        await ledgerTransaction(finance.ds, async (manager) => {
          const bank = await ensureAccount(manager, compoundId, 'BANK');
          const revenue = await ensureAccount(manager, compoundId, 'PUBLIC_REVENUE');
          await postEntry(manager, {
            compoundId,
            kind: 'REVENUE',
            bookedAt: new Date(Date.UTC(2026, i, 10)),
            sourceReference: `sqlite-${i}`,
            description: 'spec',
            postings: [
              { accountId: bank.id, amountFen: 1_000 + i, category: 'PARKING' },
              { accountId: revenue.id, amountFen: -(1_000 + i), category: 'PARKING' },
            ],
            closedPeriod: 'REFUSE',
          });
        });
      }
      const ctx = { ds: finance.ds } as RequestContext;
      expect(await movementsByCategory(ctx, DEMO_REGIONS.shiqi, ...year)).toEqual([{ category: 'PARKING', net: String(-(6_000 + 15)) }]);
      expect(await movementsByCategory(ctx, DEMO_REGIONS.shiqi, new Date('2026-02-05T00:00:00Z'), new Date('2026-04-01T00:00:00Z'))).toEqual([{ category: 'PARKING', net: String(-(1_001 + 1_002)) }]);
      // A compound booked before its scope arrives, then moved: the summary's upserts from a
      // grouped read, on SQLite's syntax, keep what a rebuild finds.
      const late = uuidv7();
      await ledgerTransaction(finance.ds, async (manager) => {
        const bank = await ensureAccount(manager, late, 'BANK');
        const revenue = await ensureAccount(manager, late, 'PUBLIC_REVENUE');
        await postEntry(manager, {
          compoundId: late,
          kind: 'REVENUE',
          bookedAt: new Date(Date.UTC(2026, 2, 7)),
          sourceReference: 'sqlite-late',
          description: 'spec',
          postings: [
            { accountId: bank.id, amountFen: 700, category: 'ADVERTISING' },
            { accountId: revenue.id, amountFen: -700, category: 'ADVERTISING' },
          ],
          closedPeriod: 'REFUSE',
        });
      });
      const register = (regionPath: string[]) =>
        transaction(finance.ds, (manager) =>
          postingScopeEvents.CompoundRegistered!({ ds: finance.ds } as never, manager, { id: uuidv7(), topic: 'CompoundRegistered', aggregateId: late, occurredAt: new Date().toISOString(), payload: { compoundId: late, name: 'late', regionPath } }),
        );
      const summary = () => finance.ds.query('SELECT regionCode, month, accountKind, category, amountFen, postings FROM posting_region_summary WHERE postings <> 0 ORDER BY regionCode, month, accountKind, category');
      expect(await movementsByCategory(ctx, DEMO_REGIONS.yuehu, ...year)).toEqual([]);
      await register([DEMO_REGIONS.yingfeng, DEMO_REGIONS.yuehu, DEMO_REGIONS.haishu]);
      expect(await movementsByCategory(ctx, DEMO_REGIONS.yuehu, ...year)).toEqual([{ category: 'ADVERTISING', net: '-700' }]);
      await register([DEMO_REGIONS.zijun, DEMO_REGIONS.panhuo, DEMO_REGIONS.yinzhou]);
      expect(await movementsByCategory(ctx, DEMO_REGIONS.yuehu, ...year)).toEqual([]);
      expect(await movementsByCategory(ctx, DEMO_REGIONS.yinzhou, ...year)).toEqual([{ category: 'ADVERTISING', net: '-700' }]);
      const regionRows = await summary();
      expect(regionRows.length).toBeGreaterThan(6);
      await rebuildPostingRegionSummary(finance.ds);
      expect(await summary()).toEqual(regionRows);
    } finally {
      await community.ds.destroy();
      await finance.ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Several regions in one request (one alias each, as a dashboard of a whole city asks them): the
 * figures are read for all of them at once, in as many statements as for one region, and answer
 * exactly what each region asked alone answers, and what the rows themselves give.
 */
describe('many regions in one request, through the gateway', () => {
  let many: TestEnvironment;
  let hub: Hub;
  const analyst = tokenFor({ sub: 'analyst-many', role: 'ANALYST' });
  const R = DEMO_REGIONS;
  const places = [
    [R.dongfang, R.shiqi, R.haishu],
    [R.jinli, R.shiqi, R.haishu],
    [R.yingfeng, R.yuehu, R.haishu],
    [R.changqingteng, R.minglou, R.yinzhou],
    [R.zijun, R.panhuo, R.yinzhou],
  ];
  // every level, overlapping regions, and one without any compound
  const REGIONS = [R.haishu, R.yinzhou, R.jiangbei, R.shiqi, R.yuehu, R.minglou, R.dongfang, R.zijun];
  const FEW = [R.yinzhou, R.shiqi, R.dongfang];
  const PERIODS = [
    { from: '2026-01-01', to: '2026-12-31' },
    { from: '2026-02-10T05:00:00Z', to: '2026-07-20T13:30:00Z' },
  ];
  const firms = [uuidv7(), uuidv7()];
  let compounds: CompoundEntity[] = [];

  beforeAll(async () => {
    many = testEnvironment();
    hub = await startHub(many.config, { ephemeralPorts: true, workers: false });
    const community = hub.subgraphs.community.ds;
    await seedCommunityDemo(community, { regions: demoCommunity.regions, compounds: [] });
    compounds = Array.from({ length: 20 }, (_, i) => {
      const [communityCode, streetCode, districtCode] = places[i % places.length];
      const none = i % 4 === 0;
      return Object.assign(new CompoundEntity(), {
        id: uuidv7(),
        name: `多区小区${i}`,
        address: `地址${i}`,
        communityCode,
        streetCode,
        districtCode,
        households: 100 + i,
        scatteredHousing: none,
        noOwnersCommittee: none,
        noPropertyFirm: none,
        noMaintenanceFund: none || i % 3 === 0,
      });
    });
    await community.getRepository(CompoundEntity).insert(compounds);
    await community.getRepository(CompoundContractEntity).insert(
      compounds.filter((_, i) => i % 4 !== 0 && i % 5 !== 0).map((c, i) => ({ contractId: uuidv7(), compoundId: c.id, firmId: firms[i % 2], startsOn: '2025-01-01', endsOn: null })),
    );
    const rows = bulkRequests(compounds, 3000, prng(8));
    for (let i = 0; i < rows.length; i += 1000) await community.getRepository(ResidentRequestEntity).insert(rows.slice(i, i + 1000));
    await rebuildRequestSummaries(community);

    const finance = hub.subgraphs.finance.ds;
    await finance.getRepository(CompoundScopeEntity).insert(compounds.map((c) => ({ compoundId: c.id, regionPath: `${c.communityCode},${c.streetCode},${c.districtCode}` })));
    const random = prng(99);
    for (const [k, c] of compounds.entries()) {
      if (k % 5 === 4) continue; // a compound without a ledger
      const [bank, revenue, fund] = await ledgerTransaction(finance, (m) => Promise.all((['BANK', 'PUBLIC_REVENUE', 'MAINTENANCE_FUND'] as const).map((kind) => ensureAccount(m, c.id, kind))));
      for (let e = 0; e < 10; e++) {
        // the first two entries fill both funds, so that spending never overdraws them
        const amount = e < 2 ? 500_000 : 100 + Math.floor(random() * 20_000);
        const spend = e > 3 && random() < 0.3;
        const into = e === 0 ? revenue : e === 1 ? fund : random() < 0.3 ? fund : revenue;
        const category = spend ? ['REPAIR', 'CLEANING', 'REVENUE_COST'][e % 3] : ['PARKING', 'ADVERTISING', 'ROOM_RENTAL'][e % 3];
        const postings = spend
          ? [
              { accountId: into.id, amountFen: Math.floor(amount / 10), category },
              { accountId: bank.id, amountFen: -Math.floor(amount / 10), category },
            ]
          : [
              { accountId: bank.id, amountFen: amount, category },
              { accountId: into.id, amountFen: -amount, category },
            ];
        const bookedAt = new Date(Date.UTC(2026, 0, 1) + Math.floor(((e + random()) / 10) * 300 * DAY));
        await ledgerTransaction(finance, (m) => postEntry(m, { compoundId: c.id, kind: spend ? 'SPENDING' : 'REVENUE', bookedAt, sourceReference: `many-${k}-${e}`, description: 'spec', postings, closedPeriod: 'REFUSE' }));
      }
    }
    // Statements published around the ledger (their content is not what is counted): most months,
    // a quarter for some, a gap for others; audited, in audit, with an open finding, or untouched.
    const statements: Partial<StatementEntity>[] = [];
    for (const [k, c] of compounds.entries()) {
      const periods = k % 6 === 1 ? ['2026-Q1', '2026-04', '2026-05'] : ['2026-01', '2026-02', '2026-03', '2026-05', '2026-06', '2026-07', '2026-08'].slice(0, 3 + (k % 5));
      for (const period of periods) {
        const p = parsePeriod(period);
        statements.push({ id: uuidv7(), compoundId: c.id, period, firstDay: p.firstDay, lastDay: p.lastDay, content: '{}', hash: '0'.repeat(64), publishedAt: p.end, publishedBy: 'committee' });
      }
    }
    await finance.getRepository(StatementEntity).insert(statements);
    const roles: AuditorRole[] = ['COMMUNITY', 'OWNER_REPRESENTATIVE', 'SUPERVISORY_BOARD'];
    const signOffs = statements.flatMap((s, i) => roles.slice(0, [3, 1, 3, 0, 2][i % 5]).map((auditorRole) => ({ id: uuidv7(), statementId: s.id!, auditorRole, auditorId: `auditor-${auditorRole}`, note: null })));
    await finance.getRepository(AuditSignOffEntity).insert(signOffs);
    const findings = statements
      .filter((_, i) => i % 5 === 2 || i % 7 === 3)
      .map((s, i) => ({ id: uuidv7(), statementId: s.id!, compoundId: s.compoundId!, auditorRole: 'COMMUNITY' as const, raisedBy: 'auditor', description: '票据不全', status: i % 2 ? ('RESOLVED' as const) : ('OPEN' as const), resolution: null, resolvedBy: null, resolvedAt: null }));
    await finance.getRepository(AuditFindingEntity).insert(findings);
    // Written around the services, so their audit statuses are rebuilt, as after any bulk load.
    await rebuildStatementAudits(finance);
    await finance.getRepository(IncentivePayoutEntity).insert(
      compounds.slice(0, 12).map((c, i) => ({
        id: uuidv7(),
        ratingResultId: uuidv7(),
        roundId: uuidv7(),
        compoundId: c.id,
        firmId: firms[i % 2],
        period: '2026-Q1',
        scoreCentipoints: 9000,
        shareBasisPoints: 100,
        poolFen: 100_000,
        amountFen: i % 5 === 0 ? 0 : 1_000 * (i + 1),
        scheduleId: null,
        outcome: i % 5 === 0 ? ('NOTHING_DUE' as const) : ('BOOKED' as const),
        reason: '',
        entryId: null,
        publishedAt: new Date(Date.UTC(2026, 3 + (i % 6), 2)),
      })),
    );
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await many?.cleanup();
  });

  const RESOLUTION = 'resolved medianSeconds p90Seconds onTime onTimeShare rated averageSatisfaction escalated escalations reachedStreet';
  const COMMUNITY = `regionCode from to coverage { compounds withOwnersCommittee withPartyBranch withPropertyFirm } threeNoes { id name communityCode }
    requests { regionCode from to total byState { state count } byCategory { category total byState { state count } resolution { ${RESOLUTION} } } resolution { ${RESOLUTION} } }`;
  const FINANCE = `regionCode from to compounds revenueByCategory { category amountFen } costsByCategory { category amountFen } spendingByCategory { category amountFen }
    overdueStatements(first: 100) { totalCount periods edges { node { compoundId periods } } pageInfo { hasNextPage } }
    unauditedStatements(first: 100) { totalCount byStatus { status count } edges { node { statementId compoundId period status } } pageInfo { hasNextPage } }
    incentivesByFirm { firm { id } payouts amountFen }`;
  const aliased = (field: string, selection: string, regions: string[]) =>
    `query($from: String!, $to: String!) { ${regions.map((r, i) => `r${i}: ${field}(regionCode: "${r}", from: $from, to: $to) { ${selection} }`).join('\n')} }`;

  async function ask(query: string, variables: Record<string, unknown>) {
    const { body } = await gql(hub.gateway.url, query, { token: analyst, variables });
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  /** Statements the subgraph ran for one request: the fewest over three tries, as a background read may fall inside one. */
  async function statementsFor(subgraph: 'community' | 'finance', query: string, variables: Record<string, unknown>) {
    let fewest = Infinity;
    for (let t = 0; t < 3; t++) {
      const before = hub.subgraphs[subgraph].statements.count;
      await ask(query, variables);
      fewest = Math.min(fewest, hub.subgraphs[subgraph].statements.count - before);
    }
    return fewest;
  }

  it('answer communityStats of every region as each region asked alone, and as the rows give', async () => {
    const ds = hub.subgraphs.community.ds;
    let resolved = 0;
    for (const period of PERIODS) {
      const together = await ask(aliased('communityStats', COMMUNITY, REGIONS), period);
      for (const [i, code] of REGIONS.entries()) {
        const mine = together[`r${i}`];
        expect((await ask(aliased('communityStats', COMMUNITY, [code]), period)).r0).toEqual(mine);
        const level = code.endsWith('000000') ? 'DISTRICT' : code.endsWith('000') ? 'STREET' : 'COMMUNITY';
        const column = { DISTRICT: 'districtCode', STREET: 'streetCode', COMMUNITY: 'communityCode' }[level];
        expect(mine.requests).toEqual(await rawRequestFigures(ds, { code, level }, new Date(mine.from), new Date(mine.to)));
        const inRegion = compounds.filter((c) => c[column as 'districtCode'] === code);
        expect(mine.coverage.compounds).toBe(inRegion.length);
        expect(mine.threeNoes.map((c: { id: string }) => c.id).sort()).toEqual(inRegion.filter((c) => c.noOwnersCommittee && c.noPropertyFirm && c.noMaintenanceFund).map((c) => c.id).sort());
        resolved += mine.requests.resolution.resolved;
      }
      expect(together.r2).toMatchObject({ coverage: { compounds: 0, withPropertyFirm: 0 }, threeNoes: [], requests: { total: 0, byCategory: [] } });
      expect(together.r0.coverage.withPropertyFirm).toBeGreaterThan(0);
    }
    expect(resolved).toBeGreaterThan(500);
  });

  it('answer financeStats of every region as each region asked alone, and as the rows give', async () => {
    const ds = hub.subgraphs.finance.ds;
    const q = (sql: string, params: unknown[]) => ds.query(sql, params);
    let listed = 0;
    for (const period of PERIODS) {
      const together = await ask(aliased('financeStats', FINANCE, REGIONS), period);
      for (const [i, code] of REGIONS.entries()) {
        const mine = together[`r${i}`];
        expect((await ask(aliased('financeStats', FINANCE, [code]), period)).r0).toEqual(mine);
        const [from, to] = [new Date(mine.from), new Date(mine.to)];
        const scoped: string[] = (await q('SELECT compoundId FROM compound_scope WHERE regionPath LIKE ? ORDER BY compoundId', [`%${code}%`])).map((r: { compoundId: string }) => r.compoundId);
        expect(mine.compounds).toBe(scoped.length);
        // fund movements from the postings themselves
        const moves: { category: string; net: string | number }[] = await q(
          `SELECT p.category AS category, SUM(p.amountFen) AS net FROM posting p JOIN account a ON a.id = p.accountId JOIN compound_scope s ON s.compoundId = p.compoundId
           WHERE s.regionPath LIKE ? AND a.kind IN ('PUBLIC_REVENUE', 'MAINTENANCE_FUND') AND p.bookedAt >= ? AND p.bookedAt < ? GROUP BY p.category`,
          [`%${code}%`, from, to],
        );
        const credit = new Map(moves.map((m) => [m.category, -Number(m.net)]));
        expect(mine.revenueByCategory.map((c: { category: string; amountFen: number }) => [c.category, c.amountFen])).toEqual(
          ['ADVERTISING', 'PARKING', 'ROOM_RENTAL'].filter((c) => credit.get(c)).map((c) => [c, credit.get(c)]),
        );
        expect(mine.spendingByCategory.map((c: { category: string; amountFen: number }) => [c.category, -c.amountFen])).toEqual(
          ['CLEANING', 'REPAIR'].filter((c) => credit.get(c)).map((c) => [c, credit.get(c)]),
        );
        // statements: every month due without one, and those of the period not audited
        const published: { id: string; compoundId: string; period: string }[] = scoped.length ? await q(`SELECT id, compoundId, period FROM statement WHERE compoundId IN (${scoped.map(() => '?').join(', ')})`, scoped) : [];
        const due = monthsWithin(from, to).filter((m) => isOverdue(m, new Date()));
        const overdue = scoped
          .map((compoundId) => ({
            compoundId,
            periods: due
              .filter((m) => !published.some((s) => s.compoundId === compoundId && parsePeriod(s.period).start <= m.start && m.end <= parsePeriod(s.period).end))
              .map((m) => m.label),
          }))
          .filter((o) => o.periods.length);
        expect(mine.overdueStatements).toEqual({
          totalCount: overdue.length,
          periods: overdue.reduce((n, o) => n + o.periods.length, 0),
          edges: overdue.map((node) => ({ node })),
          pageInfo: { hasNextPage: false },
        });
        const unaudited: { statementId: string; compoundId: string; period: string; status: string }[] = [];
        for (const s of published.filter((s) => parsePeriod(s.period).start >= from && parsePeriod(s.period).end <= to).sort((a, b) => (a.id < b.id ? -1 : 1))) {
          const roles = (await q('SELECT auditorRole FROM audit_sign_off WHERE statementId = ?', [s.id])).map((r: { auditorRole: AuditorRole }) => r.auditorRole);
          const found: { status: string }[] = await q('SELECT status FROM audit_finding WHERE statementId = ?', [s.id]);
          const status = auditStatus(roles, found.filter((f) => f.status === 'OPEN').length, found.length);
          if (status !== 'AUDITED') unaudited.push({ statementId: s.id, compoundId: s.compoundId, period: s.period, status });
        }
        expect(mine.unauditedStatements.edges.map((e: { node: unknown }) => e.node)).toEqual(unaudited);
        expect(mine.unauditedStatements.totalCount).toBe(unaudited.length);
        expect(mine.unauditedStatements.byStatus).toEqual(
          ['UNAUDITED', 'IN_AUDIT', 'FINDINGS_OPEN'].map((status) => ({ status, count: unaudited.filter((u) => u.status === status).length })).filter((c) => c.count > 0),
        );
        const payouts: { firmId: string; payouts: string | number; amountFen: string | number }[] = await q(
          `SELECT p.firmId AS firmId, COUNT(*) AS payouts, SUM(p.amountFen) AS amountFen FROM incentive_payout p JOIN compound_scope s ON s.compoundId = p.compoundId
           WHERE s.regionPath LIKE ? AND p.outcome = 'BOOKED' AND p.publishedAt >= ? AND p.publishedAt < ? GROUP BY p.firmId ORDER BY p.firmId`,
          [`%${code}%`, from, to],
        );
        expect(mine.incentivesByFirm).toEqual(payouts.map((p) => ({ firm: { id: p.firmId }, payouts: Number(p.payouts), amountFen: Number(p.amountFen) })));
        listed += overdue.length + unaudited.length;
      }
      expect(together.r2).toMatchObject({ compounds: 0, revenueByCategory: [], overdueStatements: { totalCount: 0 }, unauditedStatements: { totalCount: 0 } });
      expect(new Set(together.r0.unauditedStatements.byStatus.map((c: { status: string }) => c.status))).toEqual(new Set(['UNAUDITED', 'IN_AUDIT', 'FINDINGS_OPEN']));
    }
    expect(listed).toBeGreaterThan(40);
  });

  it('cost as many statements for eight regions as for three', async () => {
    for (const [subgraph, field, selection] of [
      ['community', 'communityStats', COMMUNITY],
      ['finance', 'financeStats', FINANCE],
    ] as const) {
      for (const period of PERIODS) {
        const few = await statementsFor(subgraph, aliased(field, selection, FEW), period);
        expect(few).toBeGreaterThan(0);
        expect(await statementsFor(subgraph, aliased(field, selection, REGIONS), period)).toBe(few);
      }
    }
  });

  it('page the statement lists with the counts of all beside them', async () => {
    const period = PERIODS[0];
    const LISTS = `overdueStatements(first: 100) { totalCount edges { node { compoundId periods } } } unauditedStatements(first: 100) { totalCount edges { node { statementId status } } }`;
    const whole = (await ask(aliased('financeStats', LISTS, [R.haishu]), period)).r0;
    expect(whole.unauditedStatements.totalCount).toBeGreaterThan(5);
    expect(whole.overdueStatements.totalCount).toBeGreaterThan(2);
    for (const list of ['overdueStatements', 'unauditedStatements'] as const) {
      const node = list === 'overdueStatements' ? 'compoundId periods' : 'statementId status';
      const PAGE = `query($r: ID!, $from: String!, $to: String!, $after: String) { financeStats(regionCode: $r, from: $from, to: $to) {
        ${list}(first: 2, after: $after) { totalCount edges { cursor node { ${node} } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`;
      const seen: unknown[] = [];
      let after: string | null = null;
      for (let pages = 0; ; pages++) {
        const page: any = (await ask(PAGE, { r: R.haishu, ...period, after })).financeStats[list];
        expect(page.totalCount).toBe(whole[list].totalCount);
        expect(page.edges.length).toBeLessThanOrEqual(2);
        expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
        seen.push(...page.edges.map((e: { node: unknown }) => e.node));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(whole[list].edges.map((e: { node: unknown }) => e.node));
    }
    // by default a page of 20; a page beyond the cap or a cursor this API did not issue is refused
    const { body } = await gql(hub.gateway.url, `query { financeStats(regionCode: "${R.haishu}", from: "2026-01-01", to: "2026-12-31") { unauditedStatements { totalCount edges { cursor } } } }`, { token: analyst });
    expect(body.data.financeStats.unauditedStatements.edges.length).toBe(Math.min(20, whole.unauditedStatements.totalCount));
    for (const args of ['first: 0', 'first: 101', 'after: "bm90LWEtY3Vyc29y"']) {
      const refused = await gql(hub.gateway.url, `query { financeStats(regionCode: "${R.haishu}", from: "2026-01-01", to: "2026-12-31") { unauditedStatements(${args}) { totalCount } } }`, { token: analyst });
      expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('keep the audit status of a statement that three auditors sign off at the same moment', async () => {
    const ds = hub.subgraphs.finance.ds;
    const admin = { ...ANONYMOUS, sub: 'auditor-admin', role: 'ADMIN' } as Claims;
    const ctx = (): RequestContext => ({ requestId: 'r', claims: admin, loaders: new Loaders(), ds, config: many.config, log: createLogger('test', 'silent') });
    const untouched: { statementId: string }[] = await ds.query(
      "SELECT a.statementId FROM statement_audit a WHERE a.status = 'UNAUDITED' AND NOT EXISTS (SELECT 1 FROM audit_finding f WHERE f.statementId = a.statementId) ORDER BY a.statementId LIMIT 5",
    );
    expect(untouched.length).toBe(5);
    const roles: AuditorRole[] = ['COMMUNITY', 'OWNER_REPRESENTATIVE', 'SUPERVISORY_BOARD'];
    // Without the row lock, each transaction would count only its own sign-off and the last to commit would win.
    await Promise.all(untouched.flatMap(({ statementId }) => roles.map((as) => signOffStatement(ctx(), statementId, as))));
    const kept: { status: string }[] = await ds.query(`SELECT status FROM statement_audit WHERE statementId IN (${untouched.map(() => '?').join(', ')})`, untouched.map((u) => u.statementId));
    expect(kept.map((k) => k.status)).toEqual(untouched.map(() => 'AUDITED'));
  });
});
