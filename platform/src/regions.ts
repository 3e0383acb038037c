/**
 * Region codes and statistics periods, as every subgraph's analyst queries take them.
 *
 * The 12-digit statistical region codes nest by position: 6 digits of district (GB/T 2260), 3 of
 * street, 3 of community. A code's ancestors and the prefix shared by everything inside it follow
 * from the code itself.
 */
export const REGION_CODE = /^\d{12}$/;

export type RegionLevel = 'DISTRICT' | 'STREET' | 'COMMUNITY';

export function regionLevel(code: string): RegionLevel | null {
  if (!REGION_CODE.test(code) || code.endsWith('000000000')) return null;
  if (code.endsWith('000000')) return 'DISTRICT';
  return code.endsWith('000') ? 'STREET' : 'COMMUNITY';
}

/** The code and its ancestors up to the district, narrowest first. */
export function regionPathOfCode(code: string): string[] {
  const level = regionLevel(code);
  if (!level) return [];
  const district = code.slice(0, 6) + '000000';
  const street = code.slice(0, 9) + '000';
  if (level === 'DISTRICT') return [district];
  if (level === 'STREET') return [street, district];
  return [code, street, district];
}

/** The prefix every community code inside the region starts with. */
export function regionPrefix(code: string): string | null {
  const level = regionLevel(code);
  if (!level) return null;
  return level === 'DISTRICT' ? code.slice(0, 6) : level === 'STREET' ? code.slice(0, 9) : code;
}

/** True when `code` is `region` or lies inside it. */
export const regionWithin = (code: string, region: string): boolean => regionPathOfCode(code).includes(region);

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDay(value: string): Date | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const d = new Date(`${value}T00:00:00Z`);
  // Rejects 2026-11-31, which Date would roll over into December.
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() + 1 === Number(m[2]) && d.getUTCDate() === Number(m[3]) ? d : null;
}

/**
 * The period of a statistics query as the half-open instants [from, toExclusive). Each end is a
 * date (YYYY-MM-DD, whole UTC days, both ends included: 2026-01-01 to 2026-12-31 is the year) or
 * an ISO-8601 instant with its zone (taken as it is, the end excluded).
 */
export function statsWindow(from: string, to: string, maxDays = 366): { from: Date; toExclusive: Date } | { problem: string } {
  const start = parseDay(from) ?? (INSTANT.test(from) ? new Date(from) : null);
  const endDay = parseDay(to);
  const end = endDay ? new Date(endDay.getTime() + DAY_MS) : INSTANT.test(to) ? new Date(to) : null;
  if (!start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
    return { problem: `from and to must be dates written YYYY-MM-DD or ISO-8601 instants such as 2026-10-01T00:00:00Z; got ${from} and ${to}` };
  }
  if (end.getTime() <= start.getTime()) return { problem: `to ${to} is not after from ${from}` };
  const days = Math.ceil((end.getTime() - start.getTime()) / DAY_MS);
  if (days > maxDays) return { problem: `the period covers ${days} days; ask for at most ${maxDays} at a time` };
  return { from: start, toExclusive: end };
}
