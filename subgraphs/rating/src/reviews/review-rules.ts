import { badInput } from '@hub/platform';

/**
 * Owners' committee performance review (业委会履职评议): a yearly 100-point review by a panel
 * (the community Party secretary and residents' representatives) and half-year checks. Two
 * failing yearly reviews in a row raise a re-election flag (换届提示).
 */
export type ReviewKind = 'YEARLY' | 'HALF_YEAR';
export type PanelRole = 'PARTY_SECRETARY' | 'RESIDENT_REPRESENTATIVE';

/** The least a panel must have scored before the review can be published. */
export const PANEL_QUORUM = { PARTY_SECRETARY: 1, RESIDENT_REPRESENTATIVE: 2 } as const;
/** Default pass mark: 60 of 100 points; a score exactly at the mark passes. */
export const DEFAULT_PASS_MARK = 60;

export function validateReviewPeriod(kind: ReviewKind, period: string): number {
  const m = kind === 'YEARLY' ? /^(\d{4})$/.exec(period) : /^(\d{4})-H[12]$/.exec(period);
  if (!m) throw badInput(kind === 'YEARLY' ? `A yearly review's period is a year like 2026, got "${period}"` : `A half-year check's period is written 2026-H1 or 2026-H2, got "${period}"`, { field: 'period' });
  return Number(m[1]);
}

/** Mean of the panel's 0–100 points in hundredths of a point, rounded half up. */
export function reviewScore(points: number[]): number {
  if (points.length === 0) throw new RangeError('no panel scores');
  const sum = points.reduce((a, p) => a + p, 0);
  return Math.floor((2 * sum * 100 + points.length) / (2 * points.length));
}

export const passed = (scoreCentipoints: number, passMarkCentipoints: number): boolean => scoreCentipoints >= passMarkCentipoints;

/** What the panel still lacks before publication; empty when the quorum is met. */
export function quorumShortfall(submitted: PanelRole[]): string[] {
  return (Object.keys(PANEL_QUORUM) as PanelRole[])
    .map((role) => ({ role, have: submitted.filter((r) => r === role).length, need: PANEL_QUORUM[role] }))
    .filter((x) => x.have < x.need)
    .map((x) => `${x.need - x.have} more ${x.role} score${x.need - x.have === 1 ? '' : 's'}`);
}

/**
 * Years to flag when the yearly review of `year` fails: that year and the one before, if the
 * previous year's published yearly review failed too; otherwise null.
 */
export function reelectionYears(year: number, failedThisYear: boolean, yearlyHistory: { year: number; passed: boolean }[]): number[] | null {
  if (!failedThisYear) return null;
  const previous = yearlyHistory.find((h) => h.year === year - 1);
  return previous && !previous.passed ? [year - 1, year] : null;
}
