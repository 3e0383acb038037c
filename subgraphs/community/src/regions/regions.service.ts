import { In } from 'typeorm';
import { byKeys, type RequestContext } from '@hub/platform';
import { RegionEntity } from './region.entity';

/** Regions by code through one per-request batch, whatever the number of compounds asking. */
export function regionByCode(ctx: RequestContext, code: string): Promise<RegionEntity | null> {
  return ctx.loaders
    .get<string, RegionEntity | null>('region', async (codes) =>
      byKeys(codes, await ctx.ds.getRepository(RegionEntity).findBy({ code: In([...codes]) }), (r) => r.code),
    )
    .load(code);
}
