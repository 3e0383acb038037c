import { validateSheet } from './sheet-rules';

const indicators = [
  { code: 'CLEANING', name: '保洁', weightBp: 5_000 },
  { code: 'REPAIRS', name: '维修', weightBp: 5_000 },
];

describe('validateSheet', () => {
  it('accepts 0 and 100, the ends of the range', () => {
    expect(validateSheet(indicators, [{ indicator: 'CLEANING', score: 0 }, { indicator: 'REPAIRS', score: 100 }])).toEqual({ CLEANING: 0, REPAIRS: 100 });
  });
  it.each([[-1], [101], [99.5]])('refuses a score of %p', (score) => {
    expect(() => validateSheet(indicators, [{ indicator: 'CLEANING', score }, { indicator: 'REPAIRS', score: 50 }])).toThrow('whole number from 0 to 100');
  });
  it('refuses a missing, a twice-scored and an unknown indicator', () => {
    expect(() => validateSheet(indicators, [{ indicator: 'CLEANING', score: 1 }])).toThrow('missing REPAIRS');
    expect(() => validateSheet(indicators, [{ indicator: 'CLEANING', score: 1 }, { indicator: 'CLEANING', score: 2 }])).toThrow('scored twice');
    expect(() => validateSheet(indicators, [{ indicator: 'GREENING', score: 1 }])).toThrow('not in this round');
  });
});
