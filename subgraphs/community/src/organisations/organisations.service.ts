import { In, Not } from 'typeorm';
import {
  badInput,
  canSeeCompound,
  ErrorCode,
  HubError,
  forbidden,
  loadOneBy,
  notFound,
  pageWindow,
  requireRole,
  Role,
  toConnection,
  transaction,
  uuidv7,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { OrganisationCompoundEntity, OrganisationEntity, ORGANISATION_KINDS, type OrganisationKind, type PartyLevel } from './organisation.entity';
import { compoundIdsServedBy, recountCoverage } from './compound-coverage';
import { checkOrganisationShape } from './organisation-rules';
import { loadManyBy } from '../compounds/batch';
import { CompoundEntity } from '../compounds/compound.entity';
import { compoundById } from '../compounds/compounds.service';
import { assertSeesCompound, regionPathOfCompound, seesRegion } from '../compounds/compound-scope';
import { regionByCode } from '../regions/regions.service';
import { RegionEntity } from '../regions/region.entity';
import { BuildingEntity } from '../buildings/building.entity';
import { dateString, isIsoDate } from '../people/dates';
import { PostEntity } from '../posts/post.entity';
import { announcePostsOfOrganisations } from '../posts/post-events';

export const organisationById = (ctx: RequestContext, id: string) => loadOneBy(ctx, OrganisationEntity, 'id', id);
export const regionPathOfOrganisation = (o: OrganisationEntity) => [o.communityCode, o.streetCode, o.districtCode];

export async function compoundIdsOf(ctx: RequestContext, o: OrganisationEntity): Promise<string[]> {
  return (await loadManyBy(ctx, OrganisationCompoundEntity, 'organisationId', o.id, { compoundId: 'ASC' })).map((r) => r.compoundId);
}

/**
 * Officials and Party organisations see the organisations of their region; owners' committees
 * and residents those serving their compounds; admins all.
 */
export async function seesOrganisation(ctx: RequestContext, o: OrganisationEntity): Promise<boolean> {
  const path = regionPathOfOrganisation(o);
  const { role } = ctx.claims;
  if (role === Role.OWNERS_COMMITTEE || role === Role.RESIDENT) {
    return (await compoundIdsOf(ctx, o)).some((id) => canSeeCompound(ctx.claims, id, path));
  }
  return seesRegion(ctx, path);
}

export async function visibleOrganisation(ctx: RequestContext, id: string): Promise<OrganisationEntity | null> {
  const o = await organisationById(ctx, id);
  return o && (await seesOrganisation(ctx, o)) ? o : null;
}

export async function requireVisibleOrganisation(ctx: RequestContext, id: string): Promise<OrganisationEntity> {
  const o = await visibleOrganisation(ctx, id);
  if (!o) throw notFound('Organisation', id);
  return o;
}

export async function listOrganisations(ctx: RequestContext, args: PageArgs & { regionCode: string; kind?: OrganisationKind | null }) {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const region = await regionByCode(ctx, args.regionCode);
  if (!region) throw badInput(`Region ${args.regionCode} is not in the region tree`, { argument: 'regionCode' });
  if (!seesRegion(ctx, [region.code, ...(await ancestorsOf(ctx, region.code))])) throw forbidden(`Region ${region.code} is outside your scope`);
  const column = region.level === 'DISTRICT' ? 'districtCode' : region.level === 'STREET' ? 'streetCode' : 'communityCode';
  const qb = ctx.ds.getRepository(OrganisationEntity).createQueryBuilder('o').where(`o.${column} = :code`, { code: region.code }).orderBy('o.id', 'ASC').take(limit + 1);
  if (args.kind) qb.andWhere('o.kind = :kind', { kind: args.kind });
  if (afterId) qb.andWhere('o.id > :afterId', { afterId });
  return toConnection(await qb.getMany(), limit, afterId !== null);
}

/** Codes above a region, nearest first (street then district for a community). */
export async function ancestorsOf(ctx: RequestContext, code: string): Promise<string[]> {
  const out: string[] = [];
  let r = await regionByCode(ctx, code);
  while (r?.parentCode) {
    out.push(r.parentCode);
    r = await regionByCode(ctx, r.parentCode);
  }
  return out;
}

export interface CreateOrganisationInput {
  kind: OrganisationKind;
  name: string;
  partyLevel?: PartyLevel | null;
  communityCode?: string | null;
  compoundIds?: string[] | null;
  buildingId?: string | null;
  parentId?: string | null;
  termStartsOn?: string | null;
  termEndsOn?: string | null;
}

export async function createOrganisation(ctx: RequestContext, input: CreateOrganisationInput): Promise<OrganisationEntity> {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  const name = input.name.trim();
  if (!name || name.length > 100) throw badInput('Name must be 1 to 100 characters', { field: 'name' });
  if (!ORGANISATION_KINDS.includes(input.kind)) throw badInput(`Kind must be one of ${ORGANISATION_KINDS.join(', ')}`, { field: 'kind' });
  for (const f of ['termStartsOn', 'termEndsOn'] as const) {
    if (input[f] != null && !isIsoDate(input[f]!)) throw badInput(`${f} must be an ISO date such as 2026-01-31`, { field: f });
  }
  if (input.termStartsOn && input.termEndsOn && input.termEndsOn <= input.termStartsOn) throw badInput('The term must end after it starts', { field: 'termEndsOn' });
  const compoundIds = [...new Set(input.compoundIds ?? [])];
  const compounds: CompoundEntity[] = [];
  for (const id of compoundIds) {
    const c = await compoundById(ctx, id);
    if (!c) throw notFound('Compound', id);
    compounds.push(c);
  }
  const parent = input.parentId ? await organisationById(ctx, input.parentId) : null;
  if (input.parentId && !parent) throw notFound('Organisation', input.parentId);
  const building = input.buildingId ? await loadOneBy(ctx, BuildingEntity, 'id', input.buildingId) : null;
  if (input.buildingId && !building) throw notFound('Building', input.buildingId);
  const shape = checkOrganisationShape({
    kind: input.kind,
    partyLevel: input.partyLevel ?? null,
    compoundCount: compounds.length,
    hasBuilding: !!building,
    parent: parent ? { kind: parent.kind, partyLevel: parent.partyLevel } : null,
  });
  if (shape) throw badInput(shape.message, { field: shape.field });
  if (building && !compoundIds.includes(building.compoundId)) throw badInput('The building must belong to one of the compounds given', { field: 'buildingId' });

  const communityCode = input.communityCode ?? parent?.communityCode ?? compounds[0]?.communityCode;
  if (!communityCode) throw badInput('Give communityCode, a parent or a compound: an organisation belongs to a community', { field: 'communityCode' });
  const community = await regionByCode(ctx, communityCode);
  if (!community || community.level !== 'COMMUNITY') throw badInput(`${communityCode} is not a community code`, { field: 'communityCode' });
  const [streetCode, districtCode] = await ancestorsOf(ctx, community.code);
  if (!streetCode || !districtCode) throw badInput(`Community ${communityCode} has no street and district in the region tree`, { field: 'communityCode' });
  if (!seesRegion(ctx, [community.code, streetCode, districtCode])) throw forbidden(`Community ${communityCode} is outside your scope`);
  for (const c of compounds) {
    if (c.streetCode !== streetCode) throw badInput(`Compound ${c.id} is in another street than community ${communityCode}`, { field: 'compoundIds' });
    // A body serving a compound is set up by those whose region holds that compound, not only its community.
    if (!seesRegion(ctx, regionPathOfCompound(c))) throw forbidden(`Compound ${c.id} is outside your scope`);
  }

  return transaction(ctx.ds, async (m) => {
    // A retried or doubly sent creation must not leave two bodies of one name: the community's
    // row lock makes the check and the insert one step (SQLite serialises writes itself).
    const lock = m.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' as const } };
    await m.findOne(RegionEntity, { where: { code: community.code }, ...lock });
    const same = await m.findOne(OrganisationEntity, { where: { communityCode: community.code, kind: input.kind, name, status: Not('ENDED') } });
    if (same) throw new HubError(ErrorCode.CONFLICT, `Community ${community.code} already has a ${input.kind} named ${name} (${same.id}); use it, or give the new body another name`, { id: same.id });
    const o = m.create(OrganisationEntity, {
      id: uuidv7(),
      kind: input.kind,
      name,
      partyLevel: input.kind === 'PARTY_ORGANISATION' ? (input.partyLevel ?? null) : null,
      status: 'ACTIVE',
      communityCode: community.code,
      streetCode,
      districtCode,
      buildingId: building?.id ?? null,
      parentId: parent?.id ?? null,
      termStartsOn: input.termStartsOn ?? null,
      termEndsOn: input.termEndsOn ?? null,
      reelectionFlaggedAt: null,
      reelectionYears: '',
    });
    await m.save(o);
    if (compoundIds.length) {
      await m.insert(OrganisationCompoundEntity, compoundIds.map((compoundId) => ({ organisationId: o.id, compoundId })));
      await recountCoverage(m, compoundIds);
    }
    if (input.kind === 'OWNERS_COMMITTEE') await m.update(CompoundEntity, { id: In(compoundIds) }, { noOwnersCommittee: false });
    return o;
  });
}

export const childrenOf = (ctx: RequestContext, o: OrganisationEntity) => loadManyBy(ctx, OrganisationEntity, 'parentId', o.id);

export async function compoundsOf(ctx: RequestContext, o: OrganisationEntity): Promise<CompoundEntity[]> {
  const ids = await compoundIdsOf(ctx, o);
  return (await Promise.all(ids.map((id) => compoundById(ctx, id)))).filter((c): c is CompoundEntity => !!c);
}

/** Organisations serving a compound, for callers who see the compound; one batch per request. */
export async function organisationsOfCompound(ctx: RequestContext, compound: CompoundEntity): Promise<OrganisationEntity[]> {
  assertSeesCompound(ctx, compound);
  const links = await loadManyBy(ctx, OrganisationCompoundEntity, 'compoundId', compound.id, { organisationId: 'ASC' });
  const orgs = await Promise.all(links.map((l) => organisationById(ctx, l.organisationId)));
  return orgs.filter((o): o is OrganisationEntity => !!o);
}

/**
 * Ends an organisation (term over, disbanded): status ENDED and every post in it not yet ended
 * ends on `endsOn` (a post that would only start later ends on its first day), announced as
 * PostChanged. Sub-bodies are ended first. When the last owners' committee of a compound ends,
 * the compound is again recorded as having none (one of the three noes).
 */
export async function endOrganisation(ctx: RequestContext, id: string, endsOn?: string | null): Promise<OrganisationEntity> {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  const end = endsOn ?? new Date().toISOString().slice(0, 10);
  if (!isIsoDate(end)) throw badInput('endsOn must be an ISO date such as 2026-12-31', { field: 'endsOn' });
  const seen = await organisationById(ctx, id);
  if (!seen) throw notFound('Organisation', id);
  if (!seesRegion(ctx, regionPathOfOrganisation(seen))) throw forbidden(`Organisation ${id} is outside your scope`);
  return transaction(ctx.ds, async (m) => {
    const lock = m.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' as const } };
    const o = await m.findOne(OrganisationEntity, { where: { id }, ...lock });
    if (!o) throw notFound('Organisation', id);
    if (o.status === 'ENDED') throw new HubError(ErrorCode.CONFLICT, `Organisation ${id} has already ended`);
    const child = await m.findOne(OrganisationEntity, { where: { parentId: id, status: Not('ENDED') } });
    if (child) throw new HubError(ErrorCode.CONFLICT, `End its sub-body ${child.name} (${child.id}) first`, { id: child.id });
    const posts = await m.findBy(PostEntity, { organisationId: id });
    for (const p of posts) {
      const startsOn = dateString(p.startsOn)!;
      const ends = dateString(p.endsOn);
      const at = startsOn > end ? startsOn : end;
      if (ends === null || ends > at) await m.update(PostEntity, { id: p.id }, { endsOn: at });
    }
    await m.update(OrganisationEntity, { id }, { status: 'ENDED' });
    await recountCoverage(m, await compoundIdsServedBy(m, [id]));
    if (o.kind === 'OWNERS_COMMITTEE') {
      for (const link of await m.findBy(OrganisationCompoundEntity, { organisationId: id })) {
        const other = await m
          .createQueryBuilder(OrganisationEntity, 'x')
          .innerJoin(OrganisationCompoundEntity, 'xc', 'xc.organisationId = x.id')
          .where('xc.compoundId = :c AND x.kind = :k AND x.status <> :ended AND x.id <> :id', { c: link.compoundId, k: 'OWNERS_COMMITTEE', ended: 'ENDED', id })
          .getCount();
        if (other === 0) await m.update(CompoundEntity, { id: link.compoundId }, { noOwnersCommittee: true });
      }
    }
    await announcePostsOfOrganisations(m, [id]);
    return Object.assign(o, { status: 'ENDED' as const });
  });
}
