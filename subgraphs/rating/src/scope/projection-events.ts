import { applyNewest, compoundScopeEvents, type EventHandlers } from '@hub/platform';
import { ContractProjectionEntity } from './contract-projection.entity';
import { ResidentFeedbackEntity } from './resident-feedback.entity';

/**
 * What the rating subgraph learns from the others: where compounds sit (CompoundRegistered),
 * which compounds are under contract with which firm (ContractChanged), and how satisfied
 * residents were with closed requests (RequestClosed). Each keyed by the source's id, so an
 * event applied twice leaves one row.
 */
export const projectionEvents: EventHandlers = {
  CompoundRegistered: compoundScopeEvents.CompoundRegistered,
  ContractChanged: async (_ctx, manager, { id: eventId, payload: p }) => {
    await applyNewest(manager, ContractProjectionEntity, {
      id: p.contractId,
      compoundId: p.compoundId,
      firmId: p.firmId,
      model: p.model,
      startsOn: p.startsOn.slice(0, 10),
      endsOn: p.endsOn ? p.endsOn.slice(0, 10) : null,
      status: p.status,
      eventId,
    } as ContractProjectionEntity);
  },
  RequestClosed: async (_ctx, manager, { payload: p }) => {
    const satisfaction = Number.isInteger(p.satisfaction) && p.satisfaction! >= 1 && p.satisfaction! <= 5 ? p.satisfaction : null;
    const existing = await manager.findOneBy(ResidentFeedbackEntity, { requestId: p.requestId });
    const row = { requestId: p.requestId, compoundId: p.compoundId, category: p.category.slice(0, 64), satisfaction, closedAt: new Date(p.closedAt) };
    if (existing) await manager.update(ResidentFeedbackEntity, { id: existing.id }, row);
    else await manager.save(manager.create(ResidentFeedbackEntity, row));
  },
};
