import { MoreThan, In, type EntityManager } from 'typeorm';
import {
  badInput,
  ErrorCode,
  forbidden,
  HubError,
  loadOneBy,
  notFound,
  pageWindow,
  recordEvent,
  requireRole,
  Role,
  toConnection,
  transaction,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { groupByKeys, pageInMemory } from '../scope/paging';
import { isIsoDate, periodsOverlap, utcDay } from '../scope/period';
import { creditCodeProblem, type CreditCodeProblem } from './credit-code';
import { FirmPostEntity } from './firm-post.entity';
import { PropertyFirmEntity } from './property-firm.entity';

export const firmById = (ctx: RequestContext, id: string) => loadOneBy(ctx, PropertyFirmEntity, 'id', id);

/** Firms are public (the registry of firms is); oldest first. */
export async function listFirms(ctx: RequestContext, args: PageArgs) {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const rows = await ctx.ds.getRepository(PropertyFirmEntity).find({
    where: afterId ? { id: MoreThan(afterId) } : {},
    order: { id: 'ASC' },
    take: limit + 1,
  });
  return toConnection(rows, limit, afterId !== null);
}

const CREDIT_CODE_HINT: Record<CreditCodeProblem, string> = {
  LENGTH: 'it must have exactly 18 characters',
  CHARACTER: 'it may use only digits and capital letters other than I, O, S, V and Z',
  DIVISION: 'characters 3 to 8 must be the 6-digit division code',
  CHECK_CHARACTER: 'its last (check) character does not match the first 17; check the code against the business licence',
};

function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > max) throw badInput(`${field} must be 1 to ${max} characters, or left out`, { argument: field });
  return trimmed;
}

export interface RegisterFirmInput {
  name: string;
  creditCode: string;
  partyOrganisation?: string | null;
  partyInstructorPersonId?: string | null;
}

/** Registers a firm (ADMIN, OFFICIAL); the credit code must pass GB 32100 and be new. */
export async function registerFirm(ctx: RequestContext, input: RegisterFirmInput): Promise<PropertyFirmEntity> {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL);
  const name = optionalText(input.name, 'name', 100);
  if (!name) throw badInput('name must be the firm’s registered name', { argument: 'name' });
  const creditCode = input.creditCode.trim().toUpperCase();
  const problem = creditCodeProblem(creditCode);
  if (problem) throw badInput(`Credit code ${input.creditCode} is not a valid unified social credit code: ${CREDIT_CODE_HINT[problem]}`, { argument: 'creditCode', problem });
  const partyOrganisation = optionalText(input.partyOrganisation, 'partyOrganisation', 100);
  const partyInstructorPersonId = optionalText(input.partyInstructorPersonId, 'partyInstructorPersonId', 36);
  return transaction(ctx.ds, async (manager) => {
    const existing = await manager.findOne(PropertyFirmEntity, { where: { creditCode } });
    if (existing) throw new HubError(ErrorCode.CONFLICT, `A firm with credit code ${creditCode} is already registered as ${existing.id}`, { firmId: existing.id });
    const firm = manager.create(PropertyFirmEntity, { name, creditCode, partyOrganisation, partyInstructorPersonId });
    return manager.save(firm);
  });
}

export interface PartyBuildingInput {
  firmId: string;
  partyOrganisation?: string | null;
  partyInstructorPersonId?: string | null;
}

/** Sets the firm's Party organisation and instructor (ADMIN, OFFICIAL, PARTY_ORGANISATION). */
export async function setPartyBuilding(ctx: RequestContext, input: PartyBuildingInput): Promise<PropertyFirmEntity> {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  const partyOrganisation = optionalText(input.partyOrganisation, 'partyOrganisation', 100);
  const partyInstructorPersonId = optionalText(input.partyInstructorPersonId, 'partyInstructorPersonId', 36);
  return transaction(ctx.ds, async (manager) => {
    const firm = await manager.findOne(PropertyFirmEntity, { where: { id: input.firmId } });
    if (!firm) throw notFound('Property firm', input.firmId);
    firm.partyOrganisation = partyOrganisation;
    firm.partyInstructorPersonId = partyInstructorPersonId;
    return manager.save(firm);
  });
}

/** Staff posts name people: admins, officials, Party organisations and the firm itself see them. */
function assertMaySeePosts(ctx: RequestContext, firmId: string): void {
  const { role, firm } = ctx.claims;
  if (role === Role.ADMIN || role === Role.OFFICIAL || role === Role.PARTY_ORGANISATION) return;
  if (role === Role.PROPERTY_FIRM && firm === firmId) return;
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.PROPERTY_FIRM);
  throw forbidden(`Only firm ${firmId} itself, officials and Party organisations see its staff posts`);
}

function assertMayRecordPosts(ctx: RequestContext, firmId: string): void {
  requireRole(ctx.claims, Role.ADMIN, Role.PROPERTY_FIRM);
  if (ctx.claims.role === Role.PROPERTY_FIRM && ctx.claims.firm !== firmId) throw forbidden(`You may record staff posts of your own firm only, not of ${firmId}`);
}

/** A firm's posts (current ones unless includeEnded), by start: one statement for all firms of the request. */
export async function firmPosts(ctx: RequestContext, firmId: string, includeEnded: boolean, args: PageArgs) {
  assertMaySeePosts(ctx, firmId);
  const all = await ctx.loaders
    .get<string, FirmPostEntity[]>('FirmPost.byFirm', async (ids) => {
      const rows = await ctx.ds.getRepository(FirmPostEntity).find({ where: { firmId: In([...ids]) }, order: { id: 'ASC' } });
      return groupByKeys(ids, rows, (p) => p.firmId);
    })
    .load(firmId);
  const today = utcDay();
  return pageInMemory(ctx, includeEnded ? all : all.filter((p) => p.endsOn === null || p.endsOn >= today), args);
}

async function announcePost(manager: EntityManager, p: FirmPostEntity): Promise<void> {
  await recordEvent(manager, 'FirmPostRecorded', p.id, {
    postId: p.id,
    firmId: p.firmId,
    personId: p.personId,
    role: p.role,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
  });
}

export interface RecordPostInput {
  firmId: string;
  personId: string;
  role: string;
  startsOn: string;
  endsOn?: string | null;
}

/**
 * Records a post (ADMIN or the firm itself). The same person in the same role of the same firm
 * for overlapping days is one post, so a repeated call is refused rather than counted twice.
 */
export async function recordPost(ctx: RequestContext, input: RecordPostInput): Promise<FirmPostEntity> {
  assertMayRecordPosts(ctx, input.firmId);
  const role = input.role.trim().toUpperCase();
  if (!/^[A-Z][A-Z_]{1,39}$/.test(role)) throw badInput('role must be a code of 2 to 40 letters and underscores, e.g. PROJECT_MANAGER', { argument: 'role' });
  const personId = optionalText(input.personId, 'personId', 36);
  if (!personId) throw badInput('personId must be the community Person id', { argument: 'personId' });
  const endsOn = input.endsOn ?? null;
  if (!isIsoDate(input.startsOn) || (endsOn !== null && !isIsoDate(endsOn))) throw badInput('startsOn and endsOn must be dates written YYYY-MM-DD');
  if (endsOn !== null && endsOn < input.startsOn) throw badInput(`endsOn ${endsOn} is before startsOn ${input.startsOn}`, { argument: 'endsOn' });
  return transaction(ctx.ds, async (manager) => {
    const firm = await manager.findOne(PropertyFirmEntity, { where: { id: input.firmId } });
    if (!firm) throw notFound('Property firm', input.firmId);
    const same = await manager.find(FirmPostEntity, { where: { firmId: input.firmId, personId, role } });
    const clash = same.find((p) => periodsOverlap(p, { startsOn: input.startsOn, endsOn }));
    if (clash) throw new HubError(ErrorCode.CONFLICT, `Person ${personId} already holds ${role} in this firm from ${clash.startsOn} (post ${clash.id})`, { postId: clash.id });
    const post = await manager.save(manager.create(FirmPostEntity, { firmId: input.firmId, personId, role, startsOn: input.startsOn, endsOn }));
    await announcePost(manager, post);
    return post;
  });
}

/** Ends a post on its last day (ADMIN or the firm itself). */
export async function endPost(ctx: RequestContext, id: string, endsOn: string): Promise<FirmPostEntity> {
  if (!isIsoDate(endsOn)) throw badInput('endsOn must be a date written YYYY-MM-DD', { argument: 'endsOn' });
  const found = await ctx.ds.getRepository(FirmPostEntity).findOne({ where: { id } });
  if (!found) throw notFound('Firm post', id);
  assertMayRecordPosts(ctx, found.firmId);
  if (endsOn < found.startsOn) throw badInput(`endsOn ${endsOn} is before the post's first day ${found.startsOn}`, { argument: 'endsOn' });
  return transaction(ctx.ds, async (manager) => {
    const post = await manager.findOneOrFail(FirmPostEntity, { where: { id } });
    if (post.endsOn !== null) throw new HubError(ErrorCode.INVALID_TRANSITION, `Post ${id} already ended on ${post.endsOn}`);
    post.endsOn = endsOn;
    await manager.save(post);
    await announcePost(manager, post);
    return post;
  });
}
