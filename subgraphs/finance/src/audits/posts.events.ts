import type { EventHandlers } from '@hub/platform';
import { mergePost } from './entitlement';
import { GovernancePostEntity } from './governance-post.entity';

/** Keeps the community's posts finance checks joint-audit sign-offs against. */
export const postEvents: EventHandlers = {
  PostChanged: async (_ctx, manager, event) => {
    const p = event.payload;
    const existing = await manager.findOneBy(GovernancePostEntity, { id: p.postId });
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
    await manager.upsert(GovernancePostEntity, mergePost(existing, incoming), ['id']);
  },
};
