import type { DataSource } from 'typeorm';
import { AccountEntity } from './accounts/account.entity';

export interface FinanceDemo {
  accounts: { id: string; compoundId: string; balanceFen: number }[];
}

/** Idempotent: accounts are keyed by their fixed demo ids. */
export async function seedFinanceDemo(ds: DataSource, demo: FinanceDemo): Promise<void> {
  await ds.getRepository(AccountEntity).upsert(
    demo.accounts.map((a) => ({ ...a, kind: 'PUBLIC_REVENUE' as const })),
    ['id'],
  );
}
