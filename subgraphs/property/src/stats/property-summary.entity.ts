import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@hub/platform';

/**
 * Work orders of one street or district (an order counts in both) created in one UTC month, per
 * category and current status. Kept in the transaction of every write to a work order, so it is
 * never behind the orders; rebuilt from them by `rebuildPropertySummaries`. Compounds are not
 * summarised: per compound and month the table would be about as large as the orders.
 */
@Entity('work_order_summary')
export class WorkOrderSummaryEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  regionCode: string;

  /** YYYY-MM of `createdAt`, UTC. */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  category: string;

  @PrimaryColumn({ type: 'varchar', length: 12 })
  status: string;

  @Column({ type: 'int' })
  orders: number;
}

/**
 * Completed work orders of one street or district per UTC month of completion and firm, on time
 * (completed at or before the due time) or not.
 */
@Entity('work_order_sla_summary')
export class WorkOrderSlaSummaryEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  regionCode: string;

  /** The order's firm; '' for an order without one (a key column cannot be null). Before the month, so a region's firms are read in key order, without sorting. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  firmId: string;

  /** YYYY-MM of `completedAt`, UTC. */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @Column({ type: 'int' })
  met: number;

  @Column({ type: 'int' })
  breached: number;
}

/** Parking fees of one street or district collected in one UTC month, per plate class. */
@Entity('parking_fee_summary')
export class ParkingFeeSummaryEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  regionCode: string;

  /** YYYY-MM of `collectedAt`, UTC. */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  month: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  plateClass: string;

  @Column({ type: 'int' })
  fees: number;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  amountFen: number;
}
