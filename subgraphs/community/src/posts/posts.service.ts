import type { EntityManager } from 'typeorm';
import { badInput, notFound, requireRole, Role, transaction, uuidv7, type RequestContext } from '@hub/platform';
import { conflict as conflictError } from '../compounds/compound-scope';
import { FirmPostEntity, PostEntity, type MemberType } from './post.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { organisationById, requireVisibleOrganisation, seesOrganisation } from '../organisations/organisations.service';
import { loadManyBy } from '../compounds/batch';
import { requirePerson } from '../people/people.service';
import { dateString, isIsoDate, todayUtc } from '../people/dates';
import { announcePosts } from './post-events';

/** A post in an organisation or, by reference, in a property firm. */
export interface PostView {
  id: string;
  personId: string;
  organisationId: string | null;
  firmId: string | null;
  role: string;
  memberType: MemberType | null;
  startsOn: string;
  endsOn: string | null;
}

export const postView = (p: PostEntity): PostView => ({
  id: p.id,
  personId: p.personId,
  organisationId: p.organisationId,
  firmId: null,
  role: p.role,
  memberType: p.memberType,
  startsOn: dateString(p.startsOn)!,
  endsOn: dateString(p.endsOn),
});

export const firmPostView = (p: FirmPostEntity): PostView => ({
  id: p.id,
  personId: p.personId,
  organisationId: null,
  firmId: p.firmId,
  role: p.role,
  memberType: null,
  startsOn: dateString(p.startsOn)!,
  endsOn: dateString(p.endsOn),
});

const newestFirst = (a: PostView, b: PostView) => (a.startsOn < b.startsOn ? 1 : a.startsOn > b.startsOn ? -1 : 0);

/** A person's posts, newest first, those of organisations the caller may see plus firm posts. */
export async function postsOfPerson(ctx: RequestContext, personId: string): Promise<PostView[]> {
  const [own, firm] = await Promise.all([loadManyBy(ctx, PostEntity, 'personId', personId), loadManyBy(ctx, FirmPostEntity, 'personId', personId)]);
  // All organisations in one batch, then the scope check of each.
  const orgs = await Promise.all(own.map((p) => organisationById(ctx, p.organisationId)));
  const seen = await Promise.all(orgs.map((o) => (o ? seesOrganisation(ctx, o) : false)));
  const visible = own.filter((_, i) => seen[i]).map(postView);
  return [...visible, ...firm.map(firmPostView)].sort(newestFirst);
}

export async function postsOfOrganisation(ctx: RequestContext, o: OrganisationEntity, includeEnded: boolean): Promise<PostView[]> {
  const today = todayUtc();
  const rows = (await loadManyBy(ctx, PostEntity, 'organisationId', o.id)).map(postView);
  // Posts not yet ended include those of a newly elected committee whose term starts later.
  return (includeEnded ? rows : rows.filter((p) => p.endsOn === null || p.endsOn > today)).sort(newestFirst);
}

/** Who may appoint: admins, and officials and Party organisations of the organisation's region. */
function requireAppointer(ctx: RequestContext) {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION);
}

export async function appointPost(
  ctx: RequestContext,
  input: { personId: string; organisationId: string; role: string; memberType?: MemberType | null; startsOn?: string | null },
): Promise<PostView> {
  requireAppointer(ctx);
  const o = await requireVisibleOrganisation(ctx, input.organisationId);
  await requirePerson(ctx, input.personId);
  const role = input.role.trim();
  if (!role || role.length > 50) throw badInput('Role must be 1 to 50 characters', { field: 'role' });
  const startsOn = input.startsOn ?? todayUtc();
  if (!isIsoDate(startsOn)) throw badInput('startsOn must be an ISO date such as 2026-01-31', { field: 'startsOn' });
  return transaction(ctx.ds, (m) => insertPost(m, { personId: input.personId, organisation: o, role, memberType: input.memberType ?? null, startsOn }));
}

/** One current post per person and organisation: a second is a conflict, not a duplicate row. Announced as PostChanged. */
export async function insertPost(
  m: EntityManager,
  p: { personId: string; organisation: OrganisationEntity; role: string; memberType: MemberType | null; startsOn: string },
): Promise<PostView> {
  const held = await m.findBy(PostEntity, { personId: p.personId, organisationId: p.organisation.id });
  if (held.map(postView).some((h) => h.endsOn === null || h.endsOn > p.startsOn)) {
    throw conflictError(`Person ${p.personId} already holds a post in ${p.organisation.name}; end it first`);
  }
  const row = m.create(PostEntity, { id: uuidv7(), personId: p.personId, organisationId: p.organisation.id, role: p.role, memberType: p.memberType, startsOn: p.startsOn, endsOn: null });
  await m.insert(PostEntity, row);
  const view = postView(row);
  await announcePosts(m, [{ ...view, organisationId: p.organisation.id }]);
  return view;
}

export async function endPost(ctx: RequestContext, id: string, endsOn?: string | null): Promise<PostView> {
  requireAppointer(ctx);
  const end = endsOn ?? todayUtc();
  if (!isIsoDate(end)) throw badInput('endsOn must be an ISO date such as 2026-01-31', { field: 'endsOn' });
  return transaction(ctx.ds, async (m) => {
    const post = await m.findOneBy(PostEntity, { id });
    if (!post) throw notFound('Post', id);
    await requireVisibleOrganisation(ctx, post.organisationId);
    const view = postView(post);
    if (view.endsOn !== null) throw conflictError(`Post ${id} already ended on ${view.endsOn}`);
    if (end < view.startsOn) throw badInput(`A post cannot end (${end}) before it starts (${view.startsOn})`, { field: 'endsOn' });
    await m.update(PostEntity, { id }, { endsOn: end });
    const ended = { ...view, endsOn: end };
    await announcePosts(m, [{ ...ended, organisationId: post.organisationId }]);
    return ended;
  });
}


