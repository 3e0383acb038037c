import type { OrganisationKind } from '../organisations/organisation.entity';
import type { PostView } from './posts.service';

export type AppointmentBody = 'PARTY_ORGANISATION' | 'RESIDENTS_COMMITTEE' | 'OWNERS_COMMITTEE' | 'PROPERTY_FIRM';
const ORDER: AppointmentBody[] = ['PARTY_ORGANISATION', 'RESIDENTS_COMMITTEE', 'OWNERS_COMMITTEE', 'PROPERTY_FIRM'];

export interface CrossAppointmentView {
  personId: string;
  bodies: AppointmentBody[];
  posts: PostView[];
}

/** The body a post counts for in cross-appointments (交叉任职), or null for other organisations. */
export function appointmentBody(kind: OrganisationKind | null): AppointmentBody | null {
  if (kind === null) return 'PROPERTY_FIRM';
  return kind === 'PARTY_ORGANISATION' || kind === 'RESIDENTS_COMMITTEE' || kind === 'OWNERS_COMMITTEE' ? kind : null;
}

/** A post is current on a day when it has started and not yet ended (the end day itself is the first day off). */
export const isCurrent = (p: { startsOn: string; endsOn: string | null }, today: string): boolean => p.startsOn <= today && (p.endsOn === null || p.endsOn > today);

/**
 * People holding current posts in two or more of the four bodies, ordered by person id. Posts
 * of other organisations (steward groups, volunteer teams) are not counted but neither hidden.
 */
export function crossAppointments(posts: Array<PostView & { organisationKind: OrganisationKind | null }>, today: string): CrossAppointmentView[] {
  const byPerson = new Map<string, { bodies: Set<AppointmentBody>; posts: PostView[] }>();
  for (const p of posts) {
    if (!isCurrent(p, today)) continue;
    const body = appointmentBody(p.organisationKind);
    if (!body) continue;
    const entry = byPerson.get(p.personId) ?? { bodies: new Set(), posts: [] };
    entry.bodies.add(body);
    const { organisationKind: _k, ...view } = p;
    entry.posts.push(view);
    byPerson.set(p.personId, entry);
  }
  return [...byPerson.entries()]
    .filter(([, e]) => e.bodies.size >= 2)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([personId, e]) => ({ personId, bodies: ORDER.filter((b) => e.bodies.has(b)), posts: e.posts }));
}
