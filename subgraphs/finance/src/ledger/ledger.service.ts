import { In, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { badInput, HubError, ErrorCode, transaction, uuidv7 } from '@hub/platform';
import { AccountEntity, CREDIT_NORMAL, NEVER_NEGATIVE, type AccountKind } from '../accounts/account.entity';
import { isClosed, isoDay } from '../statements/period';
import { ChainVerifier, entryHash, GENESIS_HASH, type ChainBreak, type ChainEntry } from './chain';
import { JournalEntryEntity, type EntryKind } from './journal-entry.entity';
import { LedgerHeadEntity } from './ledger-head.entity';
import { PostingEntity } from './posting.entity';
import { assertBalanced, type PostingDraft } from './postings';
import { postingRegionsOfAll, recordPostings } from '../stats/posting-region-summary';

export interface EntryDraft {
  compoundId: string;
  kind: EntryKind;
  /** Accounting date; now when not given. */
  bookedAt?: Date;
  /** When the fact happened; bookedAt when not given. */
  valueAt?: Date;
  sourceReference: string;
  description: string;
  reversesEntryId?: string | null;
  correctsEntryId?: string | null;
  spendingRequestId?: string | null;
  ratingResultId?: string | null;
  postings: PostingDraft[];
  /**
   * A date inside a period closed by a published statement: an API caller is refused; a fact
   * arriving late by event is booked today (its valueAt keeps the real date).
   */
  closedPeriod: 'REFUSE' | 'BOOK_TODAY';
  /**
   * Lets an owners' fund or the bank go below zero for the moment: only for the reversal of a
   * correction, whose corrected entry follows in the same transaction and after which
   * `assertNotOverdrawn` checks the accounts again.
   */
  overdraftUntilCorrected?: boolean;
}

const overdrawn = (account: AccountEntity, balance: bigint) =>
  new HubError(
    ErrorCode.CONFLICT,
    `${account.kind}${account.buildingRef ? ` (${account.buildingRef})` : ''} holds ${account.balanceFen} fen; this entry would take it to ${balance} fen. Money must be there before it is spent.`,
    { accountId: account.id, balanceFen: account.balanceFen },
  );

/** Refuses (and so rolls back) when any of these accounts that never go below zero now does. */
export async function assertNotOverdrawn(manager: EntityManager, accountIds: string[], before: ReadonlyMap<string, number>): Promise<void> {
  if (accountIds.length === 0) return;
  for (const account of await manager.findBy(AccountEntity, { id: In(accountIds) })) {
    if (NEVER_NEGATIVE.has(account.kind) && account.balanceFen < 0) {
      throw overdrawn({ ...account, balanceFen: before.get(account.id) ?? account.balanceFen } as AccountEntity, BigInt(account.balanceFen));
    }
  }
}

const isMysql = (manager: EntityManager) => manager.connection.options.type !== 'better-sqlite3';

/**
 * The compound's account of a kind, created on first use. Takes the compound's head lock first:
 * every transaction that posts locks the head before any account, so two of them can never hold
 * account locks the other one waits for.
 */
export async function ensureAccount(manager: EntityManager, compoundId: string, kind: AccountKind, buildingRef = '', id?: string): Promise<AccountEntity> {
  const [account] = await ensureAccounts(manager, [{ compoundId, kind, buildingRef, id }]);
  return account;
}

/** `ensureAccount` for several at once: heads locked in one statement, accounts read in one, the missing created in one. */
export async function ensureAccounts(manager: EntityManager, wanted: ReadonlyArray<{ compoundId: string; kind: AccountKind; buildingRef?: string; id?: string }>): Promise<AccountEntity[]> {
  if (wanted.length === 0) return [];
  const compoundIds = [...new Set(wanted.map((w) => w.compoundId))];
  await lockHeads(manager, compoundIds);
  const key = (a: { compoundId: string; kind: string; buildingRef?: string }) => `${a.compoundId}|${a.kind}|${a.buildingRef ?? ''}`;
  const read = async () => {
    const qb = manager.createQueryBuilder(AccountEntity, 'a').where('a.compoundId IN (:...compoundIds) AND a.kind IN (:...kinds)', { compoundIds, kinds: [...new Set(wanted.map((w) => w.kind))] });
    // A locking read sees what committed before the lock was granted; a plain one may not.
    if (isMysql(manager)) qb.setLock('pessimistic_write');
    return new Map((await qb.getMany()).map((a) => [key(a), a]));
  };
  let found = await read();
  const missing = new Map(wanted.filter((w) => !found.has(key(w))).map((w) => [key(w), w]));
  if (missing.size) {
    await manager.insert(
      AccountEntity,
      [...missing.values()].map((w) => manager.create(AccountEntity, { id: w.id ?? uuidv7(), compoundId: w.compoundId, kind: w.kind, buildingRef: w.buildingRef ?? '', balanceFen: 0 })),
    );
    found = await read();
  }
  return wanted.map((w) => found.get(key(w))!);
}

/**
 * Locks the compound's chain head, creating it on first use: postings of one compound queue here.
 * The common case is one locking read; only the first posting of a compound inserts the row.
 */
export async function lockHead(manager: EntityManager, compoundId: string): Promise<LedgerHeadEntity> {
  return (await lockHeads(manager, [compoundId])).get(compoundId)!;
}

/** `lockHead` for several compounds in one locking read (the database takes the locks in key order). */
export async function lockHeads(manager: EntityManager, compoundIds: readonly string[]): Promise<Map<string, LedgerHeadEntity>> {
  if (compoundIds.length === 0) return new Map();
  const read = async () => {
    const qb = manager.createQueryBuilder(LedgerHeadEntity, 'h').where('h.compoundId IN (:...compoundIds)', { compoundIds });
    if (isMysql(manager)) qb.setLock('pessimistic_write');
    return new Map((await qb.getMany()).map((h) => [h.compoundId, h]));
  };
  const heads = await read();
  const missing = compoundIds.filter((id) => !heads.has(id));
  if (missing.length === 0) return heads;
  await manager
    .createQueryBuilder()
    .insert()
    .into(LedgerHeadEntity)
    .values(missing.map((compoundId) => ({ compoundId, sequence: 0, hash: GENESIS_HASH, closedThrough: null })))
    .orIgnore()
    .execute();
  return read();
}

const DEADLOCK = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

/**
 * A transaction that writes the ledger. The head lock orders postings, but two first postings of
 * a new compound can still collide on creating its head; the database then picks a victim, and
 * the victim is simply run again.
 */
export async function ledgerTransaction<T>(ds: DataSource, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction(ds, fn);
    } catch (error) {
      const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
      if (attempt >= 4 || !code || !DEADLOCK.has(code)) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

/**
 * Appends one entry to a compound's chain, inside the caller's transaction: `postEntries` for one
 * draft, returning the entry as stored (or the one its source reference already booked).
 */
export async function postEntry(manager: EntityManager, draft: EntryDraft): Promise<{ entry: JournalEntryEntity; replayed: boolean }> {
  const [posted] = await postEntries(manager, [draft]);
  return { entry: await manager.findOneByOrFail(JournalEntryEntity, { id: posted.id }), replayed: posted.replayed };
}

/** Rows per INSERT of entries or postings, and keys per CASE update: inside SQLite's bound-variable limit. */
const ROWS_PER_STATEMENT = 200;

/**
 * Appends entries to their compounds' chains, in the order given, inside the caller's transaction.
 * Each is checked as if posted alone after the ones before it: it balances, touches only its
 * compound's accounts, its period is open, and no owners' fund or bank account goes below zero.
 * Then all are written together, in a fixed number of statements however many entries and
 * compounds: entries and postings in multi-row inserts, the accounts' new balances and the new
 * heads in one update each, the regions' summaries in one statement. Any refusal throws before
 * anything is written, and the transaction rolls back. A source reference already booked (or given
 * twice) is not booked again: its result is the earlier entry's id, marked replayed.
 */
export async function postEntries(manager: EntityManager, drafts: readonly EntryDraft[]): Promise<Array<{ id: string; replayed: boolean }>> {
  for (const draft of drafts) {
    assertBalanced(draft.postings);
    if (draft.sourceReference.length === 0 || draft.sourceReference.length > 191) throw badInput('sourceReference must be 1–191 characters', { argument: 'sourceReference' });
  }
  if (drafts.length === 0) return [];
  const references = [...new Set(drafts.map((d) => d.sourceReference))];
  const bookedIds = async (lock: boolean) => {
    const qb = manager.createQueryBuilder(JournalEntryEntity, 'e').select('e.id', 'id').addSelect('e.sourceReference', 'sourceReference').where('e.sourceReference IN (:...references)', { references });
    // Under the head locks, a locking read: a concurrent delivery of the same source may have committed while this one waited.
    if (lock && isMysql(manager)) qb.setLock('pessimistic_read');
    return new Map((await qb.getRawMany<{ id: string; sourceReference: string }>()).map((r) => [r.sourceReference, r.id]));
  };
  const earlier = await bookedIds(false);
  if (earlier.size === references.length) return drafts.map((d) => ({ id: earlier.get(d.sourceReference)!, replayed: true }));

  const compoundIds = [...new Set(drafts.map((d) => d.compoundId))];
  const heads = await lockHeads(manager, compoundIds);
  const booked = await bookedIds(true);
  // Before any posting is written: see postingRegionsOf.
  const regions = await postingRegionsOfAll(manager, compoundIds);
  const ids = [...new Set(drafts.flatMap((d) => (booked.has(d.sourceReference) ? [] : d.postings.map((p) => p.accountId))))];
  const accounts = new Map<string, AccountEntity>();
  if (ids.length) {
    const accountQuery = manager.createQueryBuilder(AccountEntity, 'a').where('a.id IN (:...ids)', { ids });
    if (isMysql(manager)) accountQuery.setLock('pessimistic_write');
    for (const a of await accountQuery.getMany()) accounts.set(a.id, a);
  }

  const now = new Date();
  const balances = new Map<string, bigint>();
  const chains = new Map(compoundIds.map((id) => [id, { sequence: heads.get(id)!.sequence, hash: heads.get(id)!.hash }]));
  const entries: QueryDeepPartialEntity<JournalEntryEntity>[] = [];
  const postingRows: QueryDeepPartialEntity<PostingEntity>[] = [];
  const summarised: Parameters<typeof recordPostings>[1][number][] = [];
  const results: Array<{ id: string; replayed: boolean }> = [];
  for (const draft of drafts) {
    const done = booked.get(draft.sourceReference);
    if (done) {
      results.push({ id: done, replayed: true });
      continue;
    }
    const { compoundId } = draft;
    const head = heads.get(compoundId)!;
    let bookedAt = draft.bookedAt ?? now;
    const valueAt = draft.valueAt ?? bookedAt;
    if (bookedAt.getTime() > now.getTime() + 60_000) throw badInput(`An entry cannot be booked in the future (${bookedAt.toISOString()})`, { argument: 'bookedAt' });
    if (isClosed(bookedAt, head.closedThrough)) {
      if (draft.closedPeriod === 'REFUSE') {
        throw new HubError(ErrorCode.CONFLICT, `The period up to ${head.closedThrough} is closed by a published statement; book the entry on a later date`, { closedThrough: head.closedThrough });
      }
      bookedAt = now;
    }
    // Each account's balance before this entry, as a caller posting it alone would see it.
    const before = new Map<string, bigint>();
    for (const p of draft.postings) {
      const account = accounts.get(p.accountId);
      if (!account || account.compoundId !== compoundId) {
        throw badInput(`Account ${p.accountId} is not an account of compound ${compoundId}`, { argument: 'postings' });
      }
      const current = balances.get(account.id) ?? BigInt(account.balanceFen);
      if (!before.has(account.id)) before.set(account.id, current);
      balances.set(account.id, current + (CREDIT_NORMAL.has(account.kind) ? -BigInt(p.amountFen) : BigInt(p.amountFen)));
    }
    for (const [id, was] of before) {
      const account = accounts.get(id)!;
      const balance = balances.get(id)!;
      if (NEVER_NEGATIVE.has(account.kind) && balance < 0n && !draft.overdraftUntilCorrected) throw overdrawn({ ...account, balanceFen: Number(was) } as AccountEntity, balance);
      if (balance > BigInt(Number.MAX_SAFE_INTEGER) || balance < -BigInt(Number.MAX_SAFE_INTEGER)) throw badInput('The balance would leave the range of whole fen this ledger keeps');
    }

    const tip = chains.get(compoundId)!;
    const chain: ChainEntry = {
      id: uuidv7(),
      compoundId,
      sequence: tip.sequence + 1,
      kind: draft.kind,
      bookedAt,
      valueAt,
      sourceReference: draft.sourceReference,
      description: draft.description,
      reversesEntryId: draft.reversesEntryId ?? null,
      correctsEntryId: draft.correctsEntryId ?? null,
      spendingRequestId: draft.spendingRequestId ?? null,
      ratingResultId: draft.ratingResultId ?? null,
      postings: draft.postings.map((p) => ({ accountId: p.accountId, amountFen: p.amountFen, category: p.category })),
    };
    const prevHash = tip.hash;
    tip.hash = entryHash(prevHash, chain);
    tip.sequence = chain.sequence;
    const { postings, ...columns } = chain;
    entries.push({ ...columns, kind: draft.kind, prevHash, hash: tip.hash });
    postings.forEach((p, position) => {
      postingRows.push({ id: uuidv7(), entryId: chain.id, compoundId, entrySequence: chain.sequence, position, bookedAt, ...p });
      summarised.push({ regions: regions.get(compoundId)!, bookedAt, accountKind: accounts.get(p.accountId)!.kind, category: p.category, amountFen: p.amountFen });
    });
    booked.set(draft.sourceReference, chain.id);
    results.push({ id: chain.id, replayed: false });
  }
  if (entries.length === 0) return results;

  for (let i = 0; i < entries.length; i += ROWS_PER_STATEMENT) await manager.insert(JournalEntryEntity, entries.slice(i, i + ROWS_PER_STATEMENT));
  for (let i = 0; i < postingRows.length; i += ROWS_PER_STATEMENT) await manager.insert(PostingEntity, postingRows.slice(i, i + ROWS_PER_STATEMENT));
  await updateByKey(manager, AccountEntity, 'id', { balanceFen: [...balances].map(([id, balance]) => [id, Number(balance)]) });
  const moved = [...chains].filter(([id, tip]) => tip.sequence !== heads.get(id)!.sequence);
  if (moved.length) await updateByKey(manager, LedgerHeadEntity, 'compoundId', { sequence: moved.map(([id, tip]) => [id, tip.sequence]), hash: moved.map(([id, tip]) => [id, tip.hash]) });
  // Last: the region rows are shared by every compound of the street, so they are held briefly.
  await recordPostings(manager, summarised);
  return results;
}

/**
 * Sets each row's columns to its own values (`property: [[key, value], …]`, the same keys in the
 * same order for every property) in one UPDATE … CASE per ROWS_PER_STATEMENT rows.
 */
async function updateByKey<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, keyProperty: string, values: Record<string, Array<[string, number | string]>>): Promise<void> {
  const meta = manager.connection.getMetadata(target);
  const column = (property: string) => manager.connection.driver.escape(meta.findColumnWithPropertyName(property)!.databaseName);
  const properties = Object.keys(values);
  const keys = values[properties[0]].map(([key]) => key);
  for (let i = 0; i < keys.length; i += ROWS_PER_STATEMENT) {
    const parameters: Record<string, unknown> = { keys: keys.slice(i, i + ROWS_PER_STATEMENT) };
    const set: Record<string, () => string> = {};
    properties.forEach((property, p) => {
      const cases = values[property].slice(i, i + ROWS_PER_STATEMENT).map(([key, value], r) => {
        parameters[`k${p}_${r}`] = key;
        parameters[`v${p}_${r}`] = value;
        return `WHEN :k${p}_${r} THEN :v${p}_${r}`;
      });
      set[property] = () => `CASE ${column(keyProperty)} ${cases.join(' ')} END`;
    });
    await manager.createQueryBuilder().update(target).set(set as never).where(`${column(keyProperty)} IN (:...keys)`).setParameters(parameters).execute();
  }
}

const ENTRY_FIELDS = [
  'id',
  'compoundId',
  'sequence',
  'kind',
  'bookedAt',
  'valueAt',
  'sourceReference',
  'description',
  'reversesEntryId',
  'correctsEntryId',
  'spendingRequestId',
  'ratingResultId',
  'prevHash',
  'hash',
] as const;
type RawEntry = Omit<ChainEntry, 'postings' | 'sequence' | 'bookedAt' | 'valueAt'> & { sequence: number | string; bookedAt: Date | string; valueAt: Date | string; prevHash: string; hash: string };
type RawPosting = { entrySequence: number | string; accountId: string; amountFen: number | string; category: string };

/** MySQL hands back a Date; SQLite the UTC text TypeORM wrote. */
const asDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`));

export interface LedgerVerification {
  compoundId: string;
  ok: boolean;
  entriesChecked: number;
  headSequence: number;
  headHash: string;
  firstBroken: ChainBreak | null;
  /** Accounts whose kept balance differs from the sum of their postings. */
  balanceMismatches: { accountId: string; recordedFen: number; fromPostingsFen: number }[];
}

/**
 * Recomputes a compound's chain from its rows, in pages, and reports the first broken entry; then
 * checks every account's kept balance against its postings.
 */
export async function verifyLedger(ds: DataSource, compoundId: string, pageSize = 10_000): Promise<LedgerVerification> {
  const head = (await ds.getRepository(LedgerHeadEntity).findOneBy({ compoundId })) ?? { sequence: 0, hash: GENESIS_HASH };
  // The balance sums scan every posting: started now, they run beside the chain walk.
  const sumsPromise: Promise<{ accountId: string; total: string | number }[]> = ds
    .getRepository(PostingEntity)
    .createQueryBuilder('p')
    .select('p.accountId', 'accountId')
    .addSelect('SUM(p.amountFen)', 'total')
    .where('p.compoundId = :compoundId', { compoundId })
    .groupBy('p.accountId')
    .getRawMany();
  sumsPromise.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const verifier = new ChainVerifier();
  // Raw rows, not entities: hydrating a million entities would cost more than hashing them.
  // Pages are sequence ranges, so a page's entries and postings load together and the next page
  // loads while this one is hashed.
  const fetchRange = (after: number, upTo: number) => {
    const entries = ds.getRepository(JournalEntryEntity).createQueryBuilder('e').select('e.id', 'id');
    for (const f of ENTRY_FIELDS.slice(1)) entries.addSelect(`e.${f}`, f);
    return Promise.all([
      entries
        .where('e.compoundId = :compoundId AND e.sequence > :after AND e.sequence <= :upTo', { compoundId, after, upTo })
        .orderBy('e.sequence', 'ASC')
        .getRawMany<RawEntry>(),
      ds
        .getRepository(PostingEntity)
        .createQueryBuilder('p')
        .select('p.entrySequence', 'entrySequence')
        .addSelect('p.accountId', 'accountId')
        .addSelect('p.amountFen', 'amountFen')
        .addSelect('p.category', 'category')
        .where('p.compoundId = :compoundId AND p.entrySequence > :after AND p.entrySequence <= :upTo', { compoundId, after, upTo })
        .orderBy('p.entrySequence', 'ASC')
        .addOrderBy('p.position', 'ASC')
        .getRawMany<RawPosting>(),
    ]);
  };
  let after = 0;
  let next = fetchRange(0, pageSize);
  for (;;) {
    const [entries, postings] = await next;
    const upTo = after + pageSize;
    const more = upTo < head.sequence;
    if (more) next = fetchRange(upTo, upTo + pageSize);
    const bySequence = new Map<number, ChainEntry['postings']>();
    for (const p of postings) {
      const sequence = Number(p.entrySequence);
      const list = bySequence.get(sequence) ?? [];
      list.push({ accountId: p.accountId, amountFen: Number(p.amountFen), category: p.category });
      bySequence.set(sequence, list);
    }
    let intact = true;
    for (const e of entries) {
      const sequence = Number(e.sequence);
      intact = verifier.push({ ...e, sequence, bookedAt: asDate(e.bookedAt), valueAt: asDate(e.valueAt), postings: bySequence.get(sequence) ?? [] });
      if (!intact) break;
    }
    if (!intact) {
      if (more) await next.catch(() => undefined);
      break;
    }
    if (!more) break;
    after = upTo;
  }
  let firstBroken = verifier.finish(head);
  if (!firstBroken) {
    // Rows beyond the head were written behind the ledger's back.
    const beyond = await ds.getRepository(JournalEntryEntity).createQueryBuilder('e').select('e.id', 'id').addSelect('e.sequence', 'sequence').where('e.compoundId = :compoundId AND e.sequence > :last', { compoundId, last: head.sequence }).orderBy('e.sequence', 'ASC').limit(1).getRawOne<{ id: string; sequence: number }>();
    if (beyond) firstBroken = { sequence: Number(beyond.sequence), entryId: beyond.id, reason: 'HEAD_MISMATCH' };
  }

  const sums = await sumsPromise;
  const accounts = await ds.getRepository(AccountEntity).findBy({ compoundId });
  const totals = new Map(sums.map((s) => [s.accountId, BigInt(s.total ?? 0)]));
  const balanceMismatches = accounts
    .map((a) => {
      const total = totals.get(a.id) ?? 0n;
      const fromPostings = Number(CREDIT_NORMAL.has(a.kind) ? -total : total);
      return { accountId: a.id, recordedFen: a.balanceFen, fromPostingsFen: fromPostings };
    })
    .filter((m) => m.recordedFen !== m.fromPostingsFen);
  return {
    compoundId,
    ok: firstBroken === null && balanceMismatches.length === 0,
    entriesChecked: verifier.checked,
    headSequence: head.sequence,
    headHash: head.hash,
    firstBroken,
    balanceMismatches,
  };
}

/** Closes the compound's ledger up to a day (a statement was published); never reopens it. */
export async function closeThrough(manager: EntityManager, compoundId: string, lastDay: string): Promise<LedgerHeadEntity> {
  const head = await lockHead(manager, compoundId);
  if (!head.closedThrough || head.closedThrough < lastDay) await manager.update(LedgerHeadEntity, { compoundId }, { closedThrough: lastDay });
  return head;
}

export const accountsByIds = (manager: EntityManager, ids: string[]) => manager.findBy(AccountEntity, { id: In(ids) });
export { isoDay };
