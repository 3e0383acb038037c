import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type SourceKind = 'ERP' | 'UTILITY';

/**
 * A system the hub takes data from (数据源): a property firm's ERP or a utility's. The id is a
 * slug the admin chooses (`chunjiang-erp`), also the path of its pushes and the `source` claim
 * of its integration token. Credentials are a reference (`env:NAME`) resolved when used.
 */
@Entity('ingestion_source')
export class IngestionSourceEntity {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  id: string;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;

  @Column({ type: 'varchar', length: 8 })
  kind: SourceKind;

  @Column({ type: 'varchar', length: 40 })
  adapter: string;

  @Column({ type: 'varchar', length: 500 })
  baseUrl: string;

  @Column({ type: 'varchar', length: 200 })
  credentialsRef: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  firmId: string | null;

  @Column({ type: 'int' })
  scheduleSeconds: number;

  @Column({ type: 'int' })
  pageSize: number;

  @Column({ type: 'int' })
  rateLimitPerSecond: number;

  /** Where the next pull starts; null: from the beginning. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  cursor: string | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  pausedReason: string | null;

  @Column({ type: 'int', default: 0 })
  consecutiveFailures: number;

  /** After a failed fetch: no pull before this (exponential backoff). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  retryAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastRunAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastSuccessAt: Date | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;
}
