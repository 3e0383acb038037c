import { badInput, ErrorCode, HubError, loadOneBy, notFound, requireRole, Role, transaction, type RequestContext } from '@hub/platform';
import { PersonEntity, PERSON_KINDS, type PersonKind } from './person.entity';
import { maskIdNumber, maskName, maskPhone } from './masking';
import { idNumberChecksumOk } from '../units/import-rows';
import { UnitEntity } from '../units/unit.entity';
import { PostEntity } from '../posts/post.entity';
import { OrganisationCompoundEntity } from '../organisations/organisation.entity';
import { loadManyBy } from '../compounds/batch';

export const personById = (ctx: RequestContext, id: string) => loadOneBy(ctx, PersonEntity, 'id', id);

/** The person themselves and admins see personal data in full; everyone else masked. */
export const entitledToPersonalData = (ctx: RequestContext, p: PersonEntity): boolean => ctx.claims.role === Role.ADMIN || ctx.claims.sub === p.id;

/** Names of developers and institutions are not personal data; an individual's name, phone and ID number are. */
export function personView(ctx: RequestContext, p: PersonEntity) {
  const full = entitledToPersonalData(ctx, p);
  const individual = p.kind === 'INDIVIDUAL';
  return {
    name: full || !individual ? p.name : maskName(p.name),
    phone: p.phone == null ? null : full ? p.phone : maskPhone(p.phone),
    idNumber: p.idNumber == null ? null : full ? p.idNumber : maskIdNumber(p.idNumber),
  };
}

/**
 * Roles that look people up by id; a resident only themselves, an owners' committee the owners
 * and post holders of its compounds, analysts never.
 */
export async function visiblePerson(ctx: RequestContext, id: string): Promise<PersonEntity | null> {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.OWNERS_COMMITTEE, Role.RESIDENT);
  if (ctx.claims.role === Role.RESIDENT && ctx.claims.sub !== id) return null;
  const person = await personById(ctx, id);
  if (person && ctx.claims.role === Role.OWNERS_COMMITTEE && !(await belongsToCompounds(ctx, id, ctx.claims.compounds ?? []))) return null;
  return person;
}

/** Owns a unit of one of the compounds, or holds (or held) a post in a body serving one of them. */
async function belongsToCompounds(ctx: RequestContext, personId: string, compoundIds: readonly string[]): Promise<boolean> {
  if (compoundIds.length === 0) return false;
  const owned = await loadManyBy(ctx, UnitEntity, 'ownerId', personId);
  if (owned.some((u) => compoundIds.includes(u.compoundId))) return true;
  const posts = await loadManyBy(ctx, PostEntity, 'personId', personId);
  const served = await Promise.all(posts.map((p) => loadManyBy(ctx, OrganisationCompoundEntity, 'organisationId', p.organisationId, { compoundId: 'ASC' })));
  return served.flat().some((link) => compoundIds.includes(link.compoundId));
}

export async function requirePerson(ctx: RequestContext, id: string): Promise<PersonEntity> {
  const p = await personById(ctx, id);
  if (!p) throw notFound('Person', id);
  return p;
}

export interface RegisterPersonInput {
  name: string;
  kind?: PersonKind | null;
  phone?: string | null;
  idNumber?: string | null;
  partyMember?: boolean | null;
}

export async function registerPerson(ctx: RequestContext, input: RegisterPersonInput): Promise<PersonEntity> {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  const name = input.name.trim();
  const kind = input.kind ?? 'INDIVIDUAL';
  if (!name || name.length > 100) throw badInput('Name must be 1 to 100 characters', { field: 'name' });
  if (!PERSON_KINDS.includes(kind)) throw badInput(`Kind must be one of ${PERSON_KINDS.join(', ')}`, { field: 'kind' });
  if (input.phone != null && !/^1\d{10}$/.test(input.phone)) throw badInput('Phone must be an 11-digit mobile number starting with 1', { field: 'phone' });
  if (input.idNumber != null && !idNumberChecksumOk(input.idNumber)) throw badInput('ID number must be 18 characters with a valid check character (GB 11643)', { field: 'idNumber' });
  return transaction(ctx.ds, async (m) => {
    const known = input.idNumber ? await m.findOneBy(PersonEntity, { idNumber: input.idNumber }) : null;
    if (known) throw new HubError(ErrorCode.CONFLICT, `A person with this ID number is already registered (${known.id}); use their record`, { field: 'idNumber', id: known.id });
    return m.save(m.create(PersonEntity, { name, kind, phone: input.phone ?? null, idNumber: input.idNumber ?? null, partyMember: input.partyMember ?? false }));
  });
}

/** The caller's own record: a resident's token names their Person id in `sub`. */
export async function me(ctx: RequestContext): Promise<PersonEntity | null> {
  return ctx.claims.sub ? personById(ctx, ctx.claims.sub) : null;
}
