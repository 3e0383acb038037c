import { isIsoDate } from '../scope/period';

/** Longest period one statistics query covers: a leap year. */
export const MAX_STATS_DAYS = 366;

const DAY_MS = 86_400_000;

/**
 * A period of whole UTC days, both ends included, as the half-open instants [from, toExclusive)
 * the figures are counted over; or the problem with it.
 */
export function statsWindow(from: string, to: string): { from: Date; toExclusive: Date } | { problem: string } {
  if (!isIsoDate(from) || !isIsoDate(to)) return { problem: `from and to must be dates written YYYY-MM-DD; got ${from} and ${to}` };
  if (to < from) return { problem: `to ${to} is before from ${from}` };
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY_MS);
  const days = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  if (days > MAX_STATS_DAYS) return { problem: `the period covers ${days} days; ask for at most ${MAX_STATS_DAYS} at a time` };
  return { from: start, toExclusive: end };
}
