import { badInput } from '@hub/platform';

/**
 * The incentive schedule (激励分配方案): score bands → share of the firm's incentive pool, so
 * that better-rated service earns more (好服务 → 好评价 → 好收费). Scores are centipoints (92.35 is
 * 9235), shares basis points (10000 = the whole pool); everything stays integer.
 */
export interface Band {
  /** The band applies from this score upwards (inclusive). */
  minScoreCentipoints: number;
  shareBasisPoints: number;
}

/** Used until an administrator sets one: illustrative, not an official scheme. */
export const DEFAULT_BANDS: Band[] = [
  { minScoreCentipoints: 9000, shareBasisPoints: 10000 },
  { minScoreCentipoints: 8000, shareBasisPoints: 7000 },
  { minScoreCentipoints: 7000, shareBasisPoints: 4000 },
  { minScoreCentipoints: 6000, shareBasisPoints: 1000 },
];

/** Sorted highest band first; refuses overlapping, out-of-range or inverted bands. */
export function validateBands(bands: readonly Band[]): Band[] {
  if (bands.length === 0 || bands.length > 20) throw badInput('A schedule needs between 1 and 20 bands', { argument: 'bands' });
  const sorted = [...bands].sort((a, b) => b.minScoreCentipoints - a.minScoreCentipoints);
  sorted.forEach((b, i) => {
    if (!Number.isInteger(b.minScoreCentipoints) || b.minScoreCentipoints < 0 || b.minScoreCentipoints > 10000) {
      throw badInput(`minScoreCentipoints must be a whole number from 0 to 10000 (100.00 points), got ${b.minScoreCentipoints}`, { argument: 'bands' });
    }
    if (!Number.isInteger(b.shareBasisPoints) || b.shareBasisPoints < 0 || b.shareBasisPoints > 10000) {
      throw badInput(`shareBasisPoints must be a whole number from 0 to 10000 (the whole pool), got ${b.shareBasisPoints}`, { argument: 'bands' });
    }
    const higher = sorted[i - 1];
    if (higher && higher.minScoreCentipoints === b.minScoreCentipoints) throw badInput(`Two bands start at ${b.minScoreCentipoints}`, { argument: 'bands' });
    if (higher && higher.shareBasisPoints < b.shareBasisPoints) {
      throw badInput(`A lower score may not earn a larger share: band from ${b.minScoreCentipoints} has ${b.shareBasisPoints} bp, above it ${higher.shareBasisPoints} bp`, { argument: 'bands' });
    }
  });
  return sorted;
}

/** The share of the highest band the score reaches; 0 below the lowest band. */
export function shareFor(bands: readonly Band[], scoreCentipoints: number): number {
  let best: Band | null = null;
  for (const b of bands) if (scoreCentipoints >= b.minScoreCentipoints && (!best || b.minScoreCentipoints > best.minScoreCentipoints)) best = b;
  return best?.shareBasisPoints ?? 0;
}

/** pool × share / 10000, rounded down to the fen: the owners never pay a fraction more. */
export function payoutFen(poolFen: number, shareBasisPoints: number): number {
  return Number((BigInt(poolFen) * BigInt(shareBasisPoints)) / 10000n);
}

/**
 * What a published rating earns (激励兑现结果): BOOKED when something is owed; NO_POOL when the
 * district set no pool for the firm, compound and rating period (nothing is booked, and the
 * reason says so); NOTHING_DUE when the pool is empty or the score is below every band.
 */
export type IncentiveOutcome = 'BOOKED' | 'NO_POOL' | 'NOTHING_DUE';
export interface IncentiveDecision {
  outcome: IncentiveOutcome;
  shareBasisPoints: number;
  poolFen: number;
  amountFen: number;
  reason: string;
}

const points = (centipoints: number) => `${Math.floor(centipoints / 100)}.${String(centipoints % 100).padStart(2, '0')}`;

export function decideIncentive(bands: readonly Band[], scoreCentipoints: number, period: string, poolFen: number | null): IncentiveDecision {
  const share = shareFor(bands, scoreCentipoints);
  if (poolFen === null) {
    return { outcome: 'NO_POOL', shareBasisPoints: share, poolFen: 0, amountFen: 0, reason: `No incentive pool was set for the firm at this compound for ${period}; nothing is booked` };
  }
  const amountFen = payoutFen(poolFen, share);
  if (amountFen > 0) {
    return { outcome: 'BOOKED', shareBasisPoints: share, poolFen, amountFen, reason: `Score ${points(scoreCentipoints)} earns ${share} bp of the ${period} pool of ${poolFen} fen` };
  }
  const lowest = bands.reduce((min, b) => Math.min(min, b.minScoreCentipoints), 10_000);
  const why =
    poolFen === 0 ? `the ${period} pool is 0 fen`
    : share === 0 ? `score ${points(scoreCentipoints)} is below the lowest band (${points(lowest)})`
    : `${share} bp of ${poolFen} fen is less than one fen`;
  return { outcome: 'NOTHING_DUE', shareBasisPoints: share, poolFen, amountFen: 0, reason: `Nothing is due: ${why}` };
}

/** A rating period as the rating subgraph writes it: a quarter, 2026-Q3. */
export function ratingPeriod(period: string): string {
  const p = period.trim();
  if (!/^20\d\d-Q[1-4]$/.test(p)) throw badInput(`period must be a rating quarter written like 2026-Q3, got "${period}"`, { argument: 'period' });
  return p;
}
