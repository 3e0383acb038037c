import type { Resolvers } from '../generated/graphql';
import { workOrderById } from '../work-orders/work-orders.service';
import type { InspectionCheckpointEntity } from './inspection.entities';
import { checkpointById, checkpointsOf, createPlan, endPlan, listMissed, listPlans, listRecords, planById, recordInspection } from './inspections.service';

export interface MissedCheckpointParent {
  checkpoint: InspectionCheckpointEntity;
  windowStart: string;
  windowEnd: string;
}

export const inspectionResolvers: Resolvers = {
  Query: {
    inspectionPlan: (_r, { id }, ctx) => planById(ctx, id),
    inspectionPlans: (_r, { compoundId, first, after }, ctx) => listPlans(ctx, compoundId, { first, after }),
    inspectionRecords: (_r, { planId, from, to, first, after }, ctx) => listRecords(ctx, planId, from, to, { first, after }),
    missedCheckpoints: (_r, { planId, from, to }, ctx) => listMissed(ctx, planId, from, to),
  },
  Mutation: {
    createInspectionPlan: (_r, { input }, ctx) => createPlan(ctx, input),
    recordInspection: (_r, { input }, ctx) => recordInspection(ctx, input),
    endInspectionPlan: (_r, { id, endsAt }, ctx) => endPlan(ctx, id, endsAt),
  },
  InspectionPlan: {
    compound: (p) => ({ id: p.compoundId }),
    startsAt: (p) => p.startsAt.toISOString(),
    endsAt: (p) => p.endsAt?.toISOString() ?? null,
    checkpoints: (p, _a, ctx) => checkpointsOf(ctx, p.id),
  },
  InspectionRecord: {
    checkpoint: async (r, _a, ctx) => (await checkpointById(ctx, r.checkpointId))!,
    inspectedAt: (r) => r.inspectedAt.toISOString(),
    workOrder: (r, _a, ctx) => (r.workOrderId ? workOrderById(ctx, r.workOrderId) : null),
  },
};
