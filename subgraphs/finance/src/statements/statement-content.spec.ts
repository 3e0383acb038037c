import { buildSection, contentHash, toCsv, type StatementContent } from './statement-content';

const account = { id: 'acc', kind: 'PUBLIC_REVENUE', buildingRef: '' };

describe('statement sections', () => {
  it('keeps income, its costs and spending as separate lines and closes the balance', () => {
    const s = buildSection(account, 1_000_000, [
      { category: 'PARKING', debitFen: 0, creditFen: 72_000 },
      { category: 'ADVERTISING', debitFen: 0, creditFen: 30_000 },
      { category: 'REVENUE_COST', debitFen: 3_000, creditFen: 0 },
      { category: 'REPAIR', debitFen: 45_000, creditFen: 0 },
    ], []);
    expect(s.income).toEqual([{ category: 'ADVERTISING', amountFen: 30_000 }, { category: 'PARKING', amountFen: 72_000 }]);
    expect(s.costs).toEqual([{ category: 'REVENUE_COST', amountFen: 3_000 }]);
    expect(s.spending.map((l) => [l.category, l.amountFen])).toEqual([['REPAIR', 45_000]]);
    expect(s.closingFen).toBe(1_000_000 + 72_000 + 30_000 - 3_000 - 45_000);
  });

  it('nets a reversed fee within its own category instead of calling it spending', () => {
    const s = buildSection(account, 0, [{ category: 'PARKING', debitFen: 500, creditFen: 2_000 }], []);
    expect(s.income).toEqual([{ category: 'PARKING', amountFen: 1_500 }]);
    expect(s.spending).toEqual([]);
  });

  it('exports CSV with yuan and fen, quotes risky cells and ends with the hash', () => {
    const section = buildSection(account, 100, [{ category: 'REPAIR', debitFen: 50, creditFen: 0 }], [
      { requestId: 'r1', category: 'REPAIR', amountFen: 50, payee: '=cmd, "x"', basis: 'WITHIN_LIMIT', approvedBy: 'c', coSignedBy: 's', emergencyApprovedBy: null, matterId: null, paidAt: '2026-10-02T00:00:00.000Z' },
    ]);
    const content: StatementContent = { compoundId: 'c', period: '2026-10', firstDay: '2026-10-01', lastDay: '2026-10-31', sections: [section], ledgerSequence: 2, ledgerHash: 'h' };
    const json = JSON.stringify(content);
    const csv = toCsv(content, contentHash(json));
    const lines = csv.trim().split('\n');
    expect(lines[1]).toBe('2026-10,PUBLIC_REVENUE,,OPENING,,,1.00,100');
    expect(lines).toContain('2026-10,PUBLIC_REVENUE,,SPENDING,REPAIR,,0.50,50');
    expect(csv).toContain('"request r1; payee =cmd, ""x""; basis WITHIN_LIMIT; approved by c; co-signed by s"');
    expect(lines.at(-1)).toBe(`2026-10,,,HASH,,${contentHash(json)},,`);
    expect(contentHash(json)).toMatch(/^[0-9a-f]{64}$/);
  });
});
