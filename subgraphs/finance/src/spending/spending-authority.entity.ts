import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, MoneyColumn } from '@hub/platform';

/** The amount up to which the owners' assembly authorised the committee to approve spending alone (授权额度). */
@Entity('spending_authority')
@Index('IDX_spending_authority_compound', ['compoundId'], { unique: true })
export class SpendingAuthorityEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @MoneyColumn()
  limitFen: number;

  /** The passed assembly matter that granted it. */
  @Column({ type: 'varchar', length: 36 })
  matterId: string;
}
