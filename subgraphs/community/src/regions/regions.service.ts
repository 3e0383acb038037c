import { loadOneBy, type RequestContext } from '@hub/platform';
import { RegionEntity } from './region.entity';

/** Regions by code through one per-request batch, whatever the number of compounds asking. */
export const regionByCode = (ctx: RequestContext, code: string) => loadOneBy(ctx, RegionEntity, 'code', code);
