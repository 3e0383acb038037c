/**
 * The routing table of resident requests (派单规则): which party answers for each category and
 * how long it has (SLA) before the request escalates a level. Kept as data: the defaults below
 * apply until an administrator sets a category's own row.
 */
export const RESPONSIBLE_PARTIES = ['PROPERTY_FIRM', 'RESIDENTS_COMMITTEE', 'OWNERS_COMMITTEE', 'UTILITY'] as const;
export type ResponsibleParty = (typeof RESPONSIBLE_PARTIES)[number];

export interface Route {
  category: string;
  label: string;
  responsible: ResponsibleParty;
  /** Time allowed at each level before the request escalates, in seconds. */
  slaSeconds: number;
}

const HOUR = 3600;

export const DEFAULT_ROUTES: readonly Route[] = [
  { category: 'REPAIR', label: '报修', responsible: 'PROPERTY_FIRM', slaSeconds: 72 * HOUR },
  { category: 'DISPUTE', label: '邻里纠纷', responsible: 'RESIDENTS_COMMITTEE', slaSeconds: 72 * HOUR },
  { category: 'OWNERS_MATTER', label: '业主事务', responsible: 'OWNERS_COMMITTEE', slaSeconds: 7 * 24 * HOUR },
  // A gas leak cannot wait three days.
  { category: 'GAS', label: '燃气', responsible: 'UTILITY', slaSeconds: 4 * HOUR },
  { category: 'WATER', label: '供水', responsible: 'UTILITY', slaSeconds: 24 * HOUR },
  { category: 'POWER', label: '供电', responsible: 'UTILITY', slaSeconds: 24 * HOUR },
];

export const SLA_MIN_SECONDS = 1;
export const SLA_MAX_SECONDS = 90 * 24 * HOUR;
const CATEGORY = /^[A-Z][A-Z0-9_]{1,31}$/;

/** The table in force: stored rows override the defaults category by category; sorted by category. */
export function effectiveRoutes(stored: readonly Route[]): Route[] {
  const byCategory = new Map<string, Route>(DEFAULT_ROUTES.map((r) => [r.category, r]));
  for (const r of stored) byCategory.set(r.category, r);
  return [...byCategory.values()].sort((a, b) => a.category.localeCompare(b.category));
}

export function routeFor(category: string, stored: readonly Route[]): Route | null {
  return effectiveRoutes(stored).find((r) => r.category === category) ?? null;
}

/** What is wrong with a route an administrator wants to set, field by field; empty when nothing. */
export function routeProblems(route: Route): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!CATEGORY.test(route.category)) problems.push({ field: 'category', message: `category must be 2–32 capital letters, digits or underscores, starting with a letter (e.g. REPAIR), got "${route.category}"` });
  if (!(RESPONSIBLE_PARTIES as readonly string[]).includes(route.responsible)) problems.push({ field: 'responsible', message: `responsible must be one of ${RESPONSIBLE_PARTIES.join(', ')}` });
  if (!Number.isInteger(route.slaSeconds) || route.slaSeconds < SLA_MIN_SECONDS || route.slaSeconds > SLA_MAX_SECONDS) {
    problems.push({ field: 'slaSeconds', message: `slaSeconds must be a whole number from ${SLA_MIN_SECONDS} to ${SLA_MAX_SECONDS} (90 days), got ${route.slaSeconds}` });
  }
  const label = route.label.trim();
  if (label.length < 1 || label.length > 100) problems.push({ field: 'label', message: 'label must be 1–100 characters' });
  return problems;
}
