import { createHash } from 'node:crypto';

/**
 * The hash chain of a compound's ledger (账本哈希链). Every entry stores the hash of the entry
 * before it and `hash = SHA-256(prevHash ‖ canonical entry)`, so changing any posted row, or
 * removing or reordering one, breaks every hash after it and anyone holding the rows can
 * recompute the chain. The canonical form is a JSON array in a fixed field order, so it does not
 * depend on how a database or driver orders object keys.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainPosting {
  accountId: string;
  /** Signed fen: positive is a debit, negative a credit. */
  amountFen: number;
  category: string;
}

export interface ChainEntry {
  id: string;
  compoundId: string;
  sequence: number;
  kind: string;
  /** Accounting date: decides the statement period. */
  bookedAt: Date;
  /** When the underlying fact happened (fee collected, rating published). */
  valueAt: Date;
  sourceReference: string;
  description: string;
  reversesEntryId: string | null;
  correctsEntryId: string | null;
  spendingRequestId: string | null;
  ratingResultId: string | null;
  /** In position order. */
  postings: ChainPosting[];
}

export function canonicalEntry(e: ChainEntry): string {
  return JSON.stringify([
    1, // canonical form version
    e.id,
    e.compoundId,
    e.sequence,
    e.kind,
    e.bookedAt.toISOString(),
    e.valueAt.toISOString(),
    e.sourceReference,
    e.description,
    e.reversesEntryId,
    e.correctsEntryId,
    e.spendingRequestId,
    e.ratingResultId,
    e.postings.map((p) => [p.accountId, p.amountFen, p.category]),
  ]);
}

export function entryHash(prevHash: string, entry: ChainEntry): string {
  return createHash('sha256').update(prevHash).update(canonicalEntry(entry)).digest('hex');
}

export type ChainBreakReason = 'SEQUENCE_GAP' | 'PREVIOUS_HASH_MISMATCH' | 'HASH_MISMATCH' | 'UNBALANCED' | 'HEAD_MISMATCH';

export interface ChainBreak {
  sequence: number;
  entryId: string | null;
  reason: ChainBreakReason;
}

/**
 * Re-verifies a chain entry by entry, so a million entries can be streamed through it in pages.
 * Stops at the first break: everything after it is untrusted anyway.
 */
export class ChainVerifier {
  private previousHash = GENESIS_HASH;
  private expectedSequence = 1;
  checked = 0;
  broken: ChainBreak | null = null;

  /** Returns false once the chain is broken. */
  push(entry: ChainEntry & { prevHash: string; hash: string }): boolean {
    if (this.broken) return false;
    const at = (reason: ChainBreakReason) => {
      this.broken = { sequence: entry.sequence, entryId: entry.id, reason };
      return false;
    };
    if (entry.sequence !== this.expectedSequence) {
      this.broken = { sequence: this.expectedSequence, entryId: entry.sequence > this.expectedSequence ? null : entry.id, reason: 'SEQUENCE_GAP' };
      return false;
    }
    this.checked++;
    if (entry.prevHash !== this.previousHash) return at('PREVIOUS_HASH_MISMATCH');
    if (entryHash(entry.prevHash, entry) !== entry.hash) return at('HASH_MISMATCH');
    // A balanced hash over unbalanced postings would mean the writer itself was wrong.
    if (entry.postings.reduce((sum, p) => sum + BigInt(p.amountFen), 0n) !== 0n) return at('UNBALANCED');
    this.previousHash = entry.hash;
    this.expectedSequence++;
    return true;
  }

  /** The head the ledger claims must be where the chain ends; a cut-off tail shows here. */
  finish(head: { sequence: number; hash: string }): ChainBreak | null {
    if (this.broken) return this.broken;
    if (head.sequence !== this.expectedSequence - 1 || head.hash !== this.previousHash) {
      this.broken = { sequence: Math.min(head.sequence, this.expectedSequence), entryId: null, reason: 'HEAD_MISMATCH' };
    }
    return this.broken;
  }

  get lastHash(): string {
    return this.previousHash;
  }
}
