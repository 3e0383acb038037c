import { badInput } from '@hub/platform';

/**
 * A statement period: a calendar month ("2026-10") or quarter ("2026-Q4"), in UTC. `start` is
 * inclusive, `end` exclusive, so consecutive periods neither overlap nor leave gaps.
 */
export interface Period {
  label: string;
  kind: 'MONTH' | 'QUARTER';
  start: Date;
  end: Date;
  /** First and last day, ISO dates, as shown on the statement. */
  firstDay: string;
  lastDay: string;
}

/** Days after a period's end by which its statement is due (published). */
export const STATEMENT_DUE_DAYS = 15;

const DAY_MS = 86_400_000;

export function parsePeriod(label: string): Period {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (!month && !quarter) throw badInput(`period "${label}" must be a month like 2026-10 or a quarter like 2026-Q4`, { argument: 'period' });
  const year = Number((month ?? quarter)![1]);
  const startMonth = month ? Number(month[2]) - 1 : (Number(quarter![2]) - 1) * 3;
  const start = new Date(Date.UTC(year, startMonth, 1));
  const end = new Date(Date.UTC(year, startMonth + (month ? 1 : 3), 1));
  return { label, kind: month ? 'MONTH' : 'QUARTER', start, end, firstDay: isoDay(start), lastDay: isoDay(new Date(end.getTime() - DAY_MS)) };
}

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

export const hasEnded = (p: Period, now: Date): boolean => now.getTime() >= p.end.getTime();

/** Due when STATEMENT_DUE_DAYS full days have passed after the period's end. */
export const isOverdue = (p: Period, now: Date): boolean => now.getTime() >= p.end.getTime() + STATEMENT_DUE_DAYS * DAY_MS;

/** The months whose whole span lies within [from, to). */
export function monthsWithin(from: Date, to: Date): Period[] {
  const out: Period[] = [];
  let y = from.getUTCFullYear();
  let m = from.getUTCMonth();
  if (from.getTime() > Date.UTC(y, m, 1)) m++;
  for (;;) {
    const p = parsePeriod(`${y + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
    if (p.end.getTime() > to.getTime()) return out;
    out.push(p);
    m++;
  }
}

/** Is an accounting date inside a period already closed by a published statement? */
export const isClosed = (bookedAt: Date, closedThrough: string | null): boolean => closedThrough !== null && isoDay(bookedAt) <= closedThrough;
