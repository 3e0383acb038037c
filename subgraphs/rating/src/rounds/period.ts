import { badInput } from '@hub/platform';

/** A rating period is a calendar quarter, written 2026-Q3; as text it sorts chronologically. */
const QUARTER = /^(\d{4})-Q([1-4])$/;

export interface Quarter {
  year: number;
  quarter: number;
  /** First instant of the quarter, UTC. */
  start: Date;
  /** First instant of the next quarter, UTC (exclusive end). */
  end: Date;
}

export function parseQuarter(period: string): Quarter {
  const m = QUARTER.exec(period);
  if (!m) throw badInput(`Period "${period}" must be a quarter written like 2026-Q3`, { field: 'period' });
  const year = Number(m[1]);
  const quarter = Number(m[2]);
  if (year < 2000 || year > 2100) throw badInput(`Period year ${year} is outside 2000–2100`, { field: 'period' });
  return { year, quarter, start: new Date(Date.UTC(year, (quarter - 1) * 3, 1)), end: new Date(Date.UTC(year, quarter * 3, 1)) };
}

/** Quarter as ISO dates for comparing with contract dates (YYYY-MM-DD): first day and last day. */
export function quarterDates(q: Quarter): { first: string; last: string } {
  const last = new Date(q.end.getTime() - 24 * 3600 * 1000);
  return { first: q.start.toISOString().slice(0, 10), last: last.toISOString().slice(0, 10) };
}
