import { In, type EntityManager } from 'typeorm';
import { recordEvent } from '@hub/platform';
import { OrganisationCompoundEntity, OrganisationEntity } from '../organisations/organisation.entity';
import { PostEntity } from './post.entity';
import { postView, type PostView } from './posts.service';

type AnnouncedPost = Pick<PostView, 'id' | 'personId' | 'role' | 'startsOn' | 'endsOn'> & { organisationId: string };

/**
 * Announces posts through the outbox (PostChanged), in the caller's transaction: finance checks
 * who may sign a joint audit as owners' committee or supervisory board against them. The
 * organisations and the compounds they serve are read once for the whole list; an organisation
 * serving several compounds (an area co-governance committee) is announced without a compound.
 */
export async function announcePosts(m: EntityManager, posts: readonly AnnouncedPost[]): Promise<void> {
  if (posts.length === 0) return;
  const orgIds = [...new Set(posts.map((p) => p.organisationId))];
  const [orgs, served] = await Promise.all([
    m.findBy(OrganisationEntity, { id: In(orgIds) }),
    m.findBy(OrganisationCompoundEntity, { organisationId: In(orgIds) }),
  ]);
  const kindOf = new Map(orgs.map((o) => [o.id, o.kind]));
  const compoundsOf = new Map<string, string[]>();
  for (const s of served) compoundsOf.set(s.organisationId, [...(compoundsOf.get(s.organisationId) ?? []), s.compoundId]);
  for (const p of posts) {
    const kind = kindOf.get(p.organisationId);
    if (!kind) throw new Error(`Post ${p.id} names organisation ${p.organisationId}, which does not exist`);
    const compounds = compoundsOf.get(p.organisationId) ?? [];
    await recordEvent(m, 'PostChanged', p.id, {
      postId: p.id,
      personId: p.personId,
      organisationId: p.organisationId,
      organisationKind: kind,
      compoundId: compounds.length === 1 ? compounds[0] : null,
      role: p.role,
      startsOn: p.startsOn.slice(0, 10),
      endsOn: p.endsOn ? p.endsOn.slice(0, 10) : null,
    });
  }
}

/**
 * Announces every post of the given organisations as it now stands, for writers that change
 * posts in bulk (an election forming a committee and ending the sitting one's posts). Announcing
 * an unchanged post again is harmless: consumers keep the latest state per post id.
 */
export async function announcePostsOfOrganisations(m: EntityManager, organisationIds: readonly string[]): Promise<void> {
  if (organisationIds.length === 0) return;
  const rows = await m.findBy(PostEntity, { organisationId: In([...new Set(organisationIds)]) });
  await announcePosts(m, rows.map((p) => ({ ...postView(p), organisationId: p.organisationId })));
}
