import { In } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { badInput, HubError, ErrorCode, notFound, pageWindow, toConnection, type PageArgs, type RequestContext } from '@hub/platform';
import { requireAccounts, requireCommittee, requireLedgerVerifier } from '../scope';
import { JournalEntryEntity, type EntryKind } from './journal-entry.entity';
import { assertNotOverdrawn, ledgerTransaction, postEntry, verifyLedger } from './ledger.service';
import { PostingEntity } from './posting.entity';
import { assertCorrectionMirrors } from './correction';
import { assertBalanced, type PostingDraft } from './postings';

export async function journalEntries(ctx: RequestContext, compoundId: string, args: PageArgs) {
  await requireAccounts(ctx, compoundId);
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const qb = ctx.ds.getRepository(JournalEntryEntity).createQueryBuilder('e').where('e.compoundId = :compoundId', { compoundId });
  // Ledger order is the sequence; the cursor names the last entry seen.
  if (afterId) qb.andWhere('e.sequence > (SELECT c.sequence FROM journal_entry c WHERE c.id = :afterId)', { afterId });
  const rows = await qb.orderBy('e.sequence', 'ASC').take(limit + 1).getMany();
  return toConnection(rows, limit, afterId !== null);
}

/** An entry's postings, batched: one statement for every entry of the request. */
export function postingsOf(ctx: RequestContext, entryId: string): Promise<PostingEntity[]> {
  return ctx.loaders
    .get<string, PostingEntity[]>('Posting.entryId', async (ids) => {
      const rows = await ctx.ds
        .getRepository(PostingEntity)
        .createQueryBuilder('p')
        .where('p.entryId IN (:...ids)', { ids })
        .orderBy('p.position', 'ASC')
        .getMany();
      const grouped = new Map<string, PostingEntity[]>();
      for (const r of rows) grouped.set(r.entryId, [...(grouped.get(r.entryId) ?? []), r]);
      return ids.map((id) => grouped.get(id) ?? []);
    })
    .load(entryId);
}

export async function verifyCompoundLedger(ctx: RequestContext, compoundId: string) {
  await requireLedgerVerifier(ctx, compoundId);
  return verifyLedger(ctx.ds, compoundId);
}

/** Only entries that record a fact may be corrected; spending and payouts are undone through their own processes. */
const CORRECTABLE: EntryKind[] = ['OPENING_BALANCE', 'REVENUE', 'FUND_RAISING', 'CORRECTION'];

/**
 * A correction never touches the original: it books a reversing entry linking it, then (when
 * postings are given) the corrected entry, in one transaction. Bad postings change nothing.
 */
export async function correctEntry(ctx: RequestContext, input: { entryId: string; reason: string; postings?: PostingDraft[] | null }) {
  const original = await ctx.ds.getRepository(JournalEntryEntity).findOneBy({ id: input.entryId });
  if (!original) throw notFound('Journal entry', input.entryId);
  await requireCommittee(ctx, original.compoundId);
  if (!CORRECTABLE.includes(original.kind)) {
    throw new HubError(ErrorCode.INVALID_TRANSITION, `A ${original.kind} entry is not corrected directly; ${original.kind === 'REVERSAL' ? 'correct the entry it reversed' : 'it follows its own request or rating'}`);
  }
  const reason = input.reason.trim();
  if (reason.length < 4 || reason.length > 400) throw badInput('Give a reason of 4–400 characters for the correction', { argument: 'reason' });
  if (input.postings) assertBalanced(input.postings);
  return ledgerTransaction(ctx.ds, async (manager) => {
    if (await manager.findOneBy(JournalEntryEntity, { reversesEntryId: original.id })) {
      throw new HubError(ErrorCode.CONFLICT, `Entry ${original.id} has already been reversed`);
    }
    const postings = await manager.find(PostingEntity, { where: { entryId: original.id }, order: { position: 'ASC' } });
    // Checked before anything is written: a correction restates the entry, it never pays out.
    if (input.postings) assertCorrectionMirrors(postings, input.postings);
    const touched = [...new Set(postings.map((p) => p.accountId))];
    const before = new Map((await manager.findBy(AccountEntity, { id: In(touched) })).map((a) => [a.id, a.balanceFen]));
    const { entry: reversal } = await postEntry(manager, {
      compoundId: original.compoundId,
      kind: 'REVERSAL',
      sourceReference: `reversal:${original.id}`,
      description: `Reverses entry ${original.sequence}: ${reason}`,
      reversesEntryId: original.id,
      postings: postings.map((p) => ({ accountId: p.accountId, amountFen: -p.amountFen, category: p.category })),
      closedPeriod: 'REFUSE',
      // A receipt already partly spent can still be restated: only the net of the reversal and
      // the corrected entry must leave the funds at or above zero.
      overdraftUntilCorrected: input.postings !== null && input.postings !== undefined,
    });
    let corrected: JournalEntryEntity | null = null;
    if (input.postings) {
      corrected = (
        await postEntry(manager, {
          compoundId: original.compoundId,
          kind: 'CORRECTION',
          sourceReference: `correction:${original.id}`,
          description: `Corrects entry ${original.sequence}: ${reason}`,
          correctsEntryId: original.id,
          postings: input.postings,
          closedPeriod: 'REFUSE',
        })
      ).entry;
    }
    // Checked on every account the reversal touched, including lines the correction left out.
    if (corrected) await assertNotOverdrawn(manager, touched, before);
    return { reversal, corrected };
  });
}

