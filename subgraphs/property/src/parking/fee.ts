/**
 * Parking fees (停车收费) as pure integer arithmetic in fen. The compound's pricing rule for the
 * vehicle's class decides: owners pay a discounted rate, outside vehicles the market rate
 * (业主优惠、外来车辆市场化), each class with its own free grace period, hourly rate and cap.
 */
export interface FeeRule {
  /** A stay this long or shorter is free (免费时长); longer stays pay from the first minute. */
  freeMinutes: number;
  /** Fen per started hour. */
  hourlyFen: number;
  /** Most a vehicle pays per 24 hours counted from entry; null means no cap. */
  dailyCapFen: number | null;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/**
 * The fee for one stay. Every started hour is charged; each full 24 hours from entry costs at
 * most the daily cap, and the hours of the last, partial day are capped the same way. A vehicle
 * whose monthly pass was valid when it entered pays nothing for the stay.
 */
export function parkingFeeFen(rule: FeeRule, enteredAt: Date, exitedAt: Date, coveredByPass = false): number {
  const stayMs = exitedAt.getTime() - enteredAt.getTime();
  if (!Number.isFinite(stayMs) || stayMs < 0) throw new RangeError('a stay cannot end before it starts');
  if (coveredByPass || stayMs <= rule.freeMinutes * MINUTE_MS) return 0;
  const fullDays = Math.floor(stayMs / DAY_MS);
  const restHours = Math.ceil((stayMs - fullDays * DAY_MS) / HOUR_MS);
  const cap = (hours: number) => (rule.dailyCapFen === null ? hours * rule.hourlyFen : Math.min(hours * rule.hourlyFen, rule.dailyCapFen));
  return fullDays * cap(24) + cap(restHours);
}

/** Why a pricing rule cannot be accepted, or null when it is sound. */
export function pricingProblem(rule: FeeRule & { monthlyPassFen: number | null }): string | null {
  const fen = (v: number) => Number.isSafeInteger(v) && v >= 0;
  if (!Number.isInteger(rule.freeMinutes) || rule.freeMinutes < 0 || rule.freeMinutes > 24 * 60) return 'freeMinutes must be a whole number from 0 to 1440';
  if (!fen(rule.hourlyFen)) return 'hourlyFen must be zero or a positive whole number of fen';
  if (rule.dailyCapFen !== null && !fen(rule.dailyCapFen)) return 'dailyCapFen must be zero or a positive whole number of fen, or null for no cap';
  if (rule.monthlyPassFen !== null && !fen(rule.monthlyPassFen)) return 'monthlyPassFen must be zero or a positive whole number of fen, or null when no pass is sold';
  return null;
}

/** China Standard Time has no daylight saving: a fixed eight hours ahead of UTC. */
const CST_OFFSET_MS = 8 * HOUR_MS;

/**
 * A monthly pass (月卡) runs over a calendar month in China Standard Time: "2026-11" is from
 * 2026-10-31T16:00Z (inclusive) to 2026-11-30T16:00Z (exclusive). Null for a malformed month.
 */
export function passMonthWindow(month: string): { from: Date; to: Date } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  if (index < 0 || index > 11 || year < 2000 || year > 2999) return null;
  return { from: new Date(Date.UTC(year, index, 1) - CST_OFFSET_MS), to: new Date(Date.UTC(year, index + 1, 1) - CST_OFFSET_MS) };
}

/** The China Standard Time calendar month ("YYYY-MM") an instant falls in. */
export const passMonthOf = (at: Date): string => new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 7);
