import type { DataSource } from 'typeorm';
import { AccountEntity } from './accounts/account.entity';
import { IncentivePoolEntity } from './incentives/incentive-pool.entity';
import { JournalEntryEntity } from './ledger/journal-entry.entity';
import { ensureAccount, ledgerTransaction, postEntry } from './ledger/ledger.service';

export interface FinanceDemo {
  /**
   * Public-revenue balances brought forward when the ledger starts: each becomes an
   * OPENING_BALANCE entry (bank against public revenue), so every balance is derived from entries.
   */
  accounts: { id: string; compoundId: string; balanceFen: number }[];
  /** The accounting date of the opening entries, ISO-8601. */
  openingDate: string;
  /** Incentive pools per firm and compound, for the payouts of published ratings. */
  incentivePools: { compoundId: string; firmId: string; period: string; poolFen: number }[];
}

/** Idempotent: each opening entry has a fixed source reference, each pool a unique key (compound, firm, period). */
export async function seedFinanceDemo(ds: DataSource, demo: FinanceDemo): Promise<void> {
  for (const a of demo.accounts) {
    const sourceReference = `opening:${a.compoundId}:PUBLIC_REVENUE`;
    await ledgerTransaction(ds, async (manager) => {
      if (await manager.findOneBy(JournalEntryEntity, { sourceReference })) return;
      const revenue = await ensureAccount(manager, a.compoundId, 'PUBLIC_REVENUE', '', a.id);
      // A demo database from before the ledger kept the balance alone: rebuild it from the entry.
      if (revenue.balanceFen !== 0 && !(await manager.findOneBy(JournalEntryEntity, { compoundId: a.compoundId }))) {
        await manager.update(AccountEntity, { id: revenue.id }, { balanceFen: 0 });
      }
      const bank = await ensureAccount(manager, a.compoundId, 'BANK');
      await postEntry(manager, {
        compoundId: a.compoundId,
        kind: 'OPENING_BALANCE',
        bookedAt: new Date(demo.openingDate),
        sourceReference,
        description: 'Public revenue brought forward when the ledger started',
        postings: [
          { accountId: bank.id, amountFen: a.balanceFen, category: 'OPENING_BALANCE' },
          { accountId: revenue.id, amountFen: -a.balanceFen, category: 'OPENING_BALANCE' },
        ],
        closedPeriod: 'BOOK_TODAY',
      });
    });
  }
  const pools = ds.getRepository(IncentivePoolEntity);
  for (const p of demo.incentivePools) {
    if (!(await pools.findOneBy({ compoundId: p.compoundId, firmId: p.firmId, period: p.period }))) await pools.insert(pools.create(p));
  }
}
