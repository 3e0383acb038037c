import { badInput } from '@hub/platform';

export interface PostingDraft {
  accountId: string;
  /** Signed fen: positive is a debit, negative a credit. */
  amountFen: number;
  category: string;
}

/**
 * Double entry (复式记账): an entry has two or more postings in whole fen, none of them zero,
 * summing to exactly zero. The sum is taken in BigInt so that large amounts cannot round.
 */
export function assertBalanced(postings: readonly PostingDraft[]): void {
  if (postings.length < 2) throw badInput(`A journal entry needs at least two postings, got ${postings.length}`, { argument: 'postings' });
  let sum = 0n;
  postings.forEach((p, i) => {
    assertWholeFen(p.amountFen, `postings[${i}].amountFen`);
    if (p.amountFen === 0) throw badInput(`postings[${i}] has an amount of 0 fen; leave it out`, { argument: `postings[${i}].amountFen` });
    if (!/^[A-Z][A-Z_]{1,31}$/.test(p.category)) {
      throw badInput(`postings[${i}].category "${p.category}" must be an upper-case category name such as REPAIR`, { argument: `postings[${i}].category` });
    }
    sum += BigInt(p.amountFen);
  });
  if (sum !== 0n) {
    throw badInput(`Debits and credits must sum to zero; these postings are off by ${sum} fen`, { argument: 'postings', imbalanceFen: Number(sum) });
  }
}

/** Money is a whole number of fen within ±2^53; anything else is refused before any write. */
export function assertWholeFen(value: number, argument: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw badInput(`${argument} must be a whole number of fen (1 yuan = 100 fen), got ${value}`, { argument });
  }
}

export function assertPositiveFen(value: number, argument: string): void {
  assertWholeFen(value, argument);
  if (value <= 0) throw badInput(`${argument} must be more than 0 fen, got ${value}`, { argument });
}
