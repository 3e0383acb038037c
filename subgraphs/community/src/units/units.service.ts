import { In, type EntityManager } from 'typeorm';
import { badInput, ErrorCode, HubError, loadOneBy, notFound, requireRole, Role, transaction, uuidv7, type PageArgs, type RequestContext } from '@hub/platform';
import { UnitEntity } from './unit.entity';
import { ownerKey, validateImportRows, type UnitImportRow } from './import-rows';
import { BuildingEntity } from '../buildings/building.entity';
import { PersonEntity } from '../people/person.entity';
import { CompoundEntity } from '../compounds/compound.entity';
import { MatterEntity } from '../matters/matter.entity';
import { compoundById } from '../compounds/compounds.service';
import { assertSeesCompound, seesCompound } from '../compounds/compound-scope';
import { childPage, loadManyBy } from '../compounds/batch';

export const unitById = (ctx: RequestContext, id: string) => loadOneBy(ctx, UnitEntity, 'id', id);

/** A unit for a caller who sees its compound; others get null, as if it did not exist. */
export async function visibleUnit(ctx: RequestContext, id: string): Promise<UnitEntity | null> {
  const unit = await unitById(ctx, id);
  if (!unit) return null;
  const compound = await compoundById(ctx, unit.compoundId);
  return compound && seesCompound(ctx, compound) ? unit : null;
}

export async function unitsOfCompound(ctx: RequestContext, compound: CompoundEntity, args: PageArgs) {
  assertSeesCompound(ctx, compound);
  return childPage(ctx, UnitEntity, 'compoundId', compound.id, args);
}

export async function unitsOfBuilding(ctx: RequestContext, building: BuildingEntity, args: PageArgs) {
  const compound = await compoundById(ctx, building.compoundId);
  if (!compound) throw notFound('Compound', building.compoundId);
  assertSeesCompound(ctx, compound);
  return childPage(ctx, UnitEntity, 'buildingId', building.id, args);
}

/** Sum of the registered areas per compound, one grouped query per request. */
export async function registeredArea(ctx: RequestContext, compound: CompoundEntity): Promise<number | null> {
  assertSeesCompound(ctx, compound);
  return ctx.loaders
    .get<string, number | null>('Unit.areaSum', async (ids) => {
      const rows: { compoundId: string; area: string | number }[] = await ctx.ds
        .getRepository(UnitEntity)
        .createQueryBuilder('u')
        .select('u.compoundId', 'compoundId')
        .addSelect('SUM(u.areaCentiM2)', 'area')
        .where('u.compoundId IN (:...ids)', { ids })
        .groupBy('u.compoundId')
        .getRawMany();
      const byId = new Map(rows.map((r) => [r.compoundId, Number(r.area)]));
      return ids.map((id) => byId.get(id) ?? null);
    })
    .load(compound.id);
}

export interface ImportResult {
  compound: CompoundEntity;
  buildingsCreated: number;
  unitsCreated: number;
  unitsUpdated: number;
  ownersCreated: number;
  households: number;
}

const CHUNK = 500;
async function chunked<T>(items: T[], fn: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) await fn(items.slice(i, i + CHUNK));
}

/**
 * Loads a compound's unit register in one transaction: every row is checked first and any bad
 * row refuses the whole file. Owners are matched to people already known (by ID number, or for
 * a developer or institution by name among the compound's owners) before new ones are created.
 */
export async function importUnits(ctx: RequestContext, compoundId: string, rows: UnitImportRow[]): Promise<ImportResult> {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.OWNERS_COMMITTEE);
  const compound = await compoundById(ctx, compoundId);
  if (!compound) throw notFound('Compound', compoundId);
  assertSeesCompound(ctx, compound);
  const errors = validateImportRows(rows);
  if (errors.length > 0) {
    throw badInput(`${errors.length} problem(s) in the rows; nothing was imported. Fix the rows listed in extensions.rows and import again`, {
      rows: errors.slice(0, 500),
      problems: errors.length,
    });
  }
  return transaction(ctx.ds, async (m) => {
    await lockCompoundRegister(m, compound.id);
    return applyImport(m, compound, rows);
  });
}

/**
 * Takes the compound's row lock for the register (none on SQLite, which serialises writes
 * itself), so two imports of one compound run one after the other and the second finds the
 * first's buildings, units and owners instead of creating them again. While an owners' vote of
 * the compound is open the register is what counts the vote (areas and heads), so it is not
 * changed then: CONFLICT, to import once the vote is closed.
 */
async function lockCompoundRegister(m: EntityManager, compoundId: string): Promise<void> {
  const lock = m.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' as const } };
  await m.findOne(CompoundEntity, { where: { id: compoundId }, ...lock });
  const voting = await m.findOne(MatterEntity, { where: { compoundId, state: 'VOTING' }, order: { id: 'ASC' } });
  if (voting) {
    throw new HubError(
      ErrorCode.CONFLICT,
      `An owners' vote of this compound is open (matter ${voting.id}, closing ${voting.votingClosesAt?.toISOString() ?? 'soon'}) and counts the register as it stands; import once the vote is closed`,
      { matterId: voting.id },
    );
  }
}

async function applyImport(m: EntityManager, compound: CompoundEntity, rows: UnitImportRow[]): Promise<ImportResult> {
  const buildings = new Map((await m.findBy(BuildingEntity, { compoundId: compound.id })).map((b) => [b.name, b]));
  const units = await m.findBy(UnitEntity, { compoundId: compound.id });
  const unitByKey = new Map(units.map((u) => [`${u.buildingId}\u0000${u.number}`, u]));

  // People already known: by ID number anywhere, otherwise among the compound's current owners.
  const owners = new Map<string, string>();
  const idNumbers = [...new Set(rows.map((r) => r.ownerIdNumber).filter((x): x is string => !!x))];
  await chunked(idNumbers, async (chunk) => {
    for (const p of await m.findBy(PersonEntity, { idNumber: In(chunk) })) if (p.idNumber) owners.set(`id:${p.idNumber}`, p.id);
  });
  const currentOwnerIds = [...new Set(units.map((u) => u.ownerId).filter((x): x is string => !!x))];
  await chunked(currentOwnerIds, async (chunk) => {
    for (const p of await m.findBy(PersonEntity, { id: In(chunk) })) {
      const key = p.kind === 'INDIVIDUAL' && p.phone ? `phone:${p.phone}:${p.name}` : `name:${p.kind}:${p.name}`;
      if (!owners.has(key)) owners.set(key, p.id);
    }
  });

  const newPeople: Partial<PersonEntity>[] = [];
  const newBuildings: Partial<BuildingEntity>[] = [];
  const newUnits: Partial<UnitEntity>[] = [];
  const changed: UnitEntity[] = [];
  for (const r of rows) {
    const key = ownerKey(r);
    let ownerId = owners.get(key);
    if (!ownerId) {
      ownerId = uuidv7();
      owners.set(key, ownerId);
      newPeople.push({ id: ownerId, name: r.ownerName.trim(), kind: r.ownerKind ?? 'INDIVIDUAL', phone: r.ownerPhone ?? null, idNumber: r.ownerIdNumber ?? null, partyMember: false });
    }
    const buildingName = r.building.trim();
    let building = buildings.get(buildingName);
    if (!building) {
      building = m.create(BuildingEntity, { id: uuidv7(), compoundId: compound.id, name: buildingName });
      buildings.set(buildingName, building);
      newBuildings.push({ id: building.id, compoundId: compound.id, name: buildingName });
    }
    const number = r.number.trim();
    const existing = unitByKey.get(`${building.id}\u0000${number}`);
    if (existing) {
      if (existing.use !== r.use || existing.areaCentiM2 !== r.areaCentiM2 || existing.ownerId !== ownerId) {
        Object.assign(existing, { use: r.use, areaCentiM2: r.areaCentiM2, ownerId });
        changed.push(existing);
      }
    } else {
      newUnits.push({ id: uuidv7(), compoundId: compound.id, buildingId: building.id, number, use: r.use, areaCentiM2: r.areaCentiM2, ownerId });
    }
  }
  await chunked(newPeople, (c) => m.insert(PersonEntity, c));
  await chunked(newBuildings, (c) => m.insert(BuildingEntity, c));
  await chunked(newUnits, (c) => m.insert(UnitEntity, c));
  for (const u of changed) await m.update(UnitEntity, { id: u.id }, { use: u.use, areaCentiM2: u.areaCentiM2, ownerId: u.ownerId });

  const households = await m.countBy(UnitEntity, { compoundId: compound.id, use: 'RESIDENTIAL' });
  await m.update(CompoundEntity, { id: compound.id }, { households });
  return {
    compound: Object.assign(compound, { households }),
    buildingsCreated: newBuildings.length,
    unitsCreated: newUnits.length,
    unitsUpdated: changed.length,
    ownersCreated: newPeople.length,
    households,
  };
}

/** Units a person owns, in compounds the caller sees; one batch for the units, one for their compounds. */
export async function unitsOwnedBy(ctx: RequestContext, personId: string): Promise<UnitEntity[]> {
  const owned = await loadManyBy(ctx, UnitEntity, 'ownerId', personId);
  const compounds = await Promise.all(owned.map((u) => compoundById(ctx, u.compoundId)));
  return owned.filter((_, i) => compounds[i] && seesCompound(ctx, compounds[i]!));
}
