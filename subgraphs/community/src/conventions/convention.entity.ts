import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import { jsonText } from '../matters/persistence';
import type { ConventionKind, ConventionRule, EscalationStep } from './convention-rules';

export type ConventionStatus = 'DRAFT' | 'ADOPTED' | 'NOT_ADOPTED';

/**
 * A convention (居民公约, 停车公约): rules as data, drafted with the matter that puts it to the
 * owners, adopted only when that matter passes.
 */
@Entity('convention')
@Index('IDX_convention_compound', ['compoundId', 'status'])
@Index('IDX_convention_matter', ['matterId'], { unique: true })
export class ConventionEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 36 })
  matterId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ConventionKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', transformer: jsonText })
  rules: ConventionRule[];

  /** Per vehicle (parking) or per breach: the action at the n-th breach. Empty when the convention has none. */
  @Column({ type: 'text', transformer: jsonText })
  escalation: EscalationStep[];

  @Column({ type: 'varchar', length: 16 })
  status: ConventionStatus;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  adoptedAt: Date | null;
}
