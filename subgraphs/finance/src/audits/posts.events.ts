import { isSqlite, type EventHandlers } from '@hub/platform';
import { mergePost } from './entitlement';
import { GovernancePostEntity } from './governance-post.entity';

/**
 * Keeps the community's posts finance checks joint-audit sign-offs against. A post's appointment
 * and its end are two events that consumers may apply at the same time: the row is read under
 * lock and a first copy is inserted, never upserted, so that of two first copies one fails, is
 * retried and then merges with the other (an ended post stays ended).
 */
export const postEvents: EventHandlers = {
  PostChanged: async (_ctx, manager, event) => {
    const p = event.payload;
    const existing = await manager.findOne(GovernancePostEntity, { where: { id: p.postId }, ...(isSqlite(manager) ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
    const incoming = {
      id: p.postId,
      personId: p.personId,
      organisationId: p.organisationId,
      organisationKind: p.organisationKind,
      compoundId: p.compoundId,
      role: p.role.slice(0, 50),
      startsOn: p.startsOn.slice(0, 10),
      endsOn: p.endsOn ? p.endsOn.slice(0, 10) : null,
    };
    if (existing) await manager.update(GovernancePostEntity, { id: p.postId }, mergePost(existing, incoming));
    else await manager.insert(GovernancePostEntity, incoming);
  },
};
