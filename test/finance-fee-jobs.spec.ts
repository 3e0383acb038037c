import { applyEvents, CompoundScopeEntity, createLogger, openSubgraphDatabase, transaction, uuidv7, type Database, type EventEnvelope, type EventJob } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { financeSubgraph } from '@hub/finance';
import { ensureAccount, postEntry, verifyLedger } from '../subgraphs/finance/src/ledger/ledger.service';

/**
 * Fee jobs applied the way the event consumer runs them, on MariaDB: several jobs at once (the
 * consumer takes four), their compounds overlapping, half of them without a chain yet, some fees
 * announced twice in different jobs and one job delivered twice at the same moment. A job that
 * throws is run again, as its queue would. Every fee must be booked exactly once, every chain must
 * verify, and the street's summary must equal its postings.
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
  const one = financeSubgraph.events!.ParkingFeeCollected!;
  const many = financeSubgraph.eventBatches!.ParkingFeeCollected!;
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyEvents(
        db.ds,
        job,
        () => (m, e) => one(ctx, m, e as EventEnvelope<'ParkingFeeCollected'>),
        () => (m, es) => many(ctx, m, es as EventEnvelope<'ParkingFeeCollected'>[]),
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
