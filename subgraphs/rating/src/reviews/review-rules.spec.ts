import { passed, quorumShortfall, reelectionYears, reviewScore, validateReviewPeriod } from './review-rules';

describe('committee review rules', () => {
  it('averages the panel to hundredths, rounding half up', () => {
    expect(reviewScore([60, 61])).toBe(6050);
    expect(reviewScore([60, 60, 61])).toBe(6033);
    expect(reviewScore([59, 60, 60, 60, 60, 60, 60, 60])).toBe(5988);
    expect(reviewScore([1, 0])).toBe(50);
  });
  it('passes exactly at the mark and fails a hundredth below', () => {
    expect(passed(6000, 6000)).toBe(true);
    expect(passed(5999, 6000)).toBe(false);
  });
  it('needs one Party secretary and two residents\' representatives', () => {
    expect(quorumShortfall(['PARTY_SECRETARY', 'RESIDENT_REPRESENTATIVE', 'RESIDENT_REPRESENTATIVE'])).toEqual([]);
    expect(quorumShortfall(['PARTY_SECRETARY', 'RESIDENT_REPRESENTATIVE'])).toEqual(['1 more RESIDENT_REPRESENTATIVE score']);
    expect(quorumShortfall(['RESIDENT_REPRESENTATIVE', 'RESIDENT_REPRESENTATIVE'])).toEqual(['1 more PARTY_SECRETARY score']);
  });
  it('flags re-election on the second failing year in a row only', () => {
    expect(reelectionYears(2026, true, [{ year: 2025, passed: false }])).toEqual([2025, 2026]);
    expect(reelectionYears(2026, true, [{ year: 2025, passed: true }])).toBeNull();
    expect(reelectionYears(2026, true, [{ year: 2024, passed: false }])).toBeNull();
    expect(reelectionYears(2026, false, [{ year: 2025, passed: false }])).toBeNull();
  });
  it('checks periods by kind', () => {
    expect(validateReviewPeriod('YEARLY', '2026')).toBe(2026);
    expect(validateReviewPeriod('HALF_YEAR', '2026-H2')).toBe(2026);
    expect(() => validateReviewPeriod('YEARLY', '2026-H1')).toThrow('year like 2026');
    expect(() => validateReviewPeriod('HALF_YEAR', '2026-H3')).toThrow('2026-H1 or 2026-H2');
  });
});
