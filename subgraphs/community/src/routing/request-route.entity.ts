import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '@hub/platform';
import type { ResponsibleParty } from './routing-table';

/** An administrator's row of the request routing table (派单规则), overriding the default for its category. */
@Entity('request_route')
export class RequestRouteEntity extends BaseEntity {
  @Index('IDX_request_route_category', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  category: string;

  @Column({ type: 'varchar', length: 100 })
  label: string;

  @Column({ type: 'varchar', length: 32 })
  responsible: ResponsibleParty;

  @Column({ type: 'int' })
  slaSeconds: number;
}
