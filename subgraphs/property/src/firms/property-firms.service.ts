import { In } from 'typeorm';
import { byKeys, type RequestContext } from '@hub/platform';
import { PropertyFirmEntity } from './property-firm.entity';

export function firmById(ctx: RequestContext, id: string): Promise<PropertyFirmEntity | null> {
  return ctx.loaders
    .get<string, PropertyFirmEntity | null>('firm', async (ids) =>
      byKeys(ids, await ctx.ds.getRepository(PropertyFirmEntity).findBy({ id: In([...ids]) }), (f) => f.id),
    )
    .load(id);
}
