import { checkReviewingBodies, checkSeats, checkSlate, checkTerm, checkVetting, isEligible, isQualified } from './election-rules';

describe('seats', () => {
  it('odd from 3 to 11', () => {
    for (const ok of [3, 5, 7, 9, 11]) expect(checkSeats(ok)).toBeNull();
    for (const bad of [1, 2, 4, 10, 12, 13, 5.5]) expect(checkSeats(bad)?.field).toBe('seats');
  });
});

describe('reviewing bodies', () => {
  it('at least two distinct known bodies', () => {
    expect(checkReviewingBodies(['PARTY_ORGANISATION', 'STREET_OFFICE'])).toBeNull();
    expect(checkReviewingBodies(['PARTY_ORGANISATION'])?.message).toContain('at least two');
    expect(checkReviewingBodies(['PARTY_ORGANISATION', 'PARTY_ORGANISATION'])?.message).toBe('Each reviewing body once');
    expect(checkReviewingBodies(['PARTY_ORGANISATION', 'MAYOR'])?.message).toContain('MAYOR');
  });
});

describe('term', () => {
  it('ends after it starts and lasts five years at most, the fifth anniversary included', () => {
    expect(checkTerm('2026-12-01', '2031-12-01')).toBeNull();
    expect(checkTerm('2026-12-01', '2031-12-02')?.field).toBe('termEndsOn');
    expect(checkTerm('2026-12-01', '2026-12-01')?.field).toBe('termEndsOn');
    expect(checkTerm('2026-12-01', '2026-12-02')).toBeNull();
  });
});

describe('vetting', () => {
  const list = [
    { code: 'P1', kind: 'PRIORITY' as const },
    { code: 'X1', kind: 'EXCLUSION' as const },
  ];
  it('takes codes of the list by kind, each once', () => {
    expect(checkVetting(list, ['P1'], [])).toBeNull();
    expect(checkVetting(list, [], ['X1'])).toBeNull();
    expect(checkVetting(list, ['X1'], [])?.field).toBe('prioritiesMet');
    expect(checkVetting(list, [], ['P9'])?.field).toBe('exclusionsHit');
    expect(checkVetting(list, ['P1', 'P1'], [])?.message).toBe('Each criterion once');
  });
});

describe('standing', () => {
  const bodies = ['PARTY_ORGANISATION', 'STREET_OFFICE', 'POLICE_STATION'] as const;
  const approvals = bodies.map((body) => ({ body, approve: true }));
  it('one exclusion rules a candidate out, as does not being vetted', () => {
    expect(isEligible({ vetted: true, exclusionsHit: [], reviews: [] })).toBe(true);
    expect(isEligible({ vetted: true, exclusionsHit: ['X3'], reviews: [] })).toBe(false);
    expect(isEligible({ vetted: false, exclusionsHit: [], reviews: [] })).toBe(false);
  });
  it('qualified only when every body approved', () => {
    expect(isQualified({ vetted: true, exclusionsHit: [], reviews: approvals }, [...bodies])).toBe(true);
    expect(isQualified({ vetted: true, exclusionsHit: [], reviews: approvals.slice(0, 2) }, [...bodies])).toBe(false);
    expect(isQualified({ vetted: true, exclusionsHit: [], reviews: [...approvals.slice(0, 2), { body: 'POLICE_STATION', approve: false }] }, [...bodies])).toBe(false);
    expect(isQualified({ vetted: true, exclusionsHit: ['X1'], reviews: approvals }, [...bodies])).toBe(false);
    expect(isQualified({ vetted: true, exclusionsHit: [], reviews: approvals }, [])).toBe(false);
  });
  it('the ballot paper has at least one qualified candidate per seat, more for a contested election', () => {
    expect(checkSlate(5, 5)).toBeNull();
    expect(checkSlate(6, 5)).toBeNull();
    expect(checkSlate(4, 5)?.field).toBe('candidates');
    expect(checkSlate(4, 5)?.message).toContain('there are 4');
  });
});
