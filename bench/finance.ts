import type { DataSource } from 'typeorm';
import { ANONYMOUS, applyEvents, CompoundScopeEntity, createLogger, EVENTS_PER_JOB, Loaders, openSubgraphDatabase, transaction, uuidv7, type Claims, type EventEnvelope, type RequestContext } from '@hub/platform';
import { testEnvironment } from '@hub/platform/dist/testing';
import { financeSubgraph } from '@hub/finance';
import { AccountEntity } from '@hub/finance/dist/accounts/account.entity';
import { entryHash, GENESIS_HASH, type ChainEntry } from '@hub/finance/dist/ledger/chain';
import { LedgerHeadEntity } from '@hub/finance/dist/ledger/ledger-head.entity';
import { ensureAccount, postEntry, verifyLedger } from '@hub/finance/dist/ledger/ledger.service';
import { publishStatement } from '@hub/finance/dist/statements/statements.service';
import { StatementEntity } from '@hub/finance/dist/statements/statement.entity';
import { IncentivePoolEntity } from '@hub/finance/dist/incentives/incentive-pool.entity';
import { runStandalone, timed, type BenchRow } from './feature-bench';

/**
 * The finance ledger at scale, on MariaDB/MySQL, through the finance services themselves:
 * - appending entries one by one through `postEntry` (head lock, balance checks, hash, postings);
 * - `verifyLedger` recomputing a compound's chain of 1,000,000 entries (2,000,000 postings) and
 *   checking its balances;
 * - publishing the monthly statement of 3,000 compounds (each with an opening balance, 30 parking
 *   fees and 2 payments in the month), four at a time;
 * - finance's event consumer booking an import's ParkingFeeCollected events and a round's
 *   RatingPublished payouts, one per transaction against a job's events together.
 * The large chains are computed here with the ledger's own hash function and written in bulk, as
 * an import would; the timed parts are the services. Run after `npm run build`:
 * `node -r @swc-node/register bench/finance.ts`.
 */
const ENTRY_COLUMNS = ['id', 'compoundId', 'sequence', 'kind', 'bookedAt', 'valueAt', 'sourceReference', 'description', 'reversesEntryId', 'correctsEntryId', 'spendingRequestId', 'ratingResultId', 'prevHash', 'hash'];
const POSTING_COLUMNS = ['id', 'entryId', 'compoundId', 'entrySequence', 'position', 'accountId', 'amountFen', 'category', 'bookedAt'];

async function bulkInsert(ds: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1_000) {
    const part = rows.slice(i, i + 1_000);
    const tuple = `(${columns.map(() => '?').join(',')})`;
    await ds.query(`INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(',')}) VALUES ${part.map(() => tuple).join(',')}`, part.flat());
  }
}

interface Movement {
  kind: string;
  bookedAt: Date;
  category: string;
  /** Debit to the bank and credit to public revenue when positive; the reverse when negative. */
  amountFen: number;
}

/**
 * Writes a compound's chain in bulk, hashing each entry with the ledger's function, then sets the
 * head and balances to match: what postEntry would have produced one by one.
 */
async function writeChain(ds: DataSource, compoundId: string, movements: Movement[], chunk = 20_000): Promise<void> {
  const bank = await ds.getRepository(AccountEntity).save(ds.getRepository(AccountEntity).create({ compoundId, kind: 'BANK', buildingRef: '', balanceFen: 0 }));
  const revenue = await ds.getRepository(AccountEntity).save(ds.getRepository(AccountEntity).create({ compoundId, kind: 'PUBLIC_REVENUE', buildingRef: '', balanceFen: 0 }));
  let prev = GENESIS_HASH;
  let balance = 0;
  for (let start = 0; start < movements.length; start += chunk) {
    const entries: unknown[][] = [];
    const postings: unknown[][] = [];
    movements.slice(start, start + chunk).forEach((m, i) => {
      const sequence = start + i + 1;
      const e: ChainEntry = {
        id: uuidv7(),
        compoundId,
        sequence,
        kind: m.kind,
        bookedAt: m.bookedAt,
        valueAt: m.bookedAt,
        sourceReference: `bench:${compoundId}:${sequence}`,
        description: m.kind === 'SPENDING' ? 'repair' : 'parking fee',
        reversesEntryId: null,
        correctsEntryId: null,
        spendingRequestId: null,
        ratingResultId: null,
        postings: [
          { accountId: bank.id, amountFen: m.amountFen, category: m.category },
          { accountId: revenue.id, amountFen: -m.amountFen, category: m.category },
        ],
      };
      const hash = entryHash(prev, e);
      entries.push([e.id, compoundId, sequence, e.kind, e.bookedAt, e.valueAt, e.sourceReference, e.description, null, null, null, null, prev, hash]);
      e.postings.forEach((p, position) => postings.push([uuidv7(), e.id, compoundId, sequence, position, p.accountId, p.amountFen, p.category, e.bookedAt]));
      prev = hash;
      balance += m.amountFen;
    });
    await bulkInsert(ds, 'journal_entry', ENTRY_COLUMNS, entries);
    await bulkInsert(ds, 'posting', POSTING_COLUMNS, postings);
  }
  await ds.getRepository(LedgerHeadEntity).insert({ compoundId, sequence: movements.length, hash: prev, closedThrough: null });
  await ds.getRepository(AccountEntity).update({ id: bank.id }, { balanceFen: balance });
  await ds.getRepository(AccountEntity).update({ id: revenue.id }, { balanceFen: balance });
}

/** Compounds an import's fees are spread over: a firm's ERP reports for all it serves, so a job of 100 holds about one fee per compound. */
const FEE_COMPOUNDS = 100;

export async function runFinanceBench(options: { entries?: number; compounds?: number; appends?: number; fees?: number } = {}): Promise<BenchRow[]> {
  const entries = options.entries ?? 1_000_000;
  const compounds = options.compounds ?? 3_000;
  const appends = options.appends ?? 2_000;
  const env = testEnvironment({ LOG_LEVEL: 'silent' });
  const db = await openSubgraphDatabase(financeSubgraph, env.config);
  const { ds } = db;
  const admin: Claims = { ...ANONYMOUS, sub: 'bench-admin', role: 'ADMIN' };
  const ctx = (): RequestContext => ({ requestId: uuidv7(), claims: admin, loaders: new Loaders(), ds, config: env.config, log: createLogger('bench', 'silent') });
  const rows: BenchRow[] = [];
  try {
    // 1. Appending through the service, one transaction per entry, as events and requests do.
    const appender = uuidv7();
    const [bank, revenue] = await transaction(ds, async (m) => [await ensureAccount(m, appender, 'BANK'), await ensureAccount(m, appender, 'PUBLIC_REVENUE')]);
    const appended = await timed(async () => {
      for (let i = 0; i < appends; i++) {
        await transaction(ds, (m) =>
          postEntry(m, {
            compoundId: appender,
            kind: 'REVENUE',
            sourceReference: `bench-append:${i}`,
            description: 'parking fee',
            postings: [
              { accountId: bank.id, amountFen: 500 + i, category: 'PARKING' },
              { accountId: revenue.id, amountFen: -(500 + i), category: 'PARKING' },
            ],
            closedPeriod: 'REFUSE',
          }),
        );
      }
    });
    rows.push({ case: `postEntry, ${appends} entries one after another in one compound`, value: Math.round((appends / appended.ms) * 1000), unit: 'entries/s', note: `${(appended.ms / appends).toFixed(2)} ms each` });

    // 2. verifyLedger over a long chain.
    const big = uuidv7();
    const january = Date.UTC(2026, 0, 1);
    const written = await timed(() =>
      writeChain(
        ds,
        big,
        Array.from({ length: entries }, (_, i) => ({ kind: 'REVENUE', bookedAt: new Date(january + i * 1_000), category: 'PARKING', amountFen: 100 + (i % 900) })),
      ),
    );
    rows.push({ case: `bulk-write a chain of ${entries} entries (setup, not the service)`, value: Math.round(written.ms / 1000), unit: 's' });
    const verified = await timed(() => verifyLedger(ds, big));
    if (!verified.value.ok || verified.value.entriesChecked !== entries) throw new Error(`verifyLedger: ${JSON.stringify(verified.value).slice(0, 300)}`);
    rows.push({ case: `verifyLedger, ${entries} entries / ${2 * entries} postings`, value: Math.round(verified.ms / 100) / 10, unit: 's', note: `${Math.round(entries / (verified.ms / 1000))} entries/s` });

    // 3. Monthly statements of many compounds.
    const ids = Array.from({ length: compounds }, () => uuidv7());
    const october = Date.UTC(2026, 9, 1);
    const setup = await timed(async () => {
      for (const id of ids) {
        const movements: Movement[] = [{ kind: 'OPENING_BALANCE', bookedAt: new Date(january), category: 'OPENING_BALANCE', amountFen: 1_000_000 }];
        for (let d = 0; d < 30; d++) movements.push({ kind: 'REVENUE', bookedAt: new Date(october + d * 86_400_000 + 3_600_000), category: 'PARKING', amountFen: 500 + d });
        movements.push({ kind: 'SPENDING', bookedAt: new Date(october + 10 * 86_400_000), category: 'REPAIR', amountFen: -45_000 });
        movements.push({ kind: 'SPENDING', bookedAt: new Date(october + 20 * 86_400_000), category: 'CLEANING', amountFen: -12_000 });
        await writeChain(ds, id, movements);
      }
    });
    // Statements are published only for compounds community has registered (their scope row).
    for (let i = 0; i < ids.length; i += 1_000) {
      await ds.getRepository(CompoundScopeEntity).insert(ids.slice(i, i + 1_000).map((compoundId) => ({ compoundId, regionPath: '330203012003,330203012000,330203000000' })));
    }
    rows.push({ case: `bulk-write ${compounds} compounds × 33 entries (setup)`, value: Math.round(setup.ms / 1000), unit: 's' });
    const before = db.statements.count;
    const published = await timed(async () => {
      let next = 0;
      const worker = async () => {
        while (next < ids.length) await publishStatement(ctx(), ids[next++], '2026-10');
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    });
    const count = await ds.getRepository(StatementEntity).countBy({ period: '2026-10' });
    if (count !== compounds) throw new Error(`expected ${compounds} statements, got ${count}`);
    rows.push({
      case: `publishStatement 2026-10 for ${compounds} compounds, 4 at a time`,
      value: Math.round(published.ms / 100) / 10,
      unit: 's',
      note: `${(published.ms / compounds).toFixed(1)} ms per statement, ${((db.statements.count - before) / compounds).toFixed(1)} SQL statements each`,
    });

    // 4 and 5. Events reaching the ledger through finance's consumer, in jobs of EVENTS_PER_JOB:
    // one event per transaction (the path a failing run falls back to, and the only one before)
    // against a job's events together, each on fresh compounds, every chain verified after.
    const handlerCtx = { requestId: 'bench', ds, config: env.config, log: createLogger('bench', 'silent') };
    const handlers = financeSubgraph.events as Record<string, (...args: unknown[]) => Promise<void>>;
    const batches = financeSubgraph.eventBatches as Record<string, (...args: unknown[]) => Promise<void>>;
    const consume = async (spread: number, together: boolean, event: (compoundId: string, i: number) => Promise<EventEnvelope>, count: number) => {
      const targets = Array.from({ length: spread }, () => uuidv7());
      await ds.getRepository(CompoundScopeEntity).insert(targets.map((compoundId) => ({ compoundId, regionPath: '330203012003,330203012000,330203000000' })));
      const events: EventEnvelope[] = [];
      for (let i = 0; i < count; i++) events.push(await event(targets[i % spread], i));
      const before = db.statements.count;
      const run = await timed(async () => {
        for (let i = 0; i < events.length; i += EVENTS_PER_JOB) {
          await applyEvents(
            ds,
            { events: events.slice(i, i + EVENTS_PER_JOB) },
            (topic) => (m, e) => handlers[topic](handlerCtx, m, e),
            (topic) => (together ? (m, es) => batches[topic](handlerCtx, m, es) : undefined),
          );
        }
      });
      for (const c of targets.slice(0, 3)) {
        const check = await verifyLedger(ds, c);
        if (!check.ok || check.entriesChecked !== Math.floor(count / spread)) throw new Error(`compound ${c}: ${JSON.stringify(check).slice(0, 300)}`);
      }
      return { ms: run.ms, statements: (db.statements.count - before) / count };
    };
    const compare = async (what: string, spread: number, count: number, event: (compoundId: string, i: number) => Promise<EventEnvelope>) => {
      const alone = await consume(spread, false, event, count);
      const together = await consume(spread, true, event, count);
      const perSecond = (ms: number) => Math.round((count / ms) * 1000);
      rows.push({ case: `finance books ${count} ${what}, jobs of ${EVENTS_PER_JOB}: one event per transaction`, value: perSecond(alone.ms), unit: 'events/s', note: `${alone.statements.toFixed(1)} SQL statements per event` });
      rows.push({ case: "the same, each job's events together (one append for all its compounds)", value: perSecond(together.ms), unit: 'events/s', note: `${together.statements.toFixed(2)} SQL statements per event; ${(alone.ms / together.ms).toFixed(1)}× one at a time` });
    };
    const at = (i: number) => new Date(Date.now() - 3_600_000 + i).toISOString();
    await compare(`ParkingFeeCollected across ${FEE_COMPOUNDS} compounds`, FEE_COMPOUNDS, options.fees ?? 5_000, async (compoundId, i) => {
      const payload = { feeId: uuidv7(), compoundId, plateClass: 'VISITOR' as const, amountFen: 500 + (i % 97), collectedAt: at(i) };
      return { id: uuidv7(), topic: 'ParkingFeeCollected', aggregateId: compoundId, occurredAt: payload.collectedAt, payload };
    });
    // A round published: one result per compound, each with a pool for its firm, so each books a payout.
    const firmId = uuidv7();
    const roundId = uuidv7();
    await compare(`RatingPublished, a round's results for ${compounds} compounds with pools`, compounds, compounds, async (compoundId, i) => {
      await ds.getRepository(IncentivePoolEntity).insert({ id: uuidv7(), compoundId, firmId, period: '2026-Q3', poolFen: 1_000_000 });
      const payload = { resultId: uuidv7(), roundId, compoundId, firmId, period: '2026-Q3', scoreCentipoints: 6_000 + (i % 4_000), regionPath: ['330203012003', '330203012000', '330203000000'], publishedAt: at(i) };
      return { id: uuidv7(), topic: 'RatingPublished', aggregateId: payload.resultId, occurredAt: payload.publishedAt, payload };
    });
    return rows;
  } finally {
    await ds.destroy();
    await env.cleanup();
  }
}

const number = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
runStandalone(module, () => runFinanceBench({ entries: number('BENCH_FINANCE_ENTRIES'), compounds: number('BENCH_FINANCE_COMPOUNDS') }));
