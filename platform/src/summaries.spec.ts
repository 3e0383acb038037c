import { splitByMonth, summaryRegions } from './summaries';

const d = (iso: string) => new Date(iso);

describe('splitByMonth', () => {
  it('gives a whole year as twelve months and no edges', () => {
    expect(splitByMonth(d('2026-01-01T00:00:00Z'), d('2027-01-01T00:00:00Z'))).toEqual({ months: ['2026-01', '2027-01'], edges: [] });
  });

  it('reads the partial months at both ends from the rows', () => {
    expect(splitByMonth(d('2026-02-10T05:00:00Z'), d('2026-05-20T00:00:00Z'))).toEqual({
      months: ['2026-03', '2026-05'],
      edges: [
        [d('2026-02-10T05:00:00Z'), d('2026-03-01T00:00:00Z')],
        [d('2026-05-01T00:00:00Z'), d('2026-05-20T00:00:00Z')],
      ],
    });
  });

  it('takes a month that starts one millisecond late as an edge, and one ending exactly at a month as whole', () => {
    expect(splitByMonth(d('2026-03-01T00:00:00.001Z'), d('2026-05-01T00:00:00Z'))).toEqual({
      months: ['2026-04', '2026-05'],
      edges: [[d('2026-03-01T00:00:00.001Z'), d('2026-04-01T00:00:00Z')]],
    });
  });

  it('gives a period without a whole month as one edge', () => {
    expect(splitByMonth(d('2026-02-10T00:00:00Z'), d('2026-03-20T00:00:00Z'))).toEqual({ months: null, edges: [[d('2026-02-10T00:00:00Z'), d('2026-03-20T00:00:00Z')]] });
    expect(splitByMonth(d('2026-03-01T00:00:00Z'), d('2026-03-31T23:59:59.999Z'))).toEqual({ months: null, edges: [[d('2026-03-01T00:00:00Z'), d('2026-03-31T23:59:59.999Z')]] });
  });

  it('crosses a year', () => {
    expect(splitByMonth(d('2025-12-01T00:00:00Z'), d('2026-02-01T00:00:00Z'))).toEqual({ months: ['2025-12', '2026-02'], edges: [] });
  });
});

describe('summaryRegions', () => {
  it('are the street and district of a community, street, district path', () => {
    expect(summaryRegions('330203001001,330203001000,330203000000')).toEqual(['330203001000', '330203000000']);
  });

  it('are nothing for any other shape', () => {
    expect(summaryRegions('330203001000,330203000000')).toEqual([]);
    expect(summaryRegions('330203001,330203,330200')).toEqual([]);
    expect(summaryRegions('330203001001,330203001000,3302030000000')).toEqual([]);
    expect(summaryRegions('')).toEqual([]);
    expect(summaryRegions(null)).toEqual([]);
  });
});
