/**
 * Standard competition ranking ("1224"): equal scores share a rank and the next rank skips.
 * Order within a tie is by compound id so that listings are stable.
 */
export interface Rankable {
  id: string;
  compoundId: string;
  scoreCentipoints: number;
}

export function rankResults<T extends Rankable>(results: T[]): (T & { rank: number })[] {
  const sorted = [...results].sort((a, b) => b.scoreCentipoints - a.scoreCentipoints || (a.compoundId < b.compoundId ? -1 : a.compoundId > b.compoundId ? 1 : 0));
  let rank = 0;
  return sorted.map((r, i) => {
    if (i === 0 || r.scoreCentipoints !== sorted[i - 1].scoreCentipoints) rank = i + 1;
    return { ...r, rank };
  });
}
