import { badInput } from '@hub/platform';
import type { IndicatorRule } from '../schemes/scheme-rules';

export const MIN_SCORE = 0;
export const MAX_SCORE = 100;

/**
 * A rater's sheet must score every indicator of the scheme exactly once, each with whole points
 * from 0 to 100; returns it as indicator code → points.
 */
export function validateSheet(indicators: IndicatorRule[], scores: { indicator: string; score: number }[]): Record<string, number> {
  const known = new Set(indicators.map((i) => i.code));
  const out: Record<string, number> = {};
  for (const s of scores) {
    if (!known.has(s.indicator)) {
      throw badInput(`Indicator ${s.indicator} is not in this round's scheme; score ${[...known].join(', ')}`, { field: 'scores.indicator' });
    }
    if (s.indicator in out) throw badInput(`Indicator ${s.indicator} is scored twice`, { field: 'scores.indicator' });
    if (!Number.isInteger(s.score) || s.score < MIN_SCORE || s.score > MAX_SCORE) {
      throw badInput(`Score for ${s.indicator} must be a whole number from ${MIN_SCORE} to ${MAX_SCORE}, got ${s.score}`, { field: 'scores.score' });
    }
    out[s.indicator] = s.score;
  }
  const missing = indicators.filter((i) => !(i.code in out)).map((i) => i.code);
  if (missing.length > 0) throw badInput(`Score every indicator of the scheme; missing ${missing.join(', ')}`, { field: 'scores', missing });
  return out;
}
