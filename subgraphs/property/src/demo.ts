import { In, type DataSource, type EntityManager } from 'typeorm';
import { recordEvent, transaction } from '@hub/platform';
import { PropertyFirmEntity } from './firms/property-firm.entity';
import { ServiceContractEntity, type ContractModel } from './contracts/service-contract.entity';
import { ParkingAreaEntity, ParkingEntranceEntity, ParkingSpaceEntity, type ParkingSpaceKind } from './facilities/parking-area.entity';
import { ActivityRoomEntity } from './facilities/facility.entity';
import { ProjectMilestoneEntity, RenovationProjectEntity, type ProjectKind } from './projects/renovation-project.entity';
import { UtilityCoverageEntity, type Utility } from './utilities/utility.entity';
import { ParkingPricingRuleEntity, type PlateClass } from './parking/parking.entities';
import { InspectionCheckpointEntity, InspectionPlanEntity } from './inspections/inspection.entities';

export interface PropertyDemo {
  firms: { id: string; name: string; creditCode: string; partyOrganisation?: string | null; partyInstructorPersonId?: string | null }[];
  contracts: { id: string; compoundId: string; firmId: string | null; model: ContractModel; startsOn: string; feeFenPerM2Month: number }[];
  /** Parking areas with their entrances and spaces; spaces are given as runs of one kind (P1, P2… Pn). */
  parkingAreas?: {
    id: string;
    compoundId: string;
    name: string;
    underground: boolean;
    entrances: { id: string; name: string; gateCode: string | null }[];
    spaceRuns: { kind: ParkingSpaceKind; prefix: string; count: number }[];
  }[];
  activityRooms?: { id: string; compoundId: string; name: string; areaCentiM2: number; freeOfCharge: boolean; usedBy: string | null }[];
  utilityCoverage?: { id: string; compoundId: string; utility: Utility; provider: string | null; householdsConnected: number; householdsTotal: number | null; reportedAt: string }[];
  projects?: {
    id: string;
    name: string;
    kind: ProjectKind;
    compoundId: string | null;
    communityCode: string;
    firmId: string | null;
    contractor: string | null;
    unitsPlanned: number;
    unitsDone: number;
    budgetReference: string | null;
    budgetFen: number | null;
    startsOn: string;
    endsOn: string | null;
    milestones: { id: string; name: string; dueOn: string; reachedOn: string | null }[];
  }[];
  /** Parking prices per compound and class (parking). */
  parkingPricing?: { id: string; compoundId: string; plateClass: PlateClass; freeMinutes: number; hourlyFen: number; dailyCapFen: number | null; monthlyPassFen: number | null }[];
  /** Inspection plans with their routes (inspections). */
  inspectionPlans?: { id: string; compoundId: string; firmId: string | null; name: string; intervalHours: number; startsAt: string; checkpoints: { id: string; name: string; location: string | null }[] }[];
}

/** Parking prices and inspection plans of the demo: inserted once, later edits stay. */
async function seedParkingAndInspections(manager: EntityManager, demo: PropertyDemo): Promise<void> {
  await insertMissing(manager, ParkingPricingRuleEntity, demo.parkingPricing ?? []);
  for (const { checkpoints, ...plan } of demo.inspectionPlans ?? []) {
    const added = await insertMissing(manager, InspectionPlanEntity, [{ ...plan, startsAt: new Date(plan.startsAt), active: true }]);
    if (added.length) await manager.insert(InspectionCheckpointEntity, checkpoints.map((c, i) => ({ ...c, planId: plan.id, sequence: i + 1 })));
  }
}

/** Adds the rows whose ids are not there yet; returns those it added. */
async function insertMissing<T extends { id: string }>(manager: EntityManager, entity: new () => unknown, rows: T[]): Promise<T[]> {
  if (rows.length === 0) return [];
  const present = new Set((await manager.getRepository(entity).find({ where: { id: In(rows.map((r) => r.id)) } as never, select: { id: true } as never })).map((r) => (r as { id: string }).id));
  const missing = rows.filter((r) => !present.has(r.id));
  if (missing.length) await manager.insert(entity, missing as never);
  return missing;
}

/** Facilities, rooms, coverage and projects of the demo: inserted once, never overwritten (later edits stay). */
async function seedPlacesAndWorks(manager: EntityManager, demo: PropertyDemo): Promise<void> {
  for (const area of demo.parkingAreas ?? []) {
    const added = await insertMissing(manager, ParkingAreaEntity, [{ id: area.id, compoundId: area.compoundId, name: area.name, underground: area.underground }]);
    if (added.length === 0) continue;
    await manager.insert(ParkingEntranceEntity, area.entrances.map((e) => ({ ...e, areaId: area.id, compoundId: area.compoundId })));
    const spaces = area.spaceRuns.flatMap((run) =>
      Array.from({ length: run.count }, (_, i) => manager.create(ParkingSpaceEntity, { areaId: area.id, number: `${run.prefix}${i + 1}`, kind: run.kind })),
    );
    if (spaces.length) await manager.save(spaces, { chunk: 200 });
  }
  await insertMissing(manager, ActivityRoomEntity, demo.activityRooms ?? []);
  await insertMissing(manager, UtilityCoverageEntity, (demo.utilityCoverage ?? []).map((c) => ({ ...c, reportedAt: new Date(c.reportedAt) })));
  // The demo projects record no incidents: their three zeros are what the article reports.
  for (const { milestones, ...project } of demo.projects ?? []) {
    const added = await insertMissing(manager, RenovationProjectEntity, [project]);
    if (added.length) await manager.insert(ProjectMilestoneEntity, milestones.map((m) => ({ ...m, projectId: project.id })));
  }
}

/**
 * Idempotent: rows are keyed by their fixed demo ids. A contract is announced (ContractChanged,
 * through the outbox) in the transaction that first inserts it, so a restart announces nothing twice.
 */
export async function seedPropertyDemo(ds: DataSource, demo: PropertyDemo): Promise<void> {
  await transaction(ds, async (manager) => {
    await manager.upsert(PropertyFirmEntity, demo.firms, ['id']);
    const added = await insertMissing(
      manager,
      ServiceContractEntity,
      demo.contracts.map((c) => ({ ...c, endsOn: null, status: 'ACTIVE' as const, endReason: null })),
    );
    for (const c of added) {
      await recordEvent(manager, 'ContractChanged', c.id, {
        contractId: c.id,
        compoundId: c.compoundId,
        firmId: c.firmId,
        model: c.model,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        status: c.status,
      });
    }
    await seedPlacesAndWorks(manager, demo);
    await seedParkingAndInspections(manager, demo);
  });
}
