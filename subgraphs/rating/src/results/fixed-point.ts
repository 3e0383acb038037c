/**
 * Exact fractions over BigInt for the rating arithmetic: every mean and weighting stays exact
 * until the one rounding to hundredths of a point at the end, so a result never depends on the
 * order in which scores arrived or on floating-point error.
 */
export interface Fraction {
  n: bigint;
  d: bigint;
}

export const fraction = (n: bigint | number, d: bigint | number = 1n): Fraction => {
  const den = BigInt(d);
  if (den === 0n) throw new RangeError('fraction with a zero denominator');
  return { n: BigInt(n), d: den };
};

export const add = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
export const mul = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.n, d: a.d * b.d });
export const div = (a: Fraction, b: Fraction): Fraction => {
  if (b.n === 0n) throw new RangeError('division by zero');
  return { n: a.n * b.d, d: a.d * b.n };
};

/**
 * Points (0–100, as a fraction) to integer hundredths of a point, rounding half up: 92.345 →
 * 9235. Only non-negative values occur in ratings.
 */
export function toCentipoints(points: Fraction): number {
  const n = points.n * 100n;
  const d = points.d;
  if (n < 0n || d < 0n) throw new RangeError('ratings are never negative');
  return Number((2n * n + d) / (2n * d));
}

/** Basis points of a share, rounded half up; for display of applied proportions only. */
export function toBasisPoints(share: Fraction): number {
  return Number((2n * share.n * 10_000n + share.d) / (2n * share.d));
}
