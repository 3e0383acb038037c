import { Brackets } from 'typeorm';
import {
  badInput,
  forbidden,
  loadOneBy,
  notFound,
  pageWindow,
  recordEvent,
  requireRole,
  Role,
  toConnection,
  transaction,
  uuidv7,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { conflict, regionPathOfCompound, seesRegion } from './compound-scope';
import { CompoundEntity } from './compound.entity';
import { regionByCode } from '../regions/regions.service';
import { RegionEntity } from '../regions/region.entity';

export const compoundById = (ctx: RequestContext, id: string) => loadOneBy(ctx, CompoundEntity, 'id', id);

export interface CompoundFilter {
  scatteredHousing?: boolean | null;
  threeNoes?: boolean | null;
  nameContains?: string | null;
}

export const hasThreeNoes = (c: Pick<CompoundEntity, 'noOwnersCommittee' | 'noPropertyFirm' | 'noMaintenanceFund'>): boolean =>
  c.noOwnersCommittee && c.noPropertyFirm && c.noMaintenanceFund;

/** Compounds in id order (oldest first), under a region when one is given; names and places are public. */
export async function listCompounds(ctx: RequestContext, args: PageArgs & { regionCode?: string | null; filter?: CompoundFilter | null }) {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const qb = ctx.ds.getRepository(CompoundEntity).createQueryBuilder('c').orderBy('c.id', 'ASC').take(limit + 1);
  if (afterId) qb.andWhere('c.id > :afterId', { afterId });
  if (args.regionCode) {
    const region = await regionByCode(ctx, args.regionCode);
    if (!region) throw badInput(`Region ${args.regionCode} is not in the region tree; pass a district, street or community code`, { argument: 'regionCode' });
    const column = region.level === 'DISTRICT' ? 'districtCode' : region.level === 'STREET' ? 'streetCode' : 'communityCode';
    qb.andWhere(`c.${column} = :code`, { code: region.code });
  }
  const f = args.filter ?? {};
  if (f.scatteredHousing != null) qb.andWhere('c.scatteredHousing = :sh', { sh: f.scatteredHousing });
  if (f.threeNoes === true) qb.andWhere('c.noOwnersCommittee = :t AND c.noPropertyFirm = :t AND c.noMaintenanceFund = :t', { t: true });
  if (f.threeNoes === false) {
    qb.andWhere(new Brackets((w) => w.where('c.noOwnersCommittee = :f', { f: false }).orWhere('c.noPropertyFirm = :f').orWhere('c.noMaintenanceFund = :f')));
  }
  // '!' escapes the wildcards the same way on MySQL and SQLite (a backslash would not).
  if (f.nameContains) qb.andWhere("c.name LIKE :name ESCAPE '!'", { name: `%${f.nameContains.replace(/[!%_]/g, (m) => `!${m}`)}%` });
  const rows = await qb.getMany();
  return toConnection(rows, limit, afterId !== null);
}

export interface RegisterCompoundInput {
  name: string;
  address: string;
  communityCode: string;
  scatteredHousing?: boolean | null;
  noOwnersCommittee?: boolean | null;
  noPropertyFirm?: boolean | null;
  noMaintenanceFund?: boolean | null;
}

/** Registers a compound and announces it (CompoundRegistered) in the same transaction. */
export async function registerCompound(ctx: RequestContext, input: RegisterCompoundInput): Promise<CompoundEntity> {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL);
  const name = input.name.trim();
  const address = input.address.trim();
  if (!name || name.length > 100) throw badInput('Name must be 1 to 100 characters', { field: 'name' });
  if (!address || address.length > 200) throw badInput('Address must be 1 to 200 characters', { field: 'address' });
  const community = await regionByCode(ctx, input.communityCode);
  if (!community || community.level !== 'COMMUNITY') throw badInput(`${input.communityCode} is not a community code`, { field: 'communityCode' });
  const street = community.parentCode ? await regionByCode(ctx, community.parentCode) : null;
  if (!street?.parentCode) throw badInput(`Community ${community.code} has no street and district in the region tree`, { field: 'communityCode' });
  const regionPath = [community.code, street.code, street.parentCode];
  if (!seesRegion(ctx, regionPath)) throw forbidden(`Community ${community.code} is outside your region`);
  return transaction(ctx.ds, async (m) => {
    // The community's row lock makes the name check and the insert one step: two registrations
    // of one name sent at once give one compound and one CONFLICT (none on SQLite, which
    // serialises writes itself).
    const lock = m.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' as const } };
    await m.findOne(RegionEntity, { where: { code: community.code }, ...lock });
    if (await m.existsBy(CompoundEntity, { communityCode: community.code, name })) throw conflict(`Community ${community.code} already has a compound named ${name}`);
    const c = m.create(CompoundEntity, {
      id: uuidv7(),
      name,
      address,
      communityCode: community.code,
      streetCode: street.code,
      districtCode: street.parentCode!,
      households: null,
      scatteredHousing: input.scatteredHousing ?? false,
      noOwnersCommittee: input.noOwnersCommittee ?? false,
      noPropertyFirm: input.noPropertyFirm ?? false,
      noMaintenanceFund: input.noMaintenanceFund ?? false,
    });
    await m.insert(CompoundEntity, c);
    await recordEvent(m, 'CompoundRegistered', c.id, { compoundId: c.id, name, regionPath });
    return c;
  });
}

export async function setThreeNoes(
  ctx: RequestContext,
  compoundId: string,
  input: { noOwnersCommittee?: boolean | null; noPropertyFirm?: boolean | null; noMaintenanceFund?: boolean | null },
): Promise<CompoundEntity> {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL);
  const c = await compoundById(ctx, compoundId);
  if (!c) throw notFound('Compound', compoundId);
  if (!seesRegion(ctx, regionPathOfCompound(c))) throw forbidden(`Compound ${compoundId} is outside your region`);
  const change: Partial<CompoundEntity> = {};
  for (const k of ['noOwnersCommittee', 'noPropertyFirm', 'noMaintenanceFund'] as const) if (input[k] != null) change[k] = input[k]!;
  if (Object.keys(change).length) await ctx.ds.getRepository(CompoundEntity).update({ id: c.id }, change);
  return Object.assign(c, change);
}
