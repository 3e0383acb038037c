import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';

/** An inspection plan (巡检计划): a route of checkpoints walked once per interval from startsAt. */
@Entity('inspection_plan')
@Index('IDX_inspection_plan_compound', ['compoundId'])
export class InspectionPlanEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  firmId: string | null;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'int' })
  intervalHours: number;

  @Column({ type: 'datetime', precision: 6 })
  startsAt: Date;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** When the plan stopped being walked (a firm leaving, a route replaced); null while it runs. */
  @Column({ type: 'datetime', precision: 6, nullable: true })
  endsAt: Date | null;
}

/** A checkpoint on a plan's route (巡检点), walked in sequence order. */
@Entity('inspection_checkpoint')
@Index('IDX_inspection_checkpoint_sequence', ['planId', 'sequence'], { unique: true })
export class InspectionCheckpointEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  planId: string;

  @Column({ type: 'int' })
  sequence: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location: string | null;
}

export type InspectionResult = 'OK' | 'FINDING';

/** A checkpoint inspected (巡检记录); a FINDING opens a work order in the same transaction. */
@Entity('inspection_record')
@Index('IDX_inspection_record_plan_time', ['planId', 'inspectedAt'])
@Index('IDX_inspection_record_source', ['planId', 'sourceRef'], { unique: true })
export class InspectionRecordEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  planId: string;

  @Column({ type: 'varchar', length: 36 })
  checkpointId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'datetime', precision: 6 })
  inspectedAt: Date;

  @Column({ type: 'varchar', length: 60 })
  inspector: string;

  @Column({ type: 'varchar', length: 8 })
  result: InspectionResult;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ type: 'simple-json' })
  photoUrls: string[];

  @Column({ type: 'varchar', length: 36, nullable: true })
  workOrderId: string | null;

  /** The patrol device's own record id; a resend with the same one changes nothing. */
  @Column({ type: 'varchar', length: 80 })
  sourceRef: string;
}
