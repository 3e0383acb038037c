import type { AuditorRole } from './audit-status';

/**
 * Who may audit a compound's statement as what (联审资格): the community side is the region's
 * officials and Party organisations (checked on the token); owner representatives are members of
 * the compound's owners' committee, the supervisory board side members of its supervisory board
 * (业主监事会), each by a post held on the day they act.
 */
export type AuditingBody = 'OWNERS_COMMITTEE' | 'SUPERVISORY_BOARD';
export const BODY_OF: Record<Exclude<AuditorRole, 'COMMUNITY'>, AuditingBody> = {
  OWNER_REPRESENTATIVE: 'OWNERS_COMMITTEE',
  SUPERVISORY_BOARD: 'SUPERVISORY_BOARD',
};

export interface HeldPost {
  organisationKind: string;
  compoundId: string | null;
  startsOn: string;
  endsOn: string | null;
}

/** A post is held from its first day up to, not including, its end day (ISO dates compare as text). */
export const isCurrent = (p: Pick<HeldPost, 'startsOn' | 'endsOn'>, today: string): boolean =>
  p.startsOn <= today && (p.endsOn === null || p.endsOn > today);

/** Whether one of the person's posts entitles them to audit the compound's statement as `as`. */
export function entitles(posts: readonly HeldPost[], as: Exclude<AuditorRole, 'COMMUNITY'>, compoundId: string, today: string): boolean {
  const body = BODY_OF[as];
  return posts.some((p) => p.organisationKind === body && p.compoundId === compoundId && isCurrent(p, today));
}

/**
 * Posts change by events that may arrive out of order: an ended post stays ended, whatever a
 * late copy of its appointment says (an ended post is never reopened; a new term is a new post).
 */
export function mergePost<T extends { endsOn: string | null }>(existing: T | null, incoming: T): T {
  if (!existing || existing.endsOn === null) return incoming;
  return { ...incoming, endsOn: incoming.endsOn === null ? existing.endsOn : incoming.endsOn };
}
