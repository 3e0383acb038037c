import type { EventHandlers } from '@hub/platform';
import { AssemblyMatterEntity } from './assembly-matter.entity';

/** Keeps the owners' assembly decisions finance checks spending and the maintenance fund against. */
export const matterEvents: EventHandlers = {
  MatterDecided: async (_ctx, manager, event) => {
    const m = event.payload;
    await manager.upsert(
      AssemblyMatterEntity,
      { id: m.matterId, compoundId: m.compoundId, article278Item: m.article278Item, title: m.title.slice(0, 500), passed: m.passed, decidedAt: new Date(m.decidedAt) },
      ['id'],
    );
  },
};

export const matterById = (manager: import('typeorm').EntityManager, id: string | null | undefined) =>
  id ? manager.findOneBy(AssemblyMatterEntity, { id }) : Promise.resolve(null);
