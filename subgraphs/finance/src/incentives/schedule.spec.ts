import { DEFAULT_BANDS, payoutFen, shareFor, validateBands } from './schedule';

describe('incentive schedule', () => {
  it('gives the share of the highest band reached, a band starting at its minimum', () => {
    expect(shareFor(DEFAULT_BANDS, 9000)).toBe(10000);
    expect(shareFor(DEFAULT_BANDS, 8999)).toBe(7000);
    expect(shareFor(DEFAULT_BANDS, 8000)).toBe(7000);
    expect(shareFor(DEFAULT_BANDS, 6000)).toBe(1000);
    expect(shareFor(DEFAULT_BANDS, 5999)).toBe(0);
  });

  it('rounds the payout down to the fen, in integers', () => {
    expect(payoutFen(2_000_000, 7000)).toBe(1_400_000);
    expect(payoutFen(999, 3333)).toBe(332); // 332.9667
    expect(payoutFen(Number.MAX_SAFE_INTEGER, 10000)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('sorts bands and refuses duplicates, out-of-range values and inverted shares', () => {
    expect(validateBands([{ minScoreCentipoints: 8000, shareBasisPoints: 5000 }, { minScoreCentipoints: 9000, shareBasisPoints: 10000 }]).map((b) => b.minScoreCentipoints)).toEqual([9000, 8000]);
    expect(() => validateBands([])).toThrow();
    expect(() => validateBands([{ minScoreCentipoints: 9000, shareBasisPoints: 1 }, { minScoreCentipoints: 9000, shareBasisPoints: 1 }])).toThrow(/Two bands/);
    expect(() => validateBands([{ minScoreCentipoints: 10001, shareBasisPoints: 1 }])).toThrow();
    expect(() => validateBands([{ minScoreCentipoints: 9000, shareBasisPoints: 10001 }])).toThrow();
    expect(() => validateBands([{ minScoreCentipoints: 9000, shareBasisPoints: 5000 }, { minScoreCentipoints: 8000, shareBasisPoints: 6000 }])).toThrow(/larger share/);
  });
});
