import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, MoneyColumn } from '@hub/platform';

/**
 * - PUBLIC_REVENUE: the owners' public revenue (公共收益, Civil Code art. 282), credit-normal.
 * - MAINTENANCE_FUND: the maintenance fund (维修资金), per building where it is kept that way, credit-normal.
 * - BANK: the money actually held for the compound, the clearing side of every receipt and payment, debit-normal.
 * - INCENTIVE_FUND_RECEIVABLE: what the district incentive fund owes for the compound's firm (激励资金), debit-normal.
 * - INCENTIVE_PAYABLE: incentive payouts booked for the firm and not yet settled, credit-normal.
 */
export type AccountKind = 'PUBLIC_REVENUE' | 'MAINTENANCE_FUND' | 'BANK' | 'INCENTIVE_FUND_RECEIVABLE' | 'INCENTIVE_PAYABLE';

export const CREDIT_NORMAL: ReadonlySet<AccountKind> = new Set(['PUBLIC_REVENUE', 'MAINTENANCE_FUND', 'INCENTIVE_PAYABLE']);
/** Money that must exist before it is spent: these never go below zero. */
export const NEVER_NEGATIVE: ReadonlySet<AccountKind> = new Set(['PUBLIC_REVENUE', 'MAINTENANCE_FUND', 'BANK']);

/**
 * A compound's account (账户); the owners' money (art. 282), kept per kind. `balanceFen` is the
 * balance on the account's normal side, kept by the ledger in the same transaction as every
 * posting (and re-checked against the postings by verifyLedger); nothing else writes it.
 */
@Entity('account')
@Index('IDX_account_compound_kind_building', ['compoundId', 'kind', 'buildingRef'], { unique: true })
export class AccountEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: AccountKind;

  /** The building whose maintenance fund this is; empty for compound-wide accounts. */
  @Column({ type: 'varchar', length: 64, default: '' })
  buildingRef: string;

  @MoneyColumn()
  balanceFen: number;
}
