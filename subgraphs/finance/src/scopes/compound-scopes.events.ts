import type { EventHandlers } from '@hub/platform';
import { CompoundScopeEntity } from './compound-scope.entity';

export const compoundScopeEvents: EventHandlers = {
  CompoundRegistered: async (_ctx, manager, event) => {
    await manager.upsert(
      CompoundScopeEntity,
      { compoundId: event.payload.compoundId, regionPath: event.payload.regionPath.join(',') },
      ['compoundId'],
    );
  },
};
