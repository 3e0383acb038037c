import { loadOneBy, type RequestContext } from '@hub/platform';
import { loadManyBy } from '../compounds/batch';
import { RegionEntity } from './region.entity';

/** Regions by code through one per-request batch, whatever the number of compounds asking. */
export const regionByCode = (ctx: RequestContext, code: string) => loadOneBy(ctx, RegionEntity, 'code', code);

/** Regions directly below, batched per request. */
export const regionChildren = (ctx: RequestContext, code: string) => loadManyBy(ctx, RegionEntity, 'parentCode', code, { code: 'ASC' });
