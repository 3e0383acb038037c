import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import type { AuditorRole } from './audit-status';

export type FindingStatus = 'OPEN' | 'RESOLVED';

/** A finding an auditor raised on a statement (审计意见), open until the committee resolves it. */
@Entity('audit_finding')
@Index('IDX_audit_finding_statement', ['statementId'])
@Index('IDX_audit_finding_compound_status', ['compoundId', 'status'])
export class AuditFindingEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  statementId: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 32 })
  auditorRole: AuditorRole;

  @Column({ type: 'varchar', length: 64 })
  raisedBy: string;

  @Column({ type: 'varchar', length: 2000 })
  description: string;

  @Column({ type: 'varchar', length: 16 })
  status: FindingStatus;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  resolution: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  resolvedAt: Date | null;
}
