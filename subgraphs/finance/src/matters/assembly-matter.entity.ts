import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An owners' assembly decision (业主大会表决结果) as announced by the community subgraph's
 * MatterDecided events; the id is the community's matter id. Finance only keeps what it checks
 * spending and the maintenance fund against.
 */
@Entity('assembly_matter')
@Index('IDX_assembly_matter_compound', ['compoundId'])
export class AssemblyMatterEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** Civil Code art. 278 item, 1–9. */
  @Column({ type: 'int' })
  article278Item: number;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'boolean' })
  passed: boolean;

  @Column({ type: 'datetime', precision: 3 })
  decidedAt: Date;
}
