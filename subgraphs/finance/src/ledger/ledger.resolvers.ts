import type { Resolvers } from '../generated/graphql';
import { accountById } from '../accounts/accounts.service';
import { correctEntry, journalEntries, postingsOf, verifyCompoundLedger } from './entries.service';

export const ledgerResolvers: Resolvers = {
  Query: {
    journalEntries: (_root, { compoundId, ...page }, ctx) => journalEntries(ctx, compoundId, page),
    verifyLedger: (_root, { compoundId }, ctx) => verifyCompoundLedger(ctx, compoundId),
  },
  Mutation: {
    correctEntry: (_root, { input }, ctx) => correctEntry(ctx, input),
  },
  JournalEntry: {
    bookedAt: (e) => e.bookedAt.toISOString(),
    valueAt: (e) => e.valueAt.toISOString(),
    postings: (e, _args, ctx) => postingsOf(ctx, e.id),
  },
  Posting: {
    account: async (p, _args, ctx) => (await accountById(ctx, p.accountId))!,
  },
};
