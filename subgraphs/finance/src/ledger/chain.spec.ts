import { ChainVerifier, canonicalEntry, entryHash, GENESIS_HASH, type ChainEntry } from './chain';

const entry = (sequence: number, amount = 100, over: Partial<ChainEntry> = {}): ChainEntry => ({
  id: `e${sequence}`,
  compoundId: 'c1',
  sequence,
  kind: 'REVENUE',
  bookedAt: new Date('2026-10-01T08:00:00.123Z'),
  valueAt: new Date('2026-10-01T08:00:00.123Z'),
  sourceReference: `src-${sequence}`,
  description: '停车费',
  reversesEntryId: null,
  correctsEntryId: null,
  spendingRequestId: null,
  ratingResultId: null,
  postings: [
    { accountId: 'bank', amountFen: amount, category: 'PARKING' },
    { accountId: 'revenue', amountFen: -amount, category: 'PARKING' },
  ],
  ...over,
});

function chain(n: number) {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const e = entry(i + 1, 100 + i);
    const hash = entryHash(prev, e);
    const linked = { ...e, prevHash: prev, hash };
    prev = hash;
    return linked;
  });
}

describe('hash chain', () => {
  it('hashes the previous hash and the canonical entry with SHA-256', () => {
    const e = entry(1);
    const { createHash } = require('node:crypto');
    expect(entryHash(GENESIS_HASH, e)).toBe(createHash('sha256').update(GENESIS_HASH + canonicalEntry(e)).digest('hex'));
    expect(entryHash(GENESIS_HASH, e)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives a different hash for a one-fen change, a changed category or another predecessor', () => {
    const h = entryHash(GENESIS_HASH, entry(1, 100));
    expect(entryHash(GENESIS_HASH, entry(1, 101))).not.toBe(h);
    expect(entryHash('1'.repeat(64), entry(1, 100))).not.toBe(h);
    const recategorised = entry(1, 100);
    recategorised.postings[1].category = 'ADVERTISING';
    expect(entryHash(GENESIS_HASH, recategorised)).not.toBe(h);
  });

  it('verifies an intact chain and its head', () => {
    const v = new ChainVerifier();
    const entries = chain(5);
    for (const e of entries) expect(v.push(e)).toBe(true);
    expect(v.finish({ sequence: 5, hash: entries[4].hash })).toBeNull();
    expect(v.checked).toBe(5);
  });

  it('reports the first changed entry, not a later one', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], postings: [{ ...entries[2].postings[0], amountFen: 1 }, { ...entries[2].postings[1], amountFen: -1 }] };
    const v = new ChainVerifier();
    entries.forEach((e) => v.push(e));
    expect(v.broken).toEqual({ sequence: 3, entryId: 'e3', reason: 'HASH_MISMATCH' });
  });

  it('catches a removed entry as a gap and a re-linked entry by its previous hash', () => {
    const entries = chain(4);
    const gap = new ChainVerifier();
    [entries[0], entries[2], entries[3]].forEach((e) => gap.push(e));
    expect(gap.broken).toEqual({ sequence: 2, entryId: null, reason: 'SEQUENCE_GAP' });

    const relinked = new ChainVerifier();
    relinked.push(entries[0]);
    relinked.push({ ...entries[1], prevHash: GENESIS_HASH });
    expect(relinked.broken?.reason).toBe('PREVIOUS_HASH_MISMATCH');
  });

  it('catches unbalanced postings even when the hash was recomputed over them', () => {
    const e = entry(1, 100);
    e.postings[0].amountFen = 101;
    const v = new ChainVerifier();
    v.push({ ...e, prevHash: GENESIS_HASH, hash: entryHash(GENESIS_HASH, e) });
    expect(v.broken?.reason).toBe('UNBALANCED');
  });

  it('catches a cut-off tail against the head', () => {
    const entries = chain(3);
    const v = new ChainVerifier();
    entries.slice(0, 2).forEach((e) => v.push(e));
    expect(v.finish({ sequence: 3, hash: entries[2].hash })?.reason).toBe('HEAD_MISMATCH');
  });
});
