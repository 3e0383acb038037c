import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, MoneyColumn } from '@hub/platform';

export type ProjectKind = 'ELEVATOR_RENEWAL' | 'GAS_PIPELINE' | 'OTHER';
export type ProjectIncidentKind = 'ACCIDENT' | 'DISTURBANCE' | 'COMPLAINT';

/** A renovation project (改造项目) in one compound or across a community. */
@Entity('renovation_project')
@Index('IDX_project_compound', ['compoundId'])
@Index('IDX_project_community', ['communityCode'])
export class RenovationProjectEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ProjectKind;

  @Column({ type: 'varchar', length: 36, nullable: true })
  compoundId: string | null;

  /** 12-digit community code; its street and district follow from the code itself. */
  @Column({ type: 'varchar', length: 12 })
  communityCode: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  firmId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  contractor: string | null;

  @Column({ type: 'int' })
  unitsPlanned: number;

  @Column({ type: 'int', default: 0 })
  unitsDone: number;

  /** The budget line's reference in the finance subgraph. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  budgetReference: string | null;

  @MoneyColumn({ nullable: true, default: undefined })
  budgetFen: number | null;

  @Column({ type: 'date' })
  startsOn: string;

  @Column({ type: 'date', nullable: true })
  endsOn: string | null;
}

/** A milestone of a project (节点). */
@Entity('project_milestone')
@Index('IDX_milestone_project', ['projectId', 'dueOn'])
export class ProjectMilestoneEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  projectId: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'date', nullable: true })
  reachedOn: string | null;
}

/** One accident, disturbance or complaint recorded against a project. */
@Entity('project_incident')
@Index('IDX_incident_project', ['projectId', 'kind'])
export class ProjectIncidentEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  projectId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ProjectIncidentKind;

  @Column({ type: 'datetime', precision: 3 })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 500 })
  note: string;
}
