import { nearestRank } from './percentiles';

describe('nearest-rank percentile', () => {
  it('is null for no values', () => expect(nearestRank([], 50)).toBeNull());

  it('takes the middle of an odd count and the lower middle of an even one', () => {
    expect(nearestRank([1, 2, 3], 50)).toBe(2);
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRank([7], 50)).toBe(7);
  });

  it('takes rank ⌈0.9·n⌉ for the 90th percentile', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(nearestRank(ten, 90)).toBe(9);
    const eleven = Array.from({ length: 11 }, (_, i) => i + 1);
    expect(nearestRank(eleven, 90)).toBe(10); // ⌈9.9⌉ = 10
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(nearestRank(twenty, 90)).toBe(18);
    expect(nearestRank(twenty, 100)).toBe(20);
    expect(nearestRank(twenty, 1)).toBe(1);
  });

  it('refuses a percent outside 1–100', () => {
    expect(() => nearestRank([1], 0)).toThrow(RangeError);
    expect(() => nearestRank([1], 101)).toThrow(RangeError);
  });
});
