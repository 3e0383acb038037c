import type { EventHandlers } from '@hub/platform';
import type { Resolvers } from '../generated/graphql';
import { firmById } from '../firms/property-firms.service';
import { slaState } from './sla';
import {
  applyRequestDispatched,
  assignWorkOrder,
  cancelWorkOrder,
  handOverWorkOrders,
  completeWorkOrder,
  historyOf,
  listWorkOrders,
  startWorkOrder,
  workOrderById,
  workOrdersOfCompound,
  workOrdersOfFirm,
} from './work-orders.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const workOrderResolvers: Resolvers = {
  Query: {
    workOrder: (_r, { id }, ctx) => workOrderById(ctx, id),
    workOrders: (_r, { compoundId, status, first, after }, ctx) => listWorkOrders(ctx, { compoundId, status }, { first, after }),
  },
  Mutation: {
    assignWorkOrder: (_r, { id, assigneeName, assigneePersonId }, ctx) => assignWorkOrder(ctx, id, assigneeName, assigneePersonId),
    startWorkOrder: (_r, { id }, ctx) => startWorkOrder(ctx, id),
    completeWorkOrder: (_r, { id, photoUrls, note }, ctx) => completeWorkOrder(ctx, id, photoUrls, note),
    cancelWorkOrder: (_r, { id, reason }, ctx) => cancelWorkOrder(ctx, id, reason),
    handOverWorkOrders: (_r, { compoundId }, ctx) => handOverWorkOrders(ctx, compoundId),
  },
  Compound: {
    workOrders: (compound, { state, ...page }, ctx) => workOrdersOfCompound(ctx, compound.id, state, page),
  },
  PropertyFirm: {
    workOrders: (firm, { state, ...page }, ctx) => workOrdersOfFirm(ctx, firm.id, state, page),
  },
  WorkOrder: {
    compound: (w) => ({ id: w.compoundId }),
    firm: (w, _a, ctx) => (w.firmId ? firmById(ctx, w.firmId) : null),
    createdAt: (w) => w.createdAt.toISOString(),
    dueAt: (w) => w.dueAt.toISOString(),
    startedAt: (w) => iso(w.startedAt),
    completedAt: (w) => iso(w.completedAt),
    sla: (w) => slaState(w, new Date()),
    history: (w, _a, ctx) => historyOf(ctx, w.id),
  },
  WorkOrderTransition: {
    from: (t) => t.fromStatus,
    to: (t) => t.toStatus,
    at: (t) => t.createdAt.toISOString(),
  },
};

export const workOrderEvents: EventHandlers = {
  RequestDispatched: (_ctx, manager, event) => applyRequestDispatched(manager, event),
};
