import { createHash } from 'node:crypto';
import { formatYuan } from '@hub/platform';

/**
 * What a periodic statement (财务公开报表) says, computed from the ledger: per owners' fund
 * (public revenue, maintenance fund per building) the opening balance, income by category, the
 * reasonable costs of that income shown beside it (art. 282), spending by category with the
 * approvals behind each payment, and the closing balance. Income and spending are two separate
 * lines (收支两条线): nothing is netted between them.
 */
export const INCOME_CATEGORIES = new Set(['OPENING_BALANCE', 'PARKING', 'ADVERTISING', 'ROOM_RENTAL', 'OTHER_INCOME', 'FUND_RAISED', 'INTEREST']);
export const COST_CATEGORIES = new Set(['REVENUE_COST']);

export interface CategoryMovement {
  category: string;
  debitFen: number;
  creditFen: number;
}

export interface PaidRequest {
  requestId: string;
  category: string;
  amountFen: number;
  payee: string;
  basis: string;
  approvedBy: string | null;
  coSignedBy: string | null;
  emergencyApprovedBy: string | null;
  matterId: string | null;
  paidAt: string;
}

export interface FundSection {
  accountId: string;
  fund: string;
  buildingRef: string;
  openingFen: number;
  income: { category: string; amountFen: number }[];
  costs: { category: string; amountFen: number }[];
  spending: SpendingSectionLine[];
  closingFen: number;
}

export interface SpendingSectionLine {
  category: string;
  amountFen: number;
  requests: PaidRequest[];
}

export interface StatementContent {
  compoundId: string;
  period: string;
  firstDay: string;
  lastDay: string;
  sections: FundSection[];
  /** The ledger head the statement was computed at: ties the statement into the hash chain. */
  ledgerSequence: number;
  ledgerHash: string;
}

const byCategory = <T extends { category: string }>(a: T, b: T) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0);

/**
 * One fund's section; the owners' funds are credit-normal, so income is credits and spending
 * debits. Movements of a category net out (a reversed fee lowers PARKING, it is not spending).
 */
export function buildSection(
  account: { id: string; kind: string; buildingRef: string },
  openingFen: number,
  movements: readonly CategoryMovement[],
  paid: readonly PaidRequest[],
): FundSection {
  const net = new Map<string, number>();
  for (const m of movements) net.set(m.category, (net.get(m.category) ?? 0) + m.creditFen - m.debitFen);
  const income: FundSection['income'] = [];
  const costs: FundSection['costs'] = [];
  const spending: FundSection['spending'] = [];
  for (const [category, credit] of net) {
    if (credit === 0) continue;
    if (INCOME_CATEGORIES.has(category)) income.push({ category, amountFen: credit });
    else if (COST_CATEGORIES.has(category)) costs.push({ category, amountFen: -credit });
    else spending.push({ category, amountFen: -credit, requests: paid.filter((r) => r.category === category).sort((a, b) => (a.paidAt < b.paidAt ? -1 : 1)) });
  }
  const total = (xs: { amountFen: number }[]) => xs.reduce((s, x) => s + x.amountFen, 0);
  return {
    accountId: account.id,
    fund: account.kind,
    buildingRef: account.buildingRef,
    openingFen,
    income: income.sort(byCategory),
    costs: costs.sort(byCategory),
    spending: spending.sort(byCategory),
    closingFen: openingFen + total(income) - total(costs) - total(spending),
  };
}

/** The published hash: SHA-256 over the content exactly as stored. */
export const contentHash = (json: string): string => createHash('sha256').update(json).digest('hex');

const csvCell = (value: string | number): string => {
  const s = String(value);
  // Quote anything a spreadsheet would split or read as a formula.
  return /[",\n\r]|^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV export for notice boards and WeChat groups: one row per line of the statement, yuan and fen. */
export function toCsv(content: StatementContent, hash: string): string {
  const rows: (string | number)[][] = [['period', 'fund', 'building', 'line', 'category', 'detail', 'amount_yuan', 'amount_fen']];
  for (const s of content.sections) {
    const row = (line: string, category: string, detail: string, fen: number) => rows.push([content.period, s.fund, s.buildingRef, line, category, detail, formatYuan(fen), fen]);
    row('OPENING', '', '', s.openingFen);
    for (const i of s.income) row('INCOME', i.category, '', i.amountFen);
    for (const c of s.costs) row('COST', c.category, '', c.amountFen);
    for (const sp of s.spending) {
      row('SPENDING', sp.category, '', sp.amountFen);
      for (const r of sp.requests) {
        const approvals = [`request ${r.requestId}`, `payee ${r.payee}`, `basis ${r.basis}`, r.matterId ? `matter ${r.matterId}` : '', r.approvedBy ? `approved by ${r.approvedBy}` : '', r.emergencyApprovedBy ? `emergency approved by ${r.emergencyApprovedBy}` : '', r.coSignedBy ? `co-signed by ${r.coSignedBy}` : '']
          .filter(Boolean)
          .join('; ');
        row('PAYMENT', sp.category, approvals, r.amountFen);
      }
    }
    row('CLOSING', '', '', s.closingFen);
  }
  rows.push([content.period, '', '', 'HASH', '', hash, '', '']);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}
