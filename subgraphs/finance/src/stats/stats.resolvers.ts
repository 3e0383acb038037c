import type { Resolvers } from '../generated/graphql';
import { compoundCount, financeStats, fundFigures, incentivesByFirm, overdueStatements, unauditedStatements } from './stats.service';

export const statsResolvers: Resolvers = {
  Query: {
    financeStats: (_root, { regionCode, from, to }, ctx) => financeStats(ctx, regionCode, from, to),
  },
  FinanceStats: {
    regionCode: (s) => s.regionCode,
    from: (s) => s.from.toISOString(),
    to: (s) => s.to.toISOString(),
    compounds: (s, _args, ctx) => compoundCount(ctx, s),
    revenueByCategory: async (s, _args, ctx) => (await fundFigures(ctx, s)).revenueByCategory,
    costsByCategory: async (s, _args, ctx) => (await fundFigures(ctx, s)).costsByCategory,
    spendingByCategory: async (s, _args, ctx) => (await fundFigures(ctx, s)).spendingByCategory,
    overdueStatements: (s, args, ctx) => overdueStatements(ctx, s, args),
    unauditedStatements: (s, args, ctx) => unauditedStatements(ctx, s, args),
    incentivesByFirm: (s, _args, ctx) => incentivesByFirm(ctx, s),
  },
  FirmIncentiveTotal: {
    firm: (r) => ({ id: r.firmId }),
  },
};
