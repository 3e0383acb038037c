import type { EntityManager } from 'typeorm';
import { CompoundEntity } from '../compounds/compound.entity';
import type { TransitionAction } from './lifecycle';
import { ResidentRequestEntity } from './resident-request.entity';
import { applyTransition, fileRequest } from './requests.service';

/** A demo request and the steps it went through, each with its time and the role that took it. */
export interface DemoRequest {
  id: string;
  compoundId: string;
  unitId: string | null;
  reporterId: string;
  category: string;
  description: string;
  place: string | null;
  submittedAt: string;
  steps: { action: TransitionAction; at: string; by: string; note?: string; satisfaction?: number; feedback?: string }[];
}

/**
 * Files each demo request not yet present and walks it through its steps with the same code a
 * person's actions run, so dispatches and closings reach property and rating through the outbox.
 */
export async function seedDemoRequests(manager: EntityManager, requests: readonly DemoRequest[]): Promise<void> {
  for (const d of requests) {
    if (await manager.existsBy(ResidentRequestEntity, { id: d.id })) continue;
    const compound = await manager.findOneByOrFail(CompoundEntity, { id: d.compoundId });
    let current = await fileRequest(
      manager,
      compound,
      { id: d.id, unitId: d.unitId, reporterId: d.reporterId, clientRequestId: `demo:${d.id}`, category: d.category, description: d.description, place: d.place, photoUrls: [] },
      new Date(d.submittedAt),
    );
    for (const s of d.steps) {
      current = await applyTransition(
        manager,
        current,
        s.action,
        { role: s.by, id: s.by === 'RESIDENT' ? d.reporterId : null },
        { note: s.note, satisfaction: s.satisfaction, feedback: s.feedback },
        new Date(s.at),
      );
    }
  }
}
