import { DEFAULT_ROUTES, effectiveRoutes, routeFor, routeProblems, SLA_MAX_SECONDS, type Route } from './routing-table';

const repair: Route = { category: 'REPAIR', label: '报修', responsible: 'PROPERTY_FIRM', slaSeconds: 10 };

describe('routing table', () => {
  it('routes by default as the issue says: repairs to the firm, disputes to the residents\' committee, owners\' matters to the owners\' committee, utilities to the utility', () => {
    const by = (c: string) => routeFor(c, [])?.responsible;
    expect([by('REPAIR'), by('DISPUTE'), by('OWNERS_MATTER'), by('GAS'), by('WATER'), by('POWER')]).toEqual([
      'PROPERTY_FIRM', 'RESIDENTS_COMMITTEE', 'OWNERS_COMMITTEE', 'UTILITY', 'UTILITY', 'UTILITY',
    ]);
    expect(routeFor('UNKNOWN', [])).toBeNull();
  });

  it('lets a stored row override its category only, and add new ones', () => {
    const routes = effectiveRoutes([repair, { category: 'PARKING', label: '停车', responsible: 'OWNERS_COMMITTEE', slaSeconds: 60 }]);
    expect(routes).toHaveLength(DEFAULT_ROUTES.length + 1);
    expect(routeFor('REPAIR', [repair])?.slaSeconds).toBe(10);
    expect(routeFor('GAS', [repair])?.slaSeconds).toBe(4 * 3600);
    expect(routes.map((r) => r.category)).toEqual([...routes.map((r) => r.category)].sort());
  });

  it('accepts SLAs from 1 second to exactly 90 days', () => {
    expect(routeProblems({ ...repair, slaSeconds: 1 })).toEqual([]);
    expect(routeProblems({ ...repair, slaSeconds: SLA_MAX_SECONDS })).toEqual([]);
    expect(routeProblems({ ...repair, slaSeconds: 0 }).map((p) => p.field)).toEqual(['slaSeconds']);
    expect(routeProblems({ ...repair, slaSeconds: SLA_MAX_SECONDS + 1 }).map((p) => p.field)).toEqual(['slaSeconds']);
    expect(routeProblems({ ...repair, slaSeconds: 1.5 }).map((p) => p.field)).toEqual(['slaSeconds']);
  });

  it('names each bad field', () => {
    const problems = routeProblems({ category: 'repair', label: ' ', responsible: 'PLUMBER' as never, slaSeconds: 5 });
    expect(problems.map((p) => p.field)).toEqual(['category', 'responsible', 'label']);
    expect(routeProblems({ ...repair, category: 'R' }).map((p) => p.field)).toEqual(['category']);
    expect(routeProblems({ ...repair, category: 'R'.repeat(32) })).toEqual([]);
    expect(routeProblems({ ...repair, category: 'R'.repeat(33) }).map((p) => p.field)).toEqual(['category']);
  });
});
