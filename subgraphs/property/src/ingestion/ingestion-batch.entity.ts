import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type BatchOrigin = 'PULL' | 'PUSH';
/** STAGED: durable, not yet applied; APPLIED: done once; DEAD: its apply kept failing (dead-letter, replayable). */
export type BatchStatus = 'STAGED' | 'APPLIED' | 'DEAD';

/**
 * A batch of raw records (接入批次) exactly as a source gave them, written to the database before
 * anything else happens to them: Redis holds only the trigger, so losing Redis or a worker loses
 * no record, and applying twice is refused by the status.
 */
@Entity('ingestion_batch')
@Index('IDX_ingestion_batch_push', ['sourceId', 'pushId'], { unique: true })
@Index('IDX_ingestion_batch_status', ['status', 'createdAt'])
@Index('IDX_ingestion_batch_source', ['sourceId', 'status'])
export class IngestionBatchEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @Column({ type: 'varchar', length: 60 })
  sourceId: string;

  @Column({ type: 'varchar', length: 8 })
  origin: BatchOrigin;

  /** A push's `webhook-id`: the same id again is the same batch. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  pushId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  cursorFrom: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  cursorTo: string | null;

  @Column({ type: 'json' })
  records: unknown[];

  @Column({ type: 'varchar', length: 8 })
  status: BatchStatus;

  @Column({ type: 'int' })
  received: number;

  @Column({ type: 'int', default: 0 })
  accepted: number;

  @Column({ type: 'int', default: 0 })
  rejected: number;

  @Column({ type: 'int', default: 0 })
  applied: number;

  @Column({ type: 'int', default: 0 })
  unchanged: number;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  appliedAt: Date | null;
}
