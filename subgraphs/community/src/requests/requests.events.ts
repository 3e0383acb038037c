import type { EventHandlers } from '@hub/platform';
import { resolveFromWorkOrder } from './requests.service';

/** Events the requests feature consumes: a completed work order resolves the request it came from. */
export const requestEvents: EventHandlers = {
  WorkOrderCompleted: async (ctx, manager, event) => {
    await resolveFromWorkOrder(manager, event.payload, ctx.log);
  },
};
