import { In } from 'typeorm';
import { badInput, forbidden, loadOneBy, notFound, requireRole, Role, transaction, uuidv7, type RequestContext } from '@hub/platform';
import { HouseholdLiaisonEntity, ServiceEntryEntity, ServingMemberEntity } from './liaison.entity';
import { PersonEntity } from './person.entity';
import { isIsoDate, todayUtc } from './dates';
import { UnitEntity } from '../units/unit.entity';
import { CompoundEntity } from '../compounds/compound.entity';
import { regionPathOfCompound, seesRegion } from '../compounds/compound-scope';
import { loadManyBy } from '../compounds/batch';
import { regionByCode } from '../regions/regions.service';
import { ancestorsOf } from '../organisations/organisations.service';

/** Party work is kept by the Party organisations, officials of the region and admins. */
const PARTY_WORK = [Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION];

/** The longest stretch of service one entry may log: a day. */
export const MAX_SERVICE_MINUTES = 24 * 60;

/** One log entry's minutes and date: whole minutes from 1 to a day, on a real date not after today. */
export function serviceEntryProblem(minutes: number, servedOn: string, today: string): string | null {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_SERVICE_MINUTES) return `minutes must be a whole number from 1 to ${MAX_SERVICE_MINUTES}, got ${minutes}`;
  if (!isIsoDate(servedOn)) return `servedOn must be an ISO date such as 2026-11-20, got "${servedOn}"`;
  if (servedOn > today) return `servedOn ${servedOn} is in the future; log service once done`;
  return null;
}

async function requirePartyMember(ctx: RequestContext, memberId: string): Promise<PersonEntity> {
  const p = await loadOneBy(ctx, PersonEntity, 'id', memberId);
  if (!p) throw notFound('Person', memberId);
  if (!p.partyMember) throw badInput(`Person ${memberId} is not recorded as a Party member`, { field: 'memberId' });
  return p;
}

/** Links a member to households of compounds in the caller's region; links already there are kept, not doubled. */
export async function linkHouseholds(ctx: RequestContext, memberId: string, unitIds: string[]): Promise<HouseholdLiaisonEntity[]> {
  requireRole(ctx.claims, ...PARTY_WORK);
  await requirePartyMember(ctx, memberId);
  const ids = [...new Set(unitIds)];
  if (ids.length === 0 || ids.length > 200) throw badInput('Give 1 to 200 unit ids', { field: 'unitIds' });
  return transaction(ctx.ds, async (m) => {
    const units = await m.findBy(UnitEntity, { id: In(ids) });
    const missing = ids.filter((id) => !units.some((u) => u.id === id));
    if (missing.length) throw notFound('Unit', missing.join(', '));
    const compounds = await m.findBy(CompoundEntity, { id: In([...new Set(units.map((u) => u.compoundId))]) });
    for (const c of compounds) if (!seesRegion(ctx, regionPathOfCompound(c))) throw forbidden(`Unit of compound ${c.id} is outside your region`);
    const existing = await m.findBy(HouseholdLiaisonEntity, { memberId, unitId: In(ids) });
    const since = todayUtc();
    const fresh = ids.filter((id) => !existing.some((e) => e.unitId === id)).map((unitId) => ({ id: uuidv7(), memberId, unitId, since }));
    if (fresh.length) await m.insert(HouseholdLiaisonEntity, fresh);
    return m.find(HouseholdLiaisonEntity, { where: { memberId, unitId: In(ids) }, order: { id: 'ASC' } });
  });
}

async function requireCommunityInScope(ctx: RequestContext, communityCode: string) {
  const community = await regionByCode(ctx, communityCode);
  if (!community || community.level !== 'COMMUNITY') throw badInput(`${communityCode} is not a community code`, { field: 'communityCode' });
  if (!seesRegion(ctx, [community.code, ...(await ancestorsOf(ctx, community.code))])) throw forbidden(`Community ${communityCode} is outside your scope`);
  return community;
}

export async function registerServingMember(ctx: RequestContext, memberId: string, communityCode: string, employer: string): Promise<ServingMemberEntity> {
  requireRole(ctx.claims, ...PARTY_WORK);
  await requirePartyMember(ctx, memberId);
  await requireCommunityInScope(ctx, communityCode);
  const name = employer.trim();
  if (!name || name.length > 100) throw badInput('Employer must be 1 to 100 characters', { field: 'employer' });
  return transaction(ctx.ds, async (m) => {
    const earlier = await m.findOneBy(ServingMemberEntity, { memberId, communityCode });
    if (earlier) return earlier;
    const row = m.create(ServingMemberEntity, { id: uuidv7(), memberId, communityCode, employer: name, serviceMinutes: 0 });
    await m.insert(ServingMemberEntity, row);
    return row;
  });
}

/**
 * Logs a stretch of service. With an entryKey, logging again under the same key (a retried call)
 * returns the registration as it is and adds nothing; the registration's row lock orders two
 * calls sent at once (none on SQLite, which serialises writes itself).
 */
export async function logServiceHours(
  ctx: RequestContext,
  registrationId: string,
  servedOn: string,
  minutes: number,
  activity: string,
  entryKey?: string | null,
): Promise<ServingMemberEntity> {
  requireRole(ctx.claims, ...PARTY_WORK);
  const problem = serviceEntryProblem(minutes, servedOn, todayUtc());
  if (problem) throw badInput(problem, { field: problem.startsWith('minutes') ? 'minutes' : 'servedOn' });
  const what = activity.trim();
  if (!what || what.length > 200) throw badInput('Activity must be 1 to 200 characters', { field: 'activity' });
  const key = entryKey?.trim() || null;
  if (key && key.length > 64) throw badInput('entryKey must be at most 64 characters', { field: 'entryKey' });
  const reg = await loadOneBy(ctx, ServingMemberEntity, 'id', registrationId);
  if (!reg) throw notFound('Serving member registration', registrationId);
  await requireCommunityInScope(ctx, reg.communityCode);
  return transaction(ctx.ds, async (m) => {
    const lock = m.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' as const } };
    const locked = await m.findOne(ServingMemberEntity, { where: { id: registrationId }, ...lock });
    if (key && (await m.existsBy(ServiceEntryEntity, { registrationId, entryKey: key }))) return locked!;
    await m.insert(ServiceEntryEntity, { id: uuidv7(), registrationId, servedOn, minutes, activity: what, entryKey: key });
    await m.increment(ServingMemberEntity, { id: registrationId }, 'serviceMinutes', minutes);
    return m.findOneByOrFail(ServingMemberEntity, { id: registrationId });
  });
}

export async function servingMembers(ctx: RequestContext, communityCode: string): Promise<ServingMemberEntity[]> {
  requireRole(ctx.claims, ...PARTY_WORK);
  await requireCommunityInScope(ctx, communityCode);
  return ctx.ds.getRepository(ServingMemberEntity).find({ where: { communityCode }, order: { id: 'ASC' } });
}

export const serviceLogOf = (ctx: RequestContext, r: ServingMemberEntity) => loadManyBy(ctx, ServiceEntryEntity, 'registrationId', r.id, { servedOn: 'DESC' } as never);

/**
 * The households a member looks after, in compounds of the caller's region; Party work only. A
 * member may look after households in several places, and a Party organisation of one street
 * must not read another street's register through them.
 */
export async function liaisonsOf(ctx: RequestContext, memberId: string): Promise<HouseholdLiaisonEntity[]> {
  requireRole(ctx.claims, ...PARTY_WORK);
  const links = await loadManyBy(ctx, HouseholdLiaisonEntity, 'memberId', memberId);
  const units = await Promise.all(links.map((l) => loadOneBy(ctx, UnitEntity, 'id', l.unitId)));
  const compounds = await Promise.all(units.map((u) => (u ? loadOneBy(ctx, CompoundEntity, 'id', u.compoundId) : null)));
  return links.filter((_, i) => compounds[i] && seesRegion(ctx, regionPathOfCompound(compounds[i]!)));
}

/**
 * The members looking after a household, the other side of the link: Party work, and the
 * household's resident for their own units (they should know whom to turn to).
 */
export async function liaisonsOfUnit(ctx: RequestContext, unitId: string): Promise<HouseholdLiaisonEntity[]> {
  requireRole(ctx.claims, ...PARTY_WORK, Role.RESIDENT);
  if (ctx.claims.role === Role.RESIDENT && !(ctx.claims.units ?? []).includes(unitId)) {
    throw forbidden(`Unit ${unitId} is not one of yours; residents see the liaison members of their own units`);
  }
  return loadManyBy(ctx, HouseholdLiaisonEntity, 'unitId', unitId);
}
