import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANONYMOUS, CompoundScopeEntity, createLogger, Loaders, openSubgraphDatabase, transaction, type Claims, type Database, type RequestContext } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { financeSubgraph, seedFinanceDemo } from '@hub/finance';
import * as demo from '../scripts/demo-data';
import { AccountEntity } from '../subgraphs/finance/src/accounts/account.entity';
import { JournalEntryEntity } from '../subgraphs/finance/src/ledger/journal-entry.entity';
import { ensureAccount, postEntry, verifyLedger } from '../subgraphs/finance/src/ledger/ledger.service';
import { publishStatement } from '../subgraphs/finance/src/statements/statements.service';
import { signOffStatement } from '../subgraphs/finance/src/audits/audits.service';
import { overdueStatements, unauditedStatements } from '../subgraphs/finance/src/stats/stats.service';

/**
 * The ledger on the embedded SQLite path `npm start` uses: no migrations and no triggers there, so
 * the ORM's refusal, the chain and the period lock are what protect history.
 */
let env: TestEnvironment;
let db: Database;
const dir = mkdtempSync(join(tmpdir(), 'finance-sqlite-'));
const { mengda, youhe } = demo.DEMO_IDS;
const admin: Claims = { ...ANONYMOUS, sub: 'admin', role: 'ADMIN' };
const ctx = (): RequestContext => ({ requestId: 'r', claims: admin, loaders: new Loaders(), ds: db.ds, config: env.config, log: createLogger('test', 'silent') });

beforeAll(async () => {
  env = testEnvironment({ DATABASE_URL: `sqlite:${dir}` });
  db = await openSubgraphDatabase(financeSubgraph, env.config);
  await seedFinanceDemo(db.ds, demo.finance);
  await seedFinanceDemo(db.ds, demo.finance);
  // What the community's CompoundRegistered events would have brought (no queues here).
  await db.ds.getRepository(CompoundScopeEntity).insert([mengda, youhe].map((compoundId) => ({ compoundId, regionPath: 'community,street,district' })));
});

afterAll(async () => {
  await db?.ds.destroy();
  await env?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const revenue = (compoundId: string, bookedAt: Date, amountFen: number, sourceReference: string) =>
  transaction(db.ds, async (m) => {
    const bank = await ensureAccount(m, compoundId, 'BANK');
    const fund = await ensureAccount(m, compoundId, 'PUBLIC_REVENUE');
    return postEntry(m, {
      compoundId,
      kind: 'REVENUE',
      bookedAt,
      sourceReference,
      description: 'parking fee',
      postings: [
        { accountId: bank.id, amountFen, category: 'PARKING' },
        { accountId: fund.id, amountFen: -amountFen, category: 'PARKING' },
      ],
      closedPeriod: 'REFUSE',
    });
  });

it('seeds the opening balances once, as entries', async () => {
  expect(await db.ds.getRepository(JournalEntryEntity).countBy({ compoundId: mengda, kind: 'OPENING_BALANCE' })).toBe(1);
  const account = await db.ds.getRepository(AccountEntity).findOneByOrFail({ compoundId: mengda, kind: 'PUBLIC_REVENUE' });
  expect(account.balanceFen).toBe(1_286_050);
});

it('chains, verifies and closes periods as on MySQL', async () => {
  await revenue(mengda, new Date('2026-10-05T01:02:03.456Z'), 700, 'fee-1');
  await revenue(mengda, new Date('2026-10-06T00:00:00.000Z'), 300, 'fee-2');
  expect((await revenue(mengda, new Date('2026-10-06T00:00:00.000Z'), 300, 'fee-2')).replayed).toBe(true);
  expect(await verifyLedger(db.ds, mengda)).toMatchObject({ ok: true, entriesChecked: 3, headSequence: 3, balanceMismatches: [] });

  const statement = await publishStatement(ctx(), mengda, '2026-10');
  expect(statement.content.sections[0]).toMatchObject({ openingFen: 1_286_050, income: [{ category: 'PARKING', amountFen: 1_000 }], closingFen: 1_287_050 });
  await expect(revenue(mengda, new Date('2026-10-31T23:59:59.999Z'), 100, 'fee-3')).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
  await expect(revenue(mengda, new Date('2026-11-01T00:00:00.000Z'), 100, 'fee-3')).resolves.toMatchObject({ replayed: false });
  // A compound the community never registered gets no statement and no ledger.
  const stray = '01900000-0000-7000-8000-000000000000';
  await expect(publishStatement(ctx(), stray, '2026-10')).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  expect(await db.ds.query('SELECT compoundId FROM ledger_head WHERE compoundId = ?', [stray])).toEqual([]);
});

it('lists overdue and unaudited statements for analysts, the audit status following each sign-off', async () => {
  const october = { regionCode: 'street', from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };
  const [statement] = await db.ds.query("SELECT id FROM statement WHERE compoundId = ? AND period = '2026-10'", [mengda]);
  expect(await overdueStatements(ctx(), october, {})).toMatchObject({ totalCount: 1, periods: 1, edges: [{ node: { compoundId: youhe, periods: ['2026-10'] } }] });
  const unaudited = await unauditedStatements(ctx(), october, {});
  expect(unaudited).toMatchObject({ totalCount: 1, byStatus: [{ status: 'UNAUDITED', count: 1 }], edges: [{ node: { statementId: statement.id, compoundId: mengda, period: '2026-10', status: 'UNAUDITED' } }] });
  // a statement whose audit row a bulk load left out gets it at its first sign-off
  await db.ds.query('DELETE FROM statement_audit WHERE statementId = ?', [statement.id]);
  await signOffStatement(ctx(), statement.id, 'COMMUNITY');
  expect(await unauditedStatements(ctx(), october, {})).toMatchObject({ totalCount: 1, byStatus: [{ status: 'IN_AUDIT', count: 1 }], edges: [{ node: { status: 'IN_AUDIT' } }] });
  // a period without a whole month holds no statement
  expect(await unauditedStatements(ctx(), { ...october, to: new Date('2026-10-31T00:00:00Z') }, {})).toMatchObject({ totalCount: 0, edges: [] });
});

it('refuses changes through the ORM and catches a row changed behind its back', async () => {
  const repo = db.ds.getRepository(JournalEntryEntity);
  const entry = await repo.findOneByOrFail({ compoundId: youhe, sequence: 1 });
  entry.description = 'changed';
  await expect(repo.save(entry)).rejects.toThrow(/never changed/);
  await expect(repo.remove(entry)).rejects.toThrow(/never changed/);
  expect((await verifyLedger(db.ds, youhe)).ok).toBe(true);
  await db.ds.query('UPDATE journal_entry SET description = ? WHERE id = ?', ['changed', entry.id]);
  expect((await verifyLedger(db.ds, youhe)).firstBroken).toEqual({ sequence: 1, entryId: entry.id, reason: 'HASH_MISMATCH' });
});
