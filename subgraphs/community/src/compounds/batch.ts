import { In, MoreThan, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { pageWindow, toConnection, type PageArgs, type RequestContext } from '@hub/platform';

/**
 * All rows whose `column` equals the given value, batched per request: the parents of one list
 * field cost one `WHERE column IN (...)` together.
 */
export function loadManyBy<T extends ObjectLiteral, K extends keyof T & string>(
  ctx: RequestContext,
  entity: EntityTarget<T>,
  column: K,
  value: T[K],
  order: Partial<Record<keyof T & string, 'ASC' | 'DESC'>> = { id: 'ASC' } as never,
): Promise<T[]> {
  const name = `${ctx.ds.getMetadata(entity).name}.many.${column}.${JSON.stringify(order)}`;
  return ctx.loaders
    .get<T[K], T[]>(name, async (values) => {
      const rows = await ctx.ds.getRepository(entity).find({ where: { [column]: In([...values]) } as FindOptionsWhere<T>, order: order as never });
      const groups = new Map<T[K], T[]>();
      for (const row of rows) {
        const list = groups.get(row[column]) ?? [];
        list.push(row);
        groups.set(row[column], list);
      }
      return values.map((v) => groups.get(v) ?? []);
    })
    .load(value);
}

/**
 * One Relay page of the children of a parent (units of a compound, say), batched per request.
 * A single parent, the usual case and the one with thousands of children, is a keyset query of
 * one page; several parents in one request share one query that reads their children together
 * and pages each in memory.
 */
export function childPage<T extends ObjectLiteral & { id: string }, K extends keyof T & string>(
  ctx: RequestContext,
  entity: EntityTarget<T>,
  column: K,
  value: T[K],
  args: PageArgs,
) {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const name = `${ctx.ds.getMetadata(entity).name}.page.${column}.${limit}.${afterId ?? ''}`;
  return ctx.loaders
    .get<T[K], ReturnType<typeof toConnection<T>>>(name, async (values) => {
      const repo = ctx.ds.getRepository(entity);
      const idWhere = afterId ? { id: MoreThan(afterId) } : {};
      if (values.length === 1) {
        const rows = await repo.find({ where: { [column]: values[0], ...idWhere } as FindOptionsWhere<T>, order: { id: 'ASC' } as never, take: limit + 1 });
        return [toConnection(rows, limit, afterId !== null)];
      }
      const rows = await repo.find({ where: { [column]: In([...values]), ...idWhere } as FindOptionsWhere<T>, order: { id: 'ASC' } as never });
      const groups = new Map<T[K], T[]>();
      for (const row of rows) {
        const list = groups.get(row[column]) ?? [];
        list.push(row);
        groups.set(row[column], list);
      }
      return values.map((v) => toConnection((groups.get(v) ?? []).slice(0, limit + 1), limit, afterId !== null));
    })
    .load(value);
}

