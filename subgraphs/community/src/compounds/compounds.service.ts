import { MoreThan } from 'typeorm';
import { loadOneBy, pageWindow, toConnection, type PageArgs, type RequestContext } from '@hub/platform';
import { CompoundEntity } from './compound.entity';

export const compoundById = (ctx: RequestContext, id: string) => loadOneBy(ctx, CompoundEntity, 'id', id);

export async function listCompounds(ctx: RequestContext, args: PageArgs) {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const rows = await ctx.ds.getRepository(CompoundEntity).find({
    where: afterId ? { id: MoreThan(afterId) } : {},
    order: { id: 'ASC' },
    take: limit + 1,
  });
  return toConnection(rows, limit, afterId !== null);
}
