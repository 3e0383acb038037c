import type { Resolvers } from '../generated/graphql';
import { applyConventionAdopted } from './parking-conventions.service';
import { listBreaches, recordBreach } from './parking-conventions.service';
import {
  issuePermit,
  listPermits,
  listSessions,
  parkingRevenue,
  permitById,
  pricingOf,
  recordGateEvents,
  revokePermit,
  sellMonthlyPass,
  setParkingPricing,
  type RevenueByClass,
} from './parking.service';
import type { EventHandlers } from '@hub/platform';

export interface ParkingRevenueParent {
  compoundId: string;
  from: string;
  to: string;
  totalFen: number;
  fees: number;
  byClass: RevenueByClass[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const parkingResolvers: Resolvers = {
  Query: {
    parkingPermits: (_r, { compoundId, plate, first, after }, ctx) => listPermits(ctx, compoundId, plate, { first, after }),
    parkingSessions: (_r, { compoundId, from, to, first, after }, ctx) => listSessions(ctx, compoundId, from, to, { first, after }),
    parkingRevenue: (_r, { compoundId, from, to }, ctx) => parkingRevenue(ctx, compoundId, from, to),
    parkingBreaches: (_r, { compoundId, plate, first, after }, ctx) => listBreaches(ctx, compoundId, plate, { first, after }),
  },
  Mutation: {
    setParkingPricing: (_r, { compoundId, rules }, ctx) =>
      setParkingPricing(
        ctx,
        compoundId,
        rules.map((r) => ({ ...r, dailyCapFen: r.dailyCapFen ?? null, monthlyPassFen: r.monthlyPassFen ?? null })),
      ),
    issueParkingPermit: (_r, { input }, ctx) => issuePermit(ctx, input),
    revokeParkingPermit: (_r, { id, reason }, ctx) => revokePermit(ctx, id, reason),
    sellMonthlyPass: (_r, { permitId, month }, ctx) => sellMonthlyPass(ctx, permitId, month),
    recordGateEvents: (_r, { compoundId, events }, ctx) => recordGateEvents(ctx, compoundId, events),
    recordParkingBreach: (_r, { input }, ctx) => recordBreach(ctx, input),
  },
  Compound: {
    parkingPricing: (compound, _a, ctx) => pricingOf(ctx, compound.id),
  },
  ParkingPermit: {
    compound: (p) => ({ id: p.compoundId }),
  },
  ParkingSession: {
    permit: (s, _a, ctx) => (s.permitId ? permitById(ctx, s.permitId) : null),
    enteredAt: (s) => s.enteredAt.toISOString(),
    exitedAt: (s) => iso(s.exitedAt),
  },
  ParkingFee: {
    collectedAt: (f) => f.collectedAt.toISOString(),
  },
  ParkingBreach: {
    occurredAt: (b) => b.occurredAt.toISOString(),
  },
  ParkingRevenue: {
    compound: (r) => ({ id: r.compoundId }),
  },
};

export const parkingEvents: EventHandlers = {
  ConventionAdopted: (ctx, manager, event) => applyConventionAdopted(ctx.log, manager, event),
};
