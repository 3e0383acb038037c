import { decideIncentive, ratingPeriod, DEFAULT_BANDS, payoutFen, shareFor, validateBands } from './schedule';

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

  it('books nothing without a pool for the rating period, and says why', () => {
    expect(decideIncentive(DEFAULT_BANDS, 9500, '2026-Q4', null)).toEqual({
      outcome: 'NO_POOL', shareBasisPoints: 10000, poolFen: 0, amountFen: 0, reason: expect.stringContaining('No incentive pool was set for the firm at this compound for 2026-Q4'),
    });
  });

  it('books the band share of the period pool, and nothing when none is due', () => {
    expect(decideIncentive(DEFAULT_BANDS, 8000, '2026-Q3', 2_000_000)).toMatchObject({ outcome: 'BOOKED', shareBasisPoints: 7000, amountFen: 1_400_000 });
    expect(decideIncentive(DEFAULT_BANDS, 5999, '2026-Q3', 2_000_000)).toMatchObject({ outcome: 'NOTHING_DUE', amountFen: 0, reason: 'Nothing is due: score 59.99 is below the lowest band (60.00)' });
    expect(decideIncentive(DEFAULT_BANDS, 6000, '2026-Q3', 0)).toMatchObject({ outcome: 'NOTHING_DUE', reason: 'Nothing is due: the 2026-Q3 pool is 0 fen' });
    expect(decideIncentive(DEFAULT_BANDS, 6000, '2026-Q3', 9)).toMatchObject({ outcome: 'NOTHING_DUE', shareBasisPoints: 1000, amountFen: 0 });
    expect(decideIncentive(DEFAULT_BANDS, 6000, '2026-Q3', 10)).toMatchObject({ outcome: 'BOOKED', amountFen: 1 });
  });

  it('takes pools for rating quarters only', () => {
    expect(ratingPeriod(' 2026-Q4 ')).toBe('2026-Q4');
    expect(() => ratingPeriod('2026-Q5')).toThrow(/quarter/);
    expect(() => ratingPeriod('2026-10')).toThrow(/quarter/);
  });
});
