import { applyEvents, CompoundScopeEntity, createLogger, openSubgraphDatabase, transaction, uuidv7, type Database, type EventEnvelope, type EventJob } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { financeSubgraph } from '@hub/finance';
import { ensureAccount, postEntry, verifyLedger } from '../subgraphs/finance/src/ledger/ledger.service';
import { JournalEntryEntity } from '../subgraphs/finance/src/ledger/journal-entry.entity';
import { IncentivePoolEntity } from '../subgraphs/finance/src/incentives/incentive-pool.entity';
import { IncentivePayoutEntity } from '../subgraphs/finance/src/incentives/incentive-payout.entity';
import { decideIncentive, DEFAULT_BANDS } from '../subgraphs/finance/src/incentives/schedule';

/**
 * Event jobs applied the way finance's consumer runs them, on MariaDB. Fees: several jobs at once (the
 * consumer takes four), their compounds overlapping, half of them without a chain yet, some fees
 * announced twice in different jobs and one job delivered twice at the same moment. A job that
 * throws is run again, as its queue would. Every fee must be booked exactly once, every chain must
 * verify, and the street's summary must equal its postings. Ratings: a round's results in one
 * job, decided together, each exactly as the schedule decides it alone.
 */
let env: TestEnvironment;
let db: Database;
const STREET_PATH = '330203012003,330203012000,330203000000';
const log = createLogger('fee-jobs-spec', 'silent');

beforeAll(async () => {
  env = testEnvironment({ LOG_LEVEL: 'silent' });
  db = await openSubgraphDatabase(financeSubgraph, env.config);
});

afterAll(async () => {
  await db?.ds.destroy();
  await env?.cleanup();
});

type Fee = { feeId: string; compoundId: string; plateClass: 'VISITOR' | 'OWNER'; amountFen: number; collectedAt: string };
const announce = (fee: Fee): EventEnvelope => ({ id: uuidv7(), topic: 'ParkingFeeCollected', aggregateId: fee.compoundId, occurredAt: new Date().toISOString(), payload: fee });

/** applyEvents with finance's own handlers; a job that throws runs again, up to five times. */
async function consume(job: EventJob): Promise<number> {
  const ctx = { requestId: 'spec', ds: db.ds, config: env.config, log };
  const handlers = financeSubgraph.events as Record<string, (...args: unknown[]) => Promise<void>>;
  const batches = financeSubgraph.eventBatches as Record<string, (...args: unknown[]) => Promise<void>>;
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyEvents(
        db.ds,
        job,
        (topic) => (m, e) => handlers[topic](ctx, m, e),
        (topic) => (m, es) => batches[topic](ctx, m, es),
      );
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

it('books every fee once when jobs over the same compounds run at once, new chains included', async () => {
  const compounds = Array.from({ length: 20 }, () => uuidv7());
  await db.ds.getRepository(CompoundScopeEntity).insert(compounds.map((compoundId) => ({ compoundId, regionPath: STREET_PATH })));
  // Half the compounds have a chain already; the others' heads and accounts are made by the jobs.
  for (const compoundId of compounds.slice(0, 10)) {
    await transaction(db.ds, async (m) => {
      const bank = await ensureAccount(m, compoundId, 'BANK');
      const revenue = await ensureAccount(m, compoundId, 'PUBLIC_REVENUE');
      await postEntry(m, {
        compoundId,
        kind: 'REVENUE',
        sourceReference: `opening:${compoundId}`,
        description: 'earlier income',
        postings: [
          { accountId: bank.id, amountFen: 10_000, category: 'OTHER_INCOME' },
          { accountId: revenue.id, amountFen: -10_000, category: 'OTHER_INCOME' },
        ],
        closedPeriod: 'REFUSE',
      });
    });
  }
  const fees: Fee[] = Array.from({ length: 400 }, (_, i) => ({
    feeId: uuidv7(),
    compoundId: compounds[(i * 7) % compounds.length],
    plateClass: i % 3 === 0 ? 'VISITOR' : 'OWNER',
    amountFen: 200 + i,
    collectedAt: new Date(Date.now() - 7_200_000 + i * 1_000).toISOString(),
  }));
  // Eight jobs of 50; each also announces again five fees of the job before it (a retried push).
  const jobs: EventJob[] = Array.from({ length: 8 }, (_, j) => ({
    events: [...fees.slice(j * 50, j * 50 + 50), ...(j > 0 ? fees.slice(j * 50 - 5, j * 50) : [])].map(announce),
  }));
  // The first job is also delivered a second time, at the same moment (a job taken for stalled).
  const runs = await Promise.all([...jobs, jobs[0]].map((job) => consume(job)));
  // Each event is applied once: the redelivered job's events by one of its two runs.
  expect(runs.reduce((a, b) => a + b, 0)).toBe(jobs.reduce((n, job) => n + job.events.length, 0));

  const booked: { sourceReference: string; n: number }[] = await db.ds.query(
    `SELECT sourceReference, COUNT(*) AS n FROM journal_entry WHERE sourceReference LIKE 'parking-fee:%' GROUP BY sourceReference`,
  );
  expect(booked).toHaveLength(fees.length);
  expect(booked.every((b) => Number(b.n) === 1)).toBe(true);
  for (const compoundId of compounds) {
    const check = await verifyLedger(db.ds, compoundId);
    expect({ compoundId, ok: check.ok, mismatches: check.balanceMismatches }).toEqual({ compoundId, ok: true, mismatches: [] });
    const own = fees.filter((f) => f.compoundId === compoundId);
    const [bank] = await db.ds.query(`SELECT balanceFen FROM account WHERE compoundId = ? AND kind = 'BANK'`, [compoundId]);
    expect(Number(bank.balanceFen)).toBe((compounds.indexOf(compoundId) < 10 ? 10_000 : 0) + own.reduce((s, f) => s + f.amountFen, 0));
  }
  // The street's summary adds up to the postings of its compounds.
  const [summary] = await db.ds.query(`SELECT SUM(amountFen) AS fen, SUM(postings) AS n FROM posting_region_summary WHERE regionCode = '330203012000' AND category = 'PARKING' AND accountKind = 'BANK'`);
  expect(Number(summary.fen)).toBe(fees.reduce((s, f) => s + f.amountFen, 0));
  expect(Number(summary.n)).toBe(fees.length);
  // The jobs went the batch way: whole jobs' entries share one insert, so one creation instant.
  const [widest] = await db.ds.query(`SELECT COUNT(*) AS n FROM journal_entry WHERE sourceReference LIKE 'parking-fee:%' GROUP BY createdAt ORDER BY n DESC LIMIT 1`);
  expect(Number(widest.n)).toBeGreaterThanOrEqual(45);
});

it('decides and books a round\'s results together, each as the schedule decides it alone, once', async () => {
  const firmId = uuidv7();
  const roundId = uuidv7();
  const compounds = Array.from({ length: 60 }, () => uuidv7());
  await db.ds.getRepository(CompoundScopeEntity).insert(compounds.map((compoundId) => ({ compoundId, regionPath: STREET_PATH })));
  // Pools for two compounds in three; none for the rest.
  const poolOf = new Map(compounds.filter((_, i) => i % 3 !== 2).map((c, i) => [c, 100_000 + 1_000 * i]));
  await db.ds.getRepository(IncentivePoolEntity).insert([...poolOf].map(([compoundId, poolFen]) => ({ id: uuidv7(), compoundId, firmId, period: '2026-Q3', poolFen })));
  const ratings = compounds.map((compoundId, i) => ({
    resultId: uuidv7(),
    roundId,
    compoundId,
    // Every tenth compound manages itself: no firm, nothing to pay.
    firmId: i % 10 === 9 ? null : firmId,
    period: '2026-Q3',
    scoreCentipoints: 5_500 + 75 * i,
    regionPath: STREET_PATH.split(','),
    publishedAt: new Date(Date.now() - 60_000).toISOString(),
  }));
  const events: EventEnvelope[] = [...ratings, ratings[4]].map((payload) => ({ id: uuidv7(), topic: 'RatingPublished', aggregateId: payload.resultId, occurredAt: payload.publishedAt, payload }));
  expect(await consume({ events })).toBe(events.length);

  const payouts = await db.ds.getRepository(IncentivePayoutEntity).find({ where: { roundId } });
  const withFirm = ratings.filter((r) => r.firmId);
  expect(payouts).toHaveLength(withFirm.length);
  const byResult = new Map(payouts.map((p) => [p.ratingResultId, p]));
  for (const r of withFirm) {
    const decision = decideIncentive(DEFAULT_BANDS, r.scoreCentipoints, r.period, poolOf.get(r.compoundId) ?? null);
    const payout = byResult.get(r.resultId)!;
    expect({ outcome: payout.outcome, amountFen: Number(payout.amountFen), share: payout.shareBasisPoints }).toEqual({ outcome: decision.outcome, amountFen: decision.amountFen, share: decision.shareBasisPoints });
    const entries = await db.ds.getRepository(JournalEntryEntity).findBy({ ratingResultId: r.resultId });
    expect(entries.map((e) => e.id)).toEqual(decision.amountFen > 0 ? [payout.entryId] : []);
  }
  expect(payouts.some((p) => p.outcome === 'BOOKED') && payouts.some((p) => p.outcome === 'NO_POOL')).toBe(true);
  // Decided together: the round's payouts share one insert, so one creation instant.
  expect(new Set(payouts.map((p) => p.createdAt.getTime())).size).toBe(1);
  for (const compoundId of compounds) expect((await verifyLedger(db.ds, compoundId)).ok).toBe(true);

  // The same results again, in another job: nothing more.
  expect(await consume({ events: ratings.map((payload) => ({ id: uuidv7(), topic: 'RatingPublished', aggregateId: payload.resultId, occurredAt: payload.publishedAt, payload })) })).toBe(ratings.length);
  expect(await db.ds.getRepository(IncentivePayoutEntity).countBy({ roundId })).toBe(withFirm.length);
  expect(await db.ds.getRepository(JournalEntryEntity).countBy({ kind: 'INCENTIVE_PAYOUT' })).toBe(payouts.filter((p) => p.outcome === 'BOOKED').length);
});
