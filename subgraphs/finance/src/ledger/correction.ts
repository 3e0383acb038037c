import { badInput } from '@hub/platform';
import type { PostingDraft } from './postings';

/**
 * Income categories a receipt may be re-categorised between when it is corrected (advertising
 * booked as a room let, and the like).
 */
export const REVENUE_CATEGORIES: ReadonlySet<string> = new Set(['PARKING', 'ADVERTISING', 'ROOM_RENTAL', 'INTEREST', 'OTHER_INCOME']);

const side = (amountFen: number) => (amountFen > 0 ? 'debit' : 'credit');

const sameLine = (original: PostingDraft, corrected: PostingDraft) =>
  original.accountId === corrected.accountId &&
  Math.sign(original.amountFen) === Math.sign(corrected.amountFen) &&
  (original.category === corrected.category || (REVENUE_CATEGORIES.has(original.category) && REVENUE_CATEGORIES.has(corrected.category)));

/**
 * A correction (更正) restates what the original entry recorded; it is not a way to move money.
 * Every posting of the corrected entry must match a posting of the original on the same account,
 * on the same side (debit or credit), with the same category (income may change between income
 * categories). Amounts may change and lines may be left out. So a receipt corrected is still a
 * receipt: money can never leave an owners' fund by a correction, only through a spending request
 * (收支两条线), nor move between funds or accounts the original did not touch.
 */
export function assertCorrectionMirrors(original: readonly PostingDraft[], corrected: readonly PostingDraft[]): void {
  corrected.forEach((p, i) => {
    if (original.some((o) => sameLine(o, p))) return;
    const onAccount = original.filter((o) => o.accountId === p.accountId);
    const why =
      onAccount.length === 0
        ? `account ${p.accountId} is not touched by the original entry`
        : `the original entry has no ${side(p.amountFen)} of category ${p.category} on account ${p.accountId} (it has ${onAccount.map((o) => `${side(o.amountFen)} ${o.category}`).join(', ')})`;
    throw badInput(`postings[${i}]: a correction restates the original entry's lines, and ${why}; money leaves a fund only through a spending request`, {
      argument: `postings[${i}]`,
    });
  });
}
