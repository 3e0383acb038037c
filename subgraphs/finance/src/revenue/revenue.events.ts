import type { EventBatchHandlers, EventHandlers } from '@hub/platform';
import { bookParkingFees } from './revenue.service';

export const revenueEvents: EventHandlers = {
  ParkingFeeCollected: (_ctx, manager, event) => bookParkingFees(manager, [event.payload]),
};

/** An ERP import announces thousands of fees: a job's worth is booked as one append per compound. */
export const revenueEventBatches: EventBatchHandlers = {
  ParkingFeeCollected: (_ctx, manager, events) => bookParkingFees(manager, events.map((e) => e.payload)),
};
