import type { EventHandlers } from '@hub/platform';
import { resolveFromWorkOrder, returnFromCancelledWorkOrder } from './requests.service';

/**
 * Events the requests feature consumes: a completed work order resolves the request it came from;
 * a cancelled one gives the request back for a new dispatch.
 */
export const requestEvents: EventHandlers = {
  WorkOrderCompleted: async (ctx, manager, event) => {
    await resolveFromWorkOrder(manager, event.payload, ctx.log);
  },
  WorkOrderCancelled: async (ctx, manager, event) => {
    await returnFromCancelledWorkOrder(manager, event.payload, ctx.log);
  },
};
