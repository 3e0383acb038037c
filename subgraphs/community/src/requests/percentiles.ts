/**
 * Nearest-rank percentile of whole numbers sorted ascending: the value at rank ⌈p·n/100⌉ (1-based),
 * in integer arithmetic, so the median of an even count is the lower middle value. Null when empty.
 */
export function nearestRank(sortedAscending: readonly number[], percent: number): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) throw new RangeError(`percent must be 1–100, got ${percent}`);
  const rank = Math.floor((percent * n + 99) / 100);
  return sortedAscending[rank - 1];
}
