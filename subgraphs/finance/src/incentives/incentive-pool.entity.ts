import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, MoneyColumn } from '@hub/platform';

/** The incentive pool (激励资金池) available per rating period to a firm for its service in a compound. */
@Entity('incentive_pool')
@Index('IDX_incentive_pool_compound_firm_period', ['compoundId', 'firmId', 'period'], { unique: true })
export class IncentivePoolEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 36 })
  firmId: string;

  /** The rating period the pool is for, a quarter written 2026-Q3 as the rating subgraph does. */
  @Column({ type: 'varchar', length: 16 })
  period: string;

  @MoneyColumn()
  poolFen: number;
}
