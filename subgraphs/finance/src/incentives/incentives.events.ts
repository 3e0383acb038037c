import type { EventHandlers } from '@hub/platform';
import { bookIncentivePayout } from './incentives.service';

export const incentiveEvents: EventHandlers = {
  RatingPublished: (ctx, manager, event) => bookIncentivePayout(manager, event.payload, ctx.log),
};
