import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, MoneyColumn } from '@hub/platform';
import type { ApprovalBasis, Fund, SpendingStatus } from './approval';

/** A spending request (支出申请): the only way money leaves an owners' fund. */
@Entity('spending_request')
@Index('IDX_spending_request_key', ['compoundId', 'idempotencyKey'], { unique: true })
export class SpendingRequestEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** The caller's key: raising the same request twice returns the first one. */
  @Column({ type: 'varchar', length: 100 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 32 })
  fund: Fund;

  @Column({ type: 'varchar', length: 64, default: '' })
  buildingRef: string;

  @Column({ type: 'varchar', length: 32 })
  category: string;

  @MoneyColumn()
  amountFen: number;

  @Column({ type: 'varchar', length: 200 })
  payee: string;

  @Column({ type: 'varchar', length: 1000 })
  purpose: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  matterId: string | null;

  @Column({ type: 'boolean', default: false })
  emergency: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: SpendingStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  basis: ApprovalBasis | null;

  @Column({ type: 'varchar', length: 64 })
  raisedBy: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  approvedBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  approvedAt: Date | null;

  /** Within the authorised limit the approval is filed with the community (报社区备案). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  filedWithCommunityAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  emergencyApprovedBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  emergencyApprovedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  coSignedBy: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  coSignedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  rejectedBy: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  rejectionReason: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  paidAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  entryId: string | null;
}
