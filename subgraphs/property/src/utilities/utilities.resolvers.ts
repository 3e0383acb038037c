import type { Resolvers } from '../generated/graphql';
import { noticeActive } from './utility-rules';
import { compoundCoverage, compoundNotices, recordNotice, reportCoverage } from './utilities.service';

export const utilityResolvers: Resolvers = {
  Compound: {
    utilityCoverage: (compound, _args, ctx) => compoundCoverage(ctx, compound.id),
    utilityNotices: (compound, { active, ...page }, ctx) => compoundNotices(ctx, compound.id, active, page),
  },
  UtilityCoverage: {
    reportedAt: (c) => c.reportedAt.toISOString(),
  },
  UtilityNotice: {
    startsAt: (n) => n.startsAt.toISOString(),
    endsAt: (n) => n.endsAt?.toISOString() ?? null,
    active: (n) => noticeActive(n, new Date()),
  },
  Mutation: {
    recordUtilityNotice: (_root, { input }, ctx) => recordNotice(ctx, input),
    reportUtilityCoverage: (_root, { input }, ctx) => reportCoverage(ctx, input),
  },
};
