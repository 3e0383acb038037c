import type { EventHandlers } from '@hub/platform';
import { bookParkingFee } from './revenue.service';

export const revenueEvents: EventHandlers = {
  ParkingFeeCollected: (_ctx, manager, event) => bookParkingFee(manager, event.payload),
};
