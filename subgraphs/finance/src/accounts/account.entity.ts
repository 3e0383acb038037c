import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, MoneyColumn } from '@hub/platform';

export type AccountKind = 'PUBLIC_REVENUE';

/** A compound's account; the owners' money (art. 282), kept per kind. */
@Entity('account')
@Index('IDX_account_compound_kind', ['compoundId', 'kind'], { unique: true })
export class AccountEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: AccountKind;

  @MoneyColumn()
  balanceFen: number;
}
