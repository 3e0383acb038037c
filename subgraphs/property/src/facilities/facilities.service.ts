import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { badInput, ErrorCode, HubError, notFound, Role, transaction, type PageArgs, type RequestContext } from '@hub/platform';
import { assertCompoundAccess, assertCompoundRole, lockKnownCompound } from '../scope/compound-access';
import { groupByKeys, pageInMemory } from '../scope/paging';
import { coverageOf } from '../utilities/utilities.service';
import { ActivityRoomEntity, ElevatorEntity, FireLaneEntity, type ElevatorStatus } from './facility.entity';
import { ParkingAreaEntity, ParkingEntranceEntity, ParkingSpaceEntity, type ParkingSpaceKind } from './parking-area.entity';
import { facilityProblems, spaceCounts } from './facility-rules';

/** Who records a compound's facilities: admins, the firm serving it today, its owners' committee. */
const KEEPERS: Role[] = [Role.ADMIN, Role.PROPERTY_FIRM, Role.OWNERS_COMMITTEE];

/** Compound.facilities: checks the compound's scope once; the lists below load per request in one statement each. */
export async function facilitiesOf(ctx: RequestContext, compoundId: string): Promise<{ compoundId: string }> {
  await assertCompoundAccess(ctx, compoundId, 'the facilities');
  return { compoundId };
}

/** Rows of one entity for every parent key asked about in this request: one statement per entity. */
function childrenOf<T extends ObjectLiteral & { id: string }>(ctx: RequestContext, entity: EntityTarget<T>, column: keyof T & string, key: string): Promise<T[]> {
  return ctx.loaders
    .get<string, T[]>(`${ctx.ds.getMetadata(entity).name}.by.${column}`, async (keys) => {
      const rows = await ctx.ds.getRepository(entity).find({ where: { [column]: In([...keys]) } as never, order: { id: 'ASC' } as never });
      return groupByKeys(keys, rows, (r) => r[column] as string);
    })
    .load(key);
}

export const parkingAreas = (ctx: RequestContext, compoundId: string) => childrenOf(ctx, ParkingAreaEntity, 'compoundId', compoundId);
/** Entrances in the order their names read on site (1号, 2号 … 10号). */
export const entrances = async (ctx: RequestContext, areaId: string) =>
  [...(await childrenOf(ctx, ParkingEntranceEntity, 'areaId', areaId))].sort((a, b) => a.name.localeCompare(b.name, 'zh', { numeric: true }));
export const fireLanes = (ctx: RequestContext, compoundId: string) => childrenOf(ctx, FireLaneEntity, 'compoundId', compoundId);
export const activityRooms = (ctx: RequestContext, compoundId: string) => childrenOf(ctx, ActivityRoomEntity, 'compoundId', compoundId);
export const gasCoverage = (ctx: RequestContext, compoundId: string) => coverageOf(ctx, compoundId).then((rows) => rows.find((r) => r.utility === 'GAS') ?? null);

export async function spacesOf(ctx: RequestContext, areaId: string, kind: ParkingSpaceKind | null | undefined, args: PageArgs) {
  const all = await childrenOf(ctx, ParkingSpaceEntity, 'areaId', areaId);
  return pageInMemory(ctx, kind ? all.filter((s) => s.kind === kind) : all, args);
}

export const spaceCountsOf = async (ctx: RequestContext, areaId: string) => spaceCounts(await childrenOf(ctx, ParkingSpaceEntity, 'areaId', areaId));

export async function elevatorsOf(ctx: RequestContext, compoundId: string, args: PageArgs) {
  return pageInMemory(ctx, await childrenOf(ctx, ElevatorEntity, 'compoundId', compoundId), args);
}

export async function elevatorCountsOf(ctx: RequestContext, compoundId: string) {
  const all = await childrenOf(ctx, ElevatorEntity, 'compoundId', compoundId);
  const count = (s: ElevatorStatus) => all.filter((e) => e.status === s).length;
  return { inService: count('IN_SERVICE'), underRenewal: count('UNDER_RENEWAL'), outOfService: count('OUT_OF_SERVICE'), total: all.length };
}

function assertValid(problems: string[]): void {
  if (problems.length) throw badInput(problems.join('; '));
}

export interface AddParkingAreaInput {
  compoundId: string;
  name: string;
  underground?: boolean | null;
  entrances: { name: string; gateCode?: string | null }[];
  spaces: { number: string; kind: ParkingSpaceKind }[];
}

/** Records an area with its entrances and spaces in one transaction; a clash changes nothing. */
export async function addParkingArea(ctx: RequestContext, input: AddParkingAreaInput): Promise<ParkingAreaEntity> {
  await assertCompoundRole(ctx, input.compoundId, KEEPERS, 'the facilities');
  assertValid(facilityProblems.parkingArea(input));
  return transaction(ctx.ds, async (manager) => {
    await lockKnownCompound(manager, input.compoundId);
    const codes = input.entrances.map((e) => e.gateCode?.trim()).filter((c): c is string => !!c);
    if (codes.length) {
      const taken = await manager.find(ParkingEntranceEntity, { where: { compoundId: input.compoundId, gateCode: In(codes) } });
      if (taken.length) throw new HubError(ErrorCode.CONFLICT, `Gate ${taken[0].gateCode} is already at entrance ${taken[0].name} of this compound; gate codes are unique per compound`);
    }
    const area = await manager.save(manager.create(ParkingAreaEntity, { compoundId: input.compoundId, name: input.name.trim(), underground: input.underground ?? false }));
    await manager.insert(
      ParkingEntranceEntity,
      input.entrances.map((e) => manager.create(ParkingEntranceEntity, { areaId: area.id, compoundId: input.compoundId, name: e.name.trim(), gateCode: e.gateCode?.trim() || null })),
    );
    if (input.spaces.length) {
      await manager.insert(
        ParkingSpaceEntity,
        input.spaces.map((s) => manager.create(ParkingSpaceEntity, { areaId: area.id, number: s.number.trim(), kind: s.kind })),
      );
    }
    return area;
  });
}

export interface AddElevatorInput {
  compoundId: string;
  building: string;
  installedYear: number;
  status?: ElevatorStatus | null;
}

export async function addElevator(ctx: RequestContext, input: AddElevatorInput): Promise<ElevatorEntity> {
  await assertCompoundRole(ctx, input.compoundId, KEEPERS, 'the facilities');
  assertValid(facilityProblems.elevator(input, new Date().getUTCFullYear()));
  return transaction(ctx.ds, async (manager) => {
    await lockKnownCompound(manager, input.compoundId);
    return manager.save(manager.create(ElevatorEntity, { compoundId: input.compoundId, building: input.building.trim(), installedYear: input.installedYear, status: input.status ?? 'IN_SERVICE' }));
  });
}

/** Loads a facility row, checks the caller may keep its compound's facilities, then applies the change. */
async function changeFacility<T extends ObjectLiteral & { compoundId: string }>(ctx: RequestContext, entity: EntityTarget<T>, what: string, id: string, change: (row: T) => void): Promise<T> {
  const row = await ctx.ds.getRepository(entity).findOne({ where: { id } as never });
  if (!row) throw notFound(what, id);
  await assertCompoundRole(ctx, row.compoundId, KEEPERS, 'the facilities');
  change(row);
  return ctx.ds.getRepository(entity).save(row);
}

export const setElevatorStatus = (ctx: RequestContext, id: string, status: ElevatorStatus) =>
  changeFacility(ctx, ElevatorEntity, 'Elevator', id, (e) => void (e.status = status));

export const setFireLaneClear = (ctx: RequestContext, id: string, clear: boolean) =>
  changeFacility(ctx, FireLaneEntity, 'Fire lane', id, (f) => void (f.clear = clear));

export async function addFireLane(ctx: RequestContext, input: { compoundId: string; name: string; lengthM: number; clear?: boolean | null }): Promise<FireLaneEntity> {
  await assertCompoundRole(ctx, input.compoundId, KEEPERS, 'the facilities');
  assertValid(facilityProblems.fireLane(input));
  return transaction(ctx.ds, async (manager) => {
    await lockKnownCompound(manager, input.compoundId);
    return manager.save(manager.create(FireLaneEntity, { compoundId: input.compoundId, name: input.name.trim(), lengthM: input.lengthM, clear: input.clear ?? true }));
  });
}

export async function addActivityRoom(
  ctx: RequestContext,
  input: { compoundId: string; name: string; areaCentiM2: number; freeOfCharge: boolean; usedBy?: string | null },
): Promise<ActivityRoomEntity> {
  await assertCompoundRole(ctx, input.compoundId, KEEPERS, 'the facilities');
  assertValid(facilityProblems.activityRoom(input));
  return transaction(ctx.ds, async (manager) => {
    await lockKnownCompound(manager, input.compoundId);
    return manager.save(
      manager.create(ActivityRoomEntity, {
        compoundId: input.compoundId,
        name: input.name.trim(),
        areaCentiM2: input.areaCentiM2,
        freeOfCharge: input.freeOfCharge,
        usedBy: input.usedBy?.trim() || null,
      }),
    );
  });
}
