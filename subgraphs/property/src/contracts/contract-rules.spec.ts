import { commonAreaCleaningPaidBy, contractStateOn, contractTermsProblems, earlyEndProblem, firstOverlap, MAX_FEE_FEN_PER_M2_MONTH } from './contract-rules';

const terms = { firmId: 'f1', model: 'STANDARD' as const, feeFenPerM2Month: 80, startsOn: '2026-01-01', endsOn: '2026-12-31' };

describe('contract state on a day', () => {
  const c = { startsOn: '2026-01-01', endsOn: '2026-12-31' };
  it.each([
    ['2025-12-31', 'UPCOMING'],
    ['2026-01-01', 'IN_FORCE'],
    ['2026-12-31', 'IN_FORCE'],
    ['2027-01-01', 'ENDED'],
  ])('%s → %s', (day, state) => expect(contractStateOn(c, day)).toBe(state));
  it('is in force for ever while open-ended', () => expect(contractStateOn({ startsOn: '2026-01-01', endsOn: null }, '2099-01-01')).toBe('IN_FORCE'));
});

describe('contract terms', () => {
  it('accepts sound terms, a zero fee and a one-day period', () => {
    expect(contractTermsProblems(terms)).toEqual([]);
    expect(contractTermsProblems({ ...terms, feeFenPerM2Month: 0 })).toEqual([]);
    expect(contractTermsProblems({ ...terms, endsOn: terms.startsOn })).toEqual([]);
    expect(contractTermsProblems({ ...terms, model: 'SELF_MANAGED', firmId: null, feeFenPerM2Month: 0 })).toEqual([]);
  });

  it('refuses a negative or fractional fee, and one a step above the cap', () => {
    expect(contractTermsProblems({ ...terms, feeFenPerM2Month: -1 })[0]).toContain('zero or more');
    expect(contractTermsProblems({ ...terms, feeFenPerM2Month: 0.5 })[0]).toContain('whole number');
    expect(contractTermsProblems({ ...terms, feeFenPerM2Month: MAX_FEE_FEN_PER_M2_MONTH })).toEqual([]);
    expect(contractTermsProblems({ ...terms, feeFenPerM2Month: MAX_FEE_FEN_PER_M2_MONTH + 1 })[0]).toContain('unit is fen');
  });

  it('ties the firm to the model', () => {
    expect(contractTermsProblems({ ...terms, firmId: null })[0]).toContain('needs the firmId');
    expect(contractTermsProblems({ ...terms, model: 'SELF_MANAGED' })[0]).toContain('has no firm');
    expect(contractTermsProblems({ ...terms, model: 'VOLUNTEER_BASELINE', firmId: null })[0]).toContain('VOLUNTEER_BASELINE');
  });

  it('refuses an end before the start and malformed dates', () => {
    expect(contractTermsProblems({ ...terms, endsOn: '2025-12-31' })[0]).toContain('before startsOn');
    expect(contractTermsProblems({ ...terms, startsOn: '2026-02-30' })[0]).toContain('YYYY-MM-DD');
    expect(contractTermsProblems({ ...terms, endsOn: '31/12/2026' })[0]).toContain('YYYY-MM-DD');
  });
});

describe('at most one contract per compound on any day', () => {
  const existing = [
    { id: 'a', startsOn: '2025-01-01', endsOn: '2025-12-31' },
    { id: 'b', startsOn: '2026-03-01', endsOn: null },
  ];
  it('fits a contract into the gap exactly', () => {
    expect(firstOverlap(existing, { startsOn: '2026-01-01', endsOn: '2026-02-28' })).toBeNull();
  });
  it('names the contract sharing a boundary day', () => {
    expect(firstOverlap(existing, { startsOn: '2025-12-31', endsOn: '2026-01-31' })?.id).toBe('a');
    expect(firstOverlap(existing, { startsOn: '2026-01-01', endsOn: '2026-03-01' })?.id).toBe('b');
  });
  it('refuses an open-ended contract before an existing one', () => {
    expect(firstOverlap(existing, { startsOn: '2026-01-01', endsOn: null })?.id).toBe('b');
  });
});

describe('ending early', () => {
  const c = { startsOn: '2026-01-01', endsOn: '2026-12-31' };
  it('accepts its first and last day', () => {
    expect(earlyEndProblem(c, '2026-01-01')).toBeNull();
    expect(earlyEndProblem(c, '2026-12-31')).toBeNull();
  });
  it('refuses the day before it starts and the day after it ends', () => {
    expect(earlyEndProblem(c, '2025-12-31')).toContain('before');
    expect(earlyEndProblem(c, '2027-01-01')).toContain('cannot extend');
  });
  it('accepts any day after the start of an open-ended contract', () => {
    expect(earlyEndProblem({ startsOn: '2026-01-01', endsOn: null }, '2030-06-30')).toBeNull();
  });
});

describe('who pays for cleaning the common areas', () => {
  it('is the property fee under STANDARD, the street under VOLUNTEER_BASELINE, the owners when SELF_MANAGED', () => {
    expect(commonAreaCleaningPaidBy('STANDARD')).toBe('PROPERTY_FEE');
    expect(commonAreaCleaningPaidBy('VOLUNTEER_BASELINE')).toBe('STREET');
    expect(commonAreaCleaningPaidBy('SELF_MANAGED')).toBe('OWNERS');
  });
});
