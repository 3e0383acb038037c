import type { Resolvers } from '../generated/graphql';
import { incentivePayouts, incentivePools, incentiveSchedule, setIncentivePool, setIncentiveSchedule } from './incentives.service';

export const incentiveResolvers: Resolvers = {
  Query: {
    incentiveSchedule: (_root, _args, ctx) => incentiveSchedule(ctx),
    incentivePayouts: (_root, { compoundId, firmId, ...page }, ctx) => incentivePayouts(ctx, { compoundId, firmId }, page),
    incentivePools: (_root, { compoundId, firmId, ...page }, ctx) => incentivePools(ctx, { compoundId, firmId }, page),
  },
  Mutation: {
    setIncentiveSchedule: (_root, { bands }, ctx) => setIncentiveSchedule(ctx, bands),
    setIncentivePool: (_root, { compoundId, firmId, period, poolFen }, ctx) => setIncentivePool(ctx, compoundId, firmId, period, poolFen),
  },
  IncentivePool: {
    firm: (p) => ({ id: p.firmId }),
  },
  IncentivePayout: {
    firm: (p) => ({ id: p.firmId }),
    publishedAt: (p) => p.publishedAt.toISOString(),
  },
};
