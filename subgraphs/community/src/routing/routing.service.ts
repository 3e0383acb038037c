import type { EntityManager } from 'typeorm';
import { badInput, requireRole, Role, transaction, type RequestContext } from '@hub/platform';
import { RequestRouteEntity } from './request-route.entity';
import { effectiveRoutes, routeFor, routeProblems, type Route } from './routing-table';

const toRoute = (r: RequestRouteEntity): Route => ({ category: r.category, label: r.label, responsible: r.responsible, slaSeconds: r.slaSeconds });

/** The routing table in force, read once per request (a handful of rows). */
export function routingTable(ctx: Pick<RequestContext, 'loaders' | 'ds'>): Promise<Route[]> {
  return ctx.loaders
    .get<'all', Route[]>('RequestRoute.all', async (keys) => {
      const rows = await ctx.ds.getRepository(RequestRouteEntity).find();
      return keys.map(() => effectiveRoutes(rows.map(toRoute)));
    })
    .load('all');
}

/** The route of a category inside a transaction, or BAD_USER_INPUT listing the known categories. */
export async function routeForCategory(manager: EntityManager, category: string): Promise<Route> {
  const stored = (await manager.find(RequestRouteEntity)).map(toRoute);
  const route = routeFor(category, stored);
  if (!route) {
    const known = effectiveRoutes(stored).map((r) => r.category);
    throw badInput(`Unknown request category "${category}"; use one of ${known.join(', ')}`, { field: 'category', known });
  }
  return route;
}

/** Sets a category's responsible party and SLA (admins only); applies to requests submitted afterwards. */
export async function setRequestRoute(ctx: RequestContext, input: Route): Promise<Route> {
  requireRole(ctx.claims, Role.ADMIN);
  const route: Route = { ...input, label: input.label.trim() };
  const problems = routeProblems(route);
  if (problems.length) throw badInput(problems.map((p) => p.message).join('; '), { problems });
  return transaction(ctx.ds, async (manager) => {
    const existing = await manager.findOne(RequestRouteEntity, { where: { category: route.category } });
    if (existing) await manager.update(RequestRouteEntity, { id: existing.id }, { label: route.label, responsible: route.responsible, slaSeconds: route.slaSeconds });
    else await manager.save(manager.create(RequestRouteEntity, route));
    return route;
  });
}
