import { In, type DataSource, type EntityManager } from 'typeorm';
import { badInput, HubError, ErrorCode, transaction, uuidv7 } from '@hub/platform';
import { AccountEntity, CREDIT_NORMAL, NEVER_NEGATIVE, type AccountKind } from '../accounts/account.entity';
import { isClosed, isoDay } from '../statements/period';
import { ChainVerifier, entryHash, GENESIS_HASH, type ChainBreak, type ChainEntry } from './chain';
import { JournalEntryEntity, type EntryKind } from './journal-entry.entity';
import { LedgerHeadEntity } from './ledger-head.entity';
import { PostingEntity } from './posting.entity';
import { assertBalanced, type PostingDraft } from './postings';
import { postingRegionsOf, recordPostings } from '../stats/posting-region-summary';

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
  await lockHead(manager, compoundId);
  const where = { compoundId, kind, buildingRef };
  const read = () => {
    const qb = manager.createQueryBuilder(AccountEntity, 'a').where('a.compoundId = :compoundId AND a.kind = :kind AND a.buildingRef = :buildingRef', where);
    // A locking read sees what committed before the lock was granted; a plain one may not.
    if (isMysql(manager)) qb.setLock('pessimistic_write');
    return qb.getOne();
  };
  const found = await read();
  if (found) return found;
  await manager.insert(AccountEntity, manager.create(AccountEntity, { id: id ?? uuidv7(), ...where, balanceFen: 0 }));
  return (await read())!;
}

/**
 * Locks the compound's chain head, creating it on first use: postings of one compound queue here.
 * The common case is one locking read; only the first posting of a compound inserts the row.
 */
export async function lockHead(manager: EntityManager, compoundId: string): Promise<LedgerHeadEntity> {
  const read = () => {
    const qb = manager.createQueryBuilder(LedgerHeadEntity, 'h').where('h.compoundId = :compoundId', { compoundId });
    if (isMysql(manager)) qb.setLock('pessimistic_write');
    return qb.getOne();
  };
  const head = await read();
  if (head) return head;
  await manager.createQueryBuilder().insert().into(LedgerHeadEntity).values({ compoundId, sequence: 0, hash: GENESIS_HASH, closedThrough: null }).orIgnore().execute();
  return (await read())!;
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
 * Appends one entry to a compound's chain, inside the caller's transaction: checks it balances,
 * that it touches only the compound's accounts, that its period is open and that no owners' fund
 * or bank account goes below zero; then writes the entry, its postings, the new balances and the
 * new head. Any refusal throws before anything is written, and the transaction rolls back.
 * A source reference already booked returns that entry instead (a redelivery books nothing).
 */
export async function postEntry(manager: EntityManager, draft: EntryDraft): Promise<{ entry: JournalEntryEntity; replayed: boolean }> {
  assertBalanced(draft.postings);
  if (draft.sourceReference.length === 0 || draft.sourceReference.length > 191) throw badInput('sourceReference must be 1–191 characters', { argument: 'sourceReference' });
  const earlier = await manager.findOne(JournalEntryEntity, { where: { sourceReference: draft.sourceReference } });
  if (earlier) return { entry: earlier, replayed: true };

  const head = await lockHead(manager, draft.compoundId);
  // Checked again under the head lock, with a locking read: a concurrent delivery of the same
  // source may have committed while this one waited.
  const recheck = manager.createQueryBuilder(JournalEntryEntity, 'e').where('e.sourceReference = :source', { source: draft.sourceReference });
  if (isMysql(manager)) recheck.setLock('pessimistic_read');
  const booked = await recheck.getOne();
  if (booked) return { entry: booked, replayed: true };
  // Before any posting is written: see postingRegionsOf.
  const regions = await postingRegionsOf(manager, draft.compoundId);
  const now = new Date();
  let bookedAt = draft.bookedAt ?? now;
  const valueAt = draft.valueAt ?? bookedAt;
  if (bookedAt.getTime() > now.getTime() + 60_000) throw badInput(`An entry cannot be booked in the future (${bookedAt.toISOString()})`, { argument: 'bookedAt' });
  if (isClosed(bookedAt, head.closedThrough)) {
    if (draft.closedPeriod === 'REFUSE') {
      throw new HubError(ErrorCode.CONFLICT, `The period up to ${head.closedThrough} is closed by a published statement; book the entry on a later date`, { closedThrough: head.closedThrough });
    }
    bookedAt = now;
  }

  const ids = [...new Set(draft.postings.map((p) => p.accountId))];
  const accountQuery = manager.createQueryBuilder(AccountEntity, 'a').where('a.id IN (:...ids)', { ids });
  if (isMysql(manager)) accountQuery.setLock('pessimistic_write');
  const accounts = new Map((await accountQuery.getMany()).map((a) => [a.id, a]));
  const balances = new Map<string, bigint>();
  for (const p of draft.postings) {
    const account = accounts.get(p.accountId);
    if (!account || account.compoundId !== draft.compoundId) {
      throw badInput(`Account ${p.accountId} is not an account of compound ${draft.compoundId}`, { argument: 'postings' });
    }
    const signed = CREDIT_NORMAL.has(account.kind) ? -BigInt(p.amountFen) : BigInt(p.amountFen);
    balances.set(account.id, (balances.get(account.id) ?? BigInt(account.balanceFen)) + signed);
  }
  for (const [id, balance] of balances) {
    const account = accounts.get(id)!;
    if (NEVER_NEGATIVE.has(account.kind) && balance < 0n && !draft.overdraftUntilCorrected) throw overdrawn(account, balance);
    if (balance > BigInt(Number.MAX_SAFE_INTEGER) || balance < -BigInt(Number.MAX_SAFE_INTEGER)) throw badInput('The balance would leave the range of whole fen this ledger keeps');
  }

  const chain: ChainEntry = {
    id: uuidv7(),
    compoundId: draft.compoundId,
    sequence: head.sequence + 1,
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
  const hash = entryHash(head.hash, chain);
  const { postings, ...columns } = chain;
  await manager.insert(JournalEntryEntity, { ...columns, kind: draft.kind, prevHash: head.hash, hash });
  await manager.insert(
    PostingEntity,
    postings.map((p, position) => ({ id: uuidv7(), entryId: chain.id, compoundId: chain.compoundId, entrySequence: chain.sequence, position, bookedAt, ...p })),
  );
  for (const [id, balance] of balances) await manager.update(AccountEntity, { id }, { balanceFen: Number(balance) });
  await manager.update(LedgerHeadEntity, { compoundId: draft.compoundId }, { sequence: chain.sequence, hash });
  // Last: the region rows are shared by every compound of the street, so they are held briefly.
  await recordPostings(manager, regions, bookedAt, postings.map((p) => ({ accountKind: accounts.get(p.accountId)!.kind, category: p.category, amountFen: p.amountFen })));
  const entry = await manager.findOneByOrFail(JournalEntryEntity, { id: chain.id });
  return { entry, replayed: false };
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
