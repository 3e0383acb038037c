import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where a record was refused: by the adapter's validation or by the applier. */
export type QuarantineStage = 'MAP' | 'APPLY';
/** ACCEPTED: mapped and applied (or found already applied); REJECTED: refused again, see the newer record. */
export type ReplayOutcome = 'ACCEPTED' | 'REJECTED';

/**
 * A record refused on its way in (隔离记录), kept with the reason and the raw payload so that it
 * can be replayed after the adapter or the data is fixed; a replayed one is marked and never
 * replayed again (a refusal on replay is a new quarantined record with the new reason).
 */
@Entity('ingestion_quarantine')
@Index('IDX_quarantine_source', ['sourceId', 'id'])
@Index('IDX_quarantine_batch', ['batchId'])
export class QuarantinedRecordEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @Column({ type: 'varchar', length: 60 })
  sourceId: string;

  @Column({ type: 'varchar', length: 36 })
  batchId: string;

  /** Position of the record in its batch. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ type: 'varchar', length: 8 })
  stage: QuarantineStage;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ type: 'json' })
  raw: unknown;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  replayedAt: Date | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  replayOutcome: ReplayOutcome | null;
}
