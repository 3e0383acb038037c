import { badInput, HubError, ErrorCode, notFound, recordEvent, Role, transaction, loadOneBy, type PageArgs, type RequestContext } from '@hub/platform';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { assertCompoundAccess, assertCompoundRole, lockKnownCompound } from '../scope/compound-access';
import { groupByKeys, pageInMemory } from '../scope/paging';
import { coversDay, utcDay } from '../scope/period';
import { PropertyFirmEntity } from '../firms/property-firm.entity';
import { contractTermsProblems, earlyEndProblem, firstOverlap } from './contract-rules';
import { ServiceContractEntity, type ContractModel } from './service-contract.entity';

/** Every contract of each compound asked about in this request, newest first: one statement. */
function contractsOfCompound(ctx: RequestContext, compoundId: string): Promise<ServiceContractEntity[]> {
  return ctx.loaders
    .get<string, ServiceContractEntity[]>('ServiceContract.byCompound', async (ids) => {
      // The firm is joined in: a page of compounds with their contract and its firm costs one statement.
      const rows = await ctx.ds.getRepository(ServiceContractEntity).find({ where: { compoundId: In([...ids]) }, order: { id: 'DESC' }, relations: { firm: true } });
      return groupByKeys(ids, rows, (c) => c.compoundId);
    })
    .load(compoundId);
}

/** The contract in force today for a compound; public, as contracts are announced (公示). */
export async function activeContract(ctx: RequestContext, compoundId: string): Promise<ServiceContractEntity | null> {
  const today = utcDay();
  return (await contractsOfCompound(ctx, compoundId)).find((c) => coversDay(c, today)) ?? null;
}

/** A compound's contract history, within the compound's property scope. */
export async function compoundContracts(ctx: RequestContext, compoundId: string, args: PageArgs) {
  await assertCompoundAccess(ctx, compoundId, 'the contract history');
  return pageInMemory(ctx, await contractsOfCompound(ctx, compoundId), args, true);
}

/** The contract's firm: already joined when the contract came through its compound, batched otherwise. */
export const contractFirm = (ctx: RequestContext, c: ServiceContractEntity) =>
  c.firm !== undefined ? Promise.resolve(c.firm) : c.firmId ? loadOneBy(ctx, PropertyFirmEntity, 'id', c.firmId) : Promise.resolve(null);

/** Who may sign or end a compound's contract: the owners' committee, officials of its region, admins. */
const SIGNERS: Role[] = [Role.ADMIN, Role.OFFICIAL, Role.OWNERS_COMMITTEE];

export interface SignContractInput {
  compoundId: string;
  firmId?: string | null;
  model: ContractModel;
  startsOn: string;
  endsOn?: string | null;
  feeFenPerM2Month: number;
}

async function announce(manager: EntityManager, c: ServiceContractEntity): Promise<void> {
  await recordEvent(manager, 'ContractChanged', c.id, {
    contractId: c.id,
    compoundId: c.compoundId,
    firmId: c.firmId,
    model: c.model,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    status: c.status,
  });
}

/**
 * Signs a contract. At most one contract per compound on any day: the compound's scope row is
 * locked while the existing periods are checked, so two signings at once cannot both pass.
 */
export async function signContract(ctx: RequestContext, input: SignContractInput): Promise<ServiceContractEntity> {
  await assertCompoundRole(ctx, input.compoundId, SIGNERS, 'the contracts');
  const terms = {
    firmId: input.firmId ?? null,
    model: input.model,
    feeFenPerM2Month: input.feeFenPerM2Month,
    startsOn: input.startsOn,
    endsOn: input.endsOn ?? null,
  };
  const problems = contractTermsProblems(terms);
  if (problems.length) throw badInput(problems.join('; '));
  if (terms.firmId && !(await loadOneBy(ctx, PropertyFirmEntity, 'id', terms.firmId))) {
    throw badInput(`Firm ${terms.firmId} is not registered; register it first`, { argument: 'firmId' });
  }
  return transaction(ctx.ds, async (manager) => {
    await lockKnownCompound(manager, input.compoundId);
    const existing = await manager.find(ServiceContractEntity, { where: { compoundId: input.compoundId } });
    const clash = firstOverlap(existing, terms);
    if (clash) {
      throw new HubError(
        ErrorCode.CONFLICT,
        `Compound ${input.compoundId} already has contract ${clash.id} from ${clash.startsOn} to ${clash.endsOn ?? 'open end'}; a compound has at most one contract on any day, so end that one first or choose a later start`,
        { contractId: clash.id },
      );
    }
    const contract = manager.create(ServiceContractEntity, { ...terms, compoundId: input.compoundId, status: 'ACTIVE', endReason: null });
    await manager.save(contract);
    await announce(manager, contract);
    return contract;
  });
}

/** Ends a contract early on `endsOn` (its last day of service). */
export async function endContract(ctx: RequestContext, id: string, endsOn: string, reason: string): Promise<ServiceContractEntity> {
  const found = await ctx.ds.getRepository(ServiceContractEntity).findOne({ where: { id } });
  if (!found) throw notFound('Service contract', id);
  await assertCompoundRole(ctx, found.compoundId, SIGNERS, 'the contracts');
  const problem = earlyEndProblem(found, endsOn);
  if (problem) throw badInput(problem, { argument: 'endsOn' });
  if (!reason.trim() || reason.length > 200) throw badInput('reason must say in at most 200 characters why the contract ends early', { argument: 'reason' });
  return transaction(ctx.ds, async (manager) => {
    await lockKnownCompound(manager, found.compoundId);
    const contract = await manager.findOneOrFail(ServiceContractEntity, { where: { id } });
    if (contract.status === 'ENDED') {
      throw new HubError(ErrorCode.INVALID_TRANSITION, `Contract ${id} was already ended on ${contract.endsOn}; it cannot be ended twice`);
    }
    contract.status = 'ENDED';
    contract.endsOn = endsOn;
    contract.endReason = reason.trim();
    await manager.save(contract);
    await announce(manager, contract);
    return contract;
  });
}

/** Contracts of each firm asked about in this request, oldest first: one statement. */
export function contractsOfFirm(ctx: RequestContext, firmId: string): Promise<ServiceContractEntity[]> {
  return ctx.loaders
    .get<string, ServiceContractEntity[]>('ServiceContract.byFirm', async (ids) => {
      const rows = await ctx.ds.getRepository(ServiceContractEntity).find({ where: { firmId: In([...ids]) }, order: { id: 'ASC' } });
      return groupByKeys(ids, rows, (c) => c.firmId as string);
    })
    .load(firmId);
}

/** Compounds a firm serves today, as edges carrying the contract; public like the contracts. */
export async function servedCompounds(ctx: RequestContext, firmId: string, args: PageArgs) {
  const today = utcDay();
  const inForce = (await contractsOfFirm(ctx, firmId)).filter((c) => coversDay(c, today));
  const page = pageInMemory(ctx, inForce, args);
  return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: { id: e.node.compoundId }, contract: e.node })) };
}
