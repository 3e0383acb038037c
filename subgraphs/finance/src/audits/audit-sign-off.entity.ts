import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import type { AuditorRole } from './audit-status';

/** An auditor's sign-off on a published statement (联审签字). */
@Entity('audit_sign_off')
@Index('IDX_audit_sign_off_auditor', ['statementId', 'auditorRole', 'auditorId'], { unique: true })
export class AuditSignOffEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  statementId: string;

  @Column({ type: 'varchar', length: 32 })
  auditorRole: AuditorRole;

  @Column({ type: 'varchar', length: 64 })
  auditorId: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;
}
