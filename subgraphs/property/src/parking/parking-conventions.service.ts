import type { EntityManager } from 'typeorm';
import { HubError, ErrorCode, pageWindow, Role, toConnection, transaction, type EventEnvelope, type Logger, type PageArgs, type RequestContext } from '@hub/platform';
import { assertCompoundAccess, lockKnownCompound } from '../scope/compound-access';
import { assertCompoundOperator, isDuplicateKey } from '../work-orders/access';
import { parseInstant, requiredText } from '../work-orders/input';
import { actionForBreach, ladderProblem } from './escalation';
import { ParkingBreachEntity, ParkingConventionEntity, ParkingPermitEntity } from './parking.entities';
import { plateOrError, retirePermit } from './parking.service';

/**
 * ConventionAdopted from the community subgraph: a PARKING convention replaces the compound's
 * earlier one (an older event arriving late does not). Other kinds of convention are not
 * property's business. A ladder that cannot be enforced is logged and left out rather than
 * retried forever.
 */
export async function applyConventionAdopted(log: Logger, manager: EntityManager, event: EventEnvelope<'ConventionAdopted'>): Promise<void> {
  const p = event.payload;
  if (p.kind !== 'PARKING') return;
  const problem = ladderProblem(p.escalation);
  if (problem) {
    log.warn({ conventionId: p.conventionId, problem }, 'parking convention not enforceable; ignored');
    return;
  }
  const adoptedAt = new Date(p.adoptedAt);
  const current = await manager.findOne(ParkingConventionEntity, { where: { compoundId: p.compoundId } });
  if (current && current.adoptedAt.getTime() > adoptedAt.getTime()) return;
  const row = { compoundId: p.compoundId, conventionId: p.conventionId, escalation: p.escalation, adoptedAt };
  if (current) await manager.update(ParkingConventionEntity, { id: current.id }, row);
  else await manager.save(manager.create(ParkingConventionEntity, row));
}

export function conventionOf(ctx: RequestContext, compoundId: string): Promise<ParkingConventionEntity | null> {
  return ctx.ds.getRepository(ParkingConventionEntity).findOneBy({ compoundId });
}

export interface RecordBreachInput {
  compoundId: string;
  plate: string;
  description: string;
  occurredAt: string;
}

/**
 * Records a breach of the compound's parking convention and returns the action it draws: the
 * plate's n-th breach gets the convention's n-th step (caution, warning, removal). Removal
 * revokes the plate's active permit in the compound in the same transaction.
 */
export async function recordBreach(ctx: RequestContext, input: RecordBreachInput): Promise<ParkingBreachEntity> {
  await assertCompoundOperator(ctx, input.compoundId, 'parking convention breaches');
  const plate = plateOrError(input.plate);
  const description = requiredText(input.description, 'description', 200);
  const occurredAt = parseInstant(input.occurredAt, 'occurredAt');
  if (occurredAt.getTime() > Date.now() + 5 * 60_000) throw new HubError(ErrorCode.BAD_USER_INPUT, 'occurredAt is in the future', { field: 'occurredAt' });
  try {
    return await transaction(ctx.ds, async (manager) => {
      await lockKnownCompound(manager, input.compoundId);
      const convention = await manager.findOne(ParkingConventionEntity, { where: { compoundId: input.compoundId } });
      if (!convention) {
        throw new HubError(ErrorCode.CONFLICT, `Compound ${input.compoundId} has no parking convention (停车公约) adopted; breaches are enforced only under one`);
      }
      const last = await manager.findOne(ParkingBreachEntity, { where: { compoundId: input.compoundId, plate }, order: { breachNumber: 'DESC' } });
      const breachNumber = (last?.breachNumber ?? 0) + 1;
      const action = actionForBreach(convention.escalation, breachNumber);
      const breach = await manager.save(
        manager.create(ParkingBreachEntity, {
          compoundId: input.compoundId,
          plate,
          breachNumber,
          action,
          conventionId: convention.conventionId,
          description,
          occurredAt,
          recordedBy: ctx.claims.sub,
        }),
      );
      if (action === 'REMOVAL') {
        const permit = await manager.findOne(ParkingPermitEntity, { where: { compoundId: input.compoundId, activePlate: plate } });
        if (permit) await retirePermit(manager, permit, `Removed under parking convention ${convention.conventionId} at breach ${breachNumber}`);
      }
      return breach;
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw new HubError(ErrorCode.CONFLICT, `Another breach of ${plate} was recorded at the same moment; retry to record this one as the next`);
    throw error;
  }
}

/** Breaches in a compound, oldest first, optionally of one plate; operators and officials. */
export async function listBreaches(ctx: RequestContext, compoundId: string, plate: string | null | undefined, page: PageArgs) {
  if (ctx.claims.role === Role.RESIDENT) throw new HubError(ErrorCode.FORBIDDEN, 'Residents do not see other vehicles’ breaches');
  await assertCompoundAccess(ctx, compoundId, 'parking convention breaches');
  const { limit, afterId } = pageWindow(page, ctx.config.limits.maxPageSize);
  const q = ctx.ds.getRepository(ParkingBreachEntity).createQueryBuilder('b').where('b.compoundId = :compoundId', { compoundId });
  if (plate) q.andWhere('b.plate = :plate', { plate: plateOrError(plate) });
  if (afterId) q.andWhere('b.id > :afterId', { afterId });
  return toConnection(await q.orderBy('b.id', 'ASC').take(limit + 1).getMany(), limit, Boolean(afterId));
}
