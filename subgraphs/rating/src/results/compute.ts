import { add, fraction, mul, toBasisPoints, toCentipoints, type Fraction } from './fixed-point';
import { SATISFACTION_GROUP, type RaterGroup, type SchemeRules } from '../schemes/scheme-rules';

/** One rater's sheet: indicator code → whole points 0–100, every indicator of the scheme once. */
export interface Sheet {
  group: RaterGroup;
  scores: Record<string, number>;
}

export interface GroupOutcome {
  group: RaterGroup;
  /** Raters who submitted (for resident satisfaction: responses). */
  raters: number;
  minRaters: number;
  complete: boolean;
  proportionBp: number;
  /** The proportion actually applied after the incomplete-group rule; 0 for a group left out. */
  appliedBp: number;
  /** Weighted group score in hundredths of a point; null when nobody rated. */
  scoreCentipoints: number | null;
  /** The group's mean per indicator in hundredths of a point (empty for resident satisfaction and when nobody rated). */
  indicators: { code: string; meanCentipoints: number }[];
}

export type ComputedResult =
  | { outcome: 'RATED'; scoreCentipoints: number; groups: GroupOutcome[] }
  | { outcome: 'WITHHELD'; reason: string; groups: GroupOutcome[] };

/** A reporter's satisfaction 1–5 as points: 1 → 0, 2 → 25, … 5 → 100. */
export const satisfactionPoints = (satisfaction: number): number => (satisfaction - 1) * 25;

/**
 * A compound's result for one round: per group the mean of each indicator, weighted into the
 * group's score; the groups weighted by their proportions into the overall score. A group below
 * its minimum follows the scheme's rule (REDISTRIBUTE or WITHHOLD). Exact until one final
 * rounding half up to hundredths of a point.
 *
 * `satisfaction` holds the 1–5 answers of closed requests in the period; it is used only when
 * the scheme has a RESIDENT_SATISFACTION group.
 */
export function computeResult(scheme: SchemeRules, sheets: Sheet[], satisfaction: number[] = []): ComputedResult {
  const exact = new Map<RaterGroup, Fraction>();
  const groups: GroupOutcome[] = scheme.groups.map((rule) => {
    const base = { group: rule.group, minRaters: rule.minRaters, proportionBp: rule.proportionBp, appliedBp: 0 };
    if (rule.group === SATISFACTION_GROUP) {
      const n = satisfaction.length;
      if (n > 0) exact.set(rule.group, fraction(satisfaction.reduce((a, s) => a + satisfactionPoints(s), 0), n));
      const score = exact.get(rule.group);
      return { ...base, raters: n, complete: n >= rule.minRaters, scoreCentipoints: score ? toCentipoints(score) : null, indicators: [] };
    }
    const mine = sheets.filter((s) => s.group === rule.group);
    const n = mine.length;
    if (n === 0) return { ...base, raters: 0, complete: false, scoreCentipoints: null, indicators: [] };
    // Mean of the weighted sheets equals the weighted indicator means; one exact fraction either way.
    const indicators = scheme.indicators.map((i) => {
      const sum = mine.reduce((a, s) => a + s.scores[i.code], 0);
      return { code: i.code, weightBp: i.weightBp, sum };
    });
    const weighted = indicators.reduce((a, i) => a + BigInt(i.weightBp) * BigInt(i.sum), 0n);
    const score = fraction(weighted, 10_000n * BigInt(n));
    exact.set(rule.group, score);
    return {
      ...base,
      raters: n,
      complete: n >= rule.minRaters,
      scoreCentipoints: toCentipoints(score),
      indicators: indicators.map((i) => ({ code: i.code, meanCentipoints: toCentipoints(fraction(i.sum, n)) })),
    };
  });

  const incomplete = groups.filter((g) => !g.complete);
  if (scheme.incompleteGroupRule === 'WITHHOLD' && incomplete.length > 0) {
    return { outcome: 'WITHHELD', reason: `withheld: ${describeShortfall(incomplete)}`, groups };
  }
  const complete = groups.filter((g) => g.complete);
  if (complete.length === 0) return { outcome: 'WITHHELD', reason: `no group reached its minimum: ${describeShortfall(incomplete)}`, groups };

  const totalBp = complete.reduce((a, g) => a + g.proportionBp, 0);
  let overall = fraction(0);
  for (const g of complete) {
    const share = fraction(g.proportionBp, totalBp);
    g.appliedBp = toBasisPoints(share);
    overall = add(overall, mul(share, exact.get(g.group)!));
  }
  return { outcome: 'RATED', scoreCentipoints: toCentipoints(overall), groups };
}

const describeShortfall = (groups: GroupOutcome[]) =>
  groups.map((g) => `${g.group} has ${g.raters} of the ${g.minRaters} ${g.group === SATISFACTION_GROUP ? 'responses' : 'raters'} required`).join('; ');
