import { applyNewest, type EventHandlers } from '@hub/platform';
import { CompoundContractEntity } from './compound-contract.entity';

export const compoundContractEvents: EventHandlers = {
  ContractChanged: async (_ctx, manager, event) => {
    const p = event.payload;
    await applyNewest(manager, CompoundContractEntity, { contractId: p.contractId, compoundId: p.compoundId, firmId: p.firmId, startsOn: p.startsOn, endsOn: p.endsOn, eventId: event.id });
  },
};
