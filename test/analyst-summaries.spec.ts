import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompoundScopeEntity, openSubgraphDatabase, transaction, uuidv7, type Database, type RequestContext } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/dist/testing';
import { communitySubgraph, seedCommunityDemo } from '../subgraphs/community/src';
import { CompoundEntity } from '../subgraphs/community/src/compounds/compound.entity';
import { ResidentRequestEntity } from '../subgraphs/community/src/requests/resident-request.entity';
import { applySelfAction, applyTransition, fileRequest } from '../subgraphs/community/src/requests/requests.service';
import { rawRequestFigures, requestFigures, splitByMonth, summaryRequestFigures } from '../subgraphs/community/src/requests/request-stats';
import type { TransitionAction } from '../subgraphs/community/src/requests/lifecycle';
import { bucketRange, rebuildRequestSummaries, resolveBucket } from '../subgraphs/community/src/stats/request-summary';
import { financeSubgraph } from '../subgraphs/finance/src';
import { ensureAccount, ledgerTransaction, postEntry } from '../subgraphs/finance/src/ledger/ledger.service';
import { movementsByCategory } from '../subgraphs/finance/src/stats/stats.service';
import { rebuildPostingSummary } from '../subgraphs/finance/src/stats/posting-summary';
import { community as demoCommunity, DEMO_IDS, DEMO_REGIONS } from '../scripts/demo-data';

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

  it('split a period into whole UTC months and the partial months around them', () => {
    expect(splitByMonth(new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'))).toEqual({ months: ['2026-01', '2027-01'], edges: [] });
    expect(splitByMonth(new Date('2026-02-10T05:00:00Z'), new Date('2026-05-20T00:00:00Z'))).toEqual({
      months: ['2026-03', '2026-05'],
      edges: [
        [new Date('2026-02-10T05:00:00Z'), new Date('2026-03-01T00:00:00Z')],
        [new Date('2026-05-01T00:00:00Z'), new Date('2026-05-20T00:00:00Z')],
      ],
    });
    expect(splitByMonth(new Date('2026-02-10T00:00:00Z'), new Date('2026-03-20T00:00:00Z'))).toEqual({ months: null, edges: [[new Date('2026-02-10T00:00:00Z'), new Date('2026-03-20T00:00:00Z')]] });
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
    await rebuildRequestSummaries(db.ds);
    expect(await summaries()).toEqual(kept);
  });

  it('answer exactly what the requests answer, for whole months, partial months and every level', async () => {
    const random = prng(2026);
    const compounds = await db.ds.getRepository(CompoundEntity).find();
    const categories = ['REPAIR', 'DISPUTE', 'OWNERS_MATTER', 'GAS', 'WATER'];
    const states = ['SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'CLOSED', 'REOPENED'] as const;
    const rows = Array.from({ length: 6000 }, (_, i) => {
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
    // a histogram behind its requests is noticed, and the requests answer
    await db.ds.query('DELETE FROM request_resolve_histogram WHERE regionCode = ?', [street.code]);
    expect(await summaryRequestFigures(db.ds, street, ...year)).toBeNull();
    await rebuildRequestSummaries(db.ds);
    expect(await requestFigures(db.ds, street, ...year)).toEqual(await rawRequestFigures(db.ds, street, ...year));
  });
});

describe('posting summary', () => {
  let finance: Database;
  beforeAll(async () => {
    finance = await openSubgraphDatabase(financeSubgraph, env.config);
  });
  afterAll(async () => {
    await finance?.ds.destroy();
  });

  it('is kept by every entry booked and answers what the postings answer, for whole and partial months', async () => {
    const random = prng(278);
    const compounds = [uuidv7(), uuidv7(), uuidv7()];
    const paths = [`${DEMO_REGIONS.dongfang},${DEMO_REGIONS.shiqi},${DEMO_REGIONS.haishu}`, `${DEMO_REGIONS.jinli},${DEMO_REGIONS.shiqi},${DEMO_REGIONS.haishu}`, `330203001001,${DEMO_REGIONS.yuehu},${DEMO_REGIONS.haishu}`];
    await finance.ds.getRepository(CompoundScopeEntity).insert(compounds.map((compoundId, i) => ({ compoundId, regionPath: paths[i] })));
    const accounts = await ledgerTransaction(finance.ds, async (manager) =>
      Promise.all(
        compounds.map(async (c) => ({
          bank: (await ensureAccount(manager, c, 'BANK')).id,
          revenue: (await ensureAccount(manager, c, 'PUBLIC_REVENUE')).id,
          fund: (await ensureAccount(manager, c, 'MAINTENANCE_FUND')).id,
        })),
      ),
    );
    const start = Date.UTC(2026, 0, 1);
    const dates = Array.from({ length: 240 }, () => start + Math.floor(random() * 300 * DAY)).sort((a, b) => a - b);
    for (const [i, at] of dates.entries()) {
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
    }
    const snapshot = () => finance.ds.query('SELECT compoundId, month, accountKind, category, amountFen, postings FROM posting_summary ORDER BY compoundId, month, accountKind, category');
    const kept = await snapshot();
    expect(kept.length).toBeGreaterThan(30);
    await rebuildPostingSummary(finance.ds);
    expect(await snapshot()).toEqual(kept);

    const ctx = { ds: finance.ds } as RequestContext;
    const raw = async (code: string, from: Date, to: Date) =>
      (
        await finance.ds.query(
          `SELECT p.category AS category, SUM(p.amountFen) AS net FROM posting p JOIN account a ON a.id = p.accountId JOIN compound_scope s ON s.compoundId = p.compoundId
           WHERE s.regionPath LIKE ? AND a.kind IN ('PUBLIC_REVENUE', 'MAINTENANCE_FUND') AND p.bookedAt >= ? AND p.bookedAt < ? GROUP BY p.category`,
          [`%${code}%`, from, to],
        )
      )
        .map((r: { category: string; net: string | number }) => ({ category: r.category, net: String(r.net) }))
        .sort((x: { category: string }, y: { category: string }) => x.category.localeCompare(y.category));
    const sorted = (rows: { category: string; net: string }[]) => [...rows].sort((x, y) => x.category.localeCompare(y.category));
    let compared = 0;
    for (const code of [DEMO_REGIONS.shiqi, DEMO_REGIONS.haishu, DEMO_REGIONS.dongfang, DEMO_REGIONS.yuehu]) {
      for (const [from, to] of [
        [new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')],
        [new Date('2026-04-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z')],
        [new Date('2026-02-10T05:00:00Z'), new Date('2026-07-20T13:30:00Z')],
        [new Date('2026-03-03T00:00:00Z'), new Date('2026-03-29T00:00:00Z')],
      ] as [Date, Date][]) {
        const expected = await raw(code, from, to);
        expect(sorted(await movementsByCategory(ctx, `%${code}%`, from, to))).toEqual(expected);
        compared += expected.length;
      }
    }
    expect(compared).toBeGreaterThan(20);
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
      expect(await movementsByCategory(ctx, `%${DEMO_REGIONS.shiqi}%`, ...year)).toEqual([{ category: 'PARKING', net: String(-(6_000 + 15)) }]);
      expect(await movementsByCategory(ctx, `%${DEMO_REGIONS.shiqi}%`, new Date('2026-02-05T00:00:00Z'), new Date('2026-04-01T00:00:00Z'))).toEqual([{ category: 'PARKING', net: String(-(1_001 + 1_002)) }]);
    } finally {
      await community.ds.destroy();
      await finance.ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
