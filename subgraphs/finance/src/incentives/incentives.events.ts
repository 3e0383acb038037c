import type { EventBatchHandlers, EventHandlers } from '@hub/platform';
import { bookIncentivePayouts } from './incentives.service';

export const incentiveEvents: EventHandlers = {
  RatingPublished: (ctx, manager, event) => bookIncentivePayouts(manager, [event.payload], ctx.log),
};

/** A round publishes a result for each of its compounds at once: a job's worth is decided and booked together. */
export const incentiveEventBatches: EventBatchHandlers = {
  RatingPublished: (ctx, manager, events) => bookIncentivePayouts(manager, events.map((e) => e.payload), ctx.log),
};
