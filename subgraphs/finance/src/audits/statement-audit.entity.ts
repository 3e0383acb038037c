import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuditStatus } from './audit-status';

/**
 * Where the joint audit of one published statement stands, kept beside the frozen statement:
 * `auditStatus` of its sign-offs and findings, rewritten in the transaction of every sign-off,
 * finding and resolution. What `financeStats` counts and pages through, so that a region's
 * statements are not brought into the subgraph to derive it (docs/adr/0006-analyst-summaries.md).
 */
@Entity('statement_audit')
// A region's statements of a period by status: reached from `compound_scope`, read from the index alone.
@Index('IDX_statement_audit_compound', ['compoundId', 'period', 'status'])
export class StatementAuditEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  statementId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** The statement's period, 2026-10 or 2026-Q4. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'varchar', length: 16 })
  status: AuditStatus;
}
