import { In, MoreThan } from 'typeorm';
import { byKeys, pageWindow, toConnection, type PageArgs, type RequestContext } from '@hub/platform';
import { CompoundEntity } from './compound.entity';

export function compoundById(ctx: RequestContext, id: string): Promise<CompoundEntity | null> {
  return ctx.loaders
    .get<string, CompoundEntity | null>('compound', async (ids) =>
      byKeys(ids, await ctx.ds.getRepository(CompoundEntity).findBy({ id: In([...ids]) }), (c) => c.id),
    )
    .load(id);
}

export async function listCompounds(ctx: RequestContext, args: PageArgs) {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const rows = await ctx.ds.getRepository(CompoundEntity).find({
    where: afterId ? { id: MoreThan(afterId) } : {},
    order: { id: 'ASC' },
    take: limit + 1,
  });
  return toConnection(rows, limit, afterId !== null);
}
