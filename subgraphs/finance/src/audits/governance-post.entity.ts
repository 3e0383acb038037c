import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A post in a community organisation (任职) as announced by the community subgraph's PostChanged
 * events; the id is the community's post id. Finance keeps it to know who sits on a compound's
 * owners' committee or supervisory board (业委会, 监事会) when they sign a joint audit.
 */
@Entity('governance_post')
@Index('IDX_governance_post_person_compound', ['personId', 'compoundId'])
export class GovernancePostEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The community subgraph's Person id: a resident's token carries it as `sub`. */
  @Column({ type: 'varchar', length: 36 })
  personId: string;

  @Column({ type: 'varchar', length: 36 })
  organisationId: string;

  @Column({ type: 'varchar', length: 32 })
  organisationKind: string;

  /** Null when the organisation serves no single compound. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  compoundId: string | null;

  @Column({ type: 'varchar', length: 50 })
  role: string;

  /** ISO date. */
  @Column({ type: 'varchar', length: 10 })
  startsOn: string;

  /** ISO date, exclusive: the post is no longer held on it. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  endsOn: string | null;
}
