import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where a compound sits in the region tree, as announced by the community subgraph's
 * CompoundRegistered events; finance needs it to decide which officials may see the money.
 */
@Entity('compound_scope')
export class CompoundScopeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  compoundId: string;

  /** Region codes from community up to district, comma-separated. */
  @Column({ type: 'varchar', length: 120 })
  regionPath: string;
}
