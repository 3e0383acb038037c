import type { DataSource } from 'typeorm';
import { complianceBasisPoints } from './sla';
import { WorkOrderEntity } from './work-order.entity';

export interface WorkOrderFigures {
  /** Orders created in [from, to), per category and current status. */
  byCategoryAndStatus: { category: string; status: string; count: number }[];
  /** Orders completed in [from, to), per firm (null: self-managed), met on time or not. */
  slaByFirm: { firmId: string | null; met: number; breached: number; complianceBasisPoints: number | null }[];
  /** Orders still open at `asOf`, by age. */
  backlog: { open: number; oldestAgeHours: number | null; underOneDay: number; oneToThreeDays: number; threeToSevenDays: number; overSevenDays: number };
}

const DAY = 24 * 3_600_000;

/**
 * Work-order figures for the property statistics: counts only, no names or descriptions, so
 * analysts may read them. Three statements whatever the number of compounds.
 */
export async function workOrderFigures(
  ds: DataSource,
  compoundIds: readonly string[] | null,
  from: Date,
  to: Date,
  asOf: Date = new Date(),
): Promise<WorkOrderFigures> {
  if (compoundIds && compoundIds.length === 0) {
    return { byCategoryAndStatus: [], slaByFirm: [], backlog: { open: 0, oldestAgeHours: null, underOneDay: 0, oneToThreeDays: 0, threeToSevenDays: 0, overSevenDays: 0 } };
  }
  const base = () => {
    const q = ds.getRepository(WorkOrderEntity).createQueryBuilder('w');
    if (compoundIds) q.where('w.compoundId IN (:...compoundIds)', { compoundIds });
    return q;
  };
  const counts = await base()
    .select('w.category', 'category')
    .addSelect('w.status', 'status')
    .addSelect('COUNT(*)', 'count')
    .andWhere('w.createdAt >= :from AND w.createdAt < :to', { from, to })
    .groupBy('w.category')
    .addGroupBy('w.status')
    .orderBy('w.category')
    .addOrderBy('w.status')
    .getRawMany<{ category: string; status: string; count: string | number }>();
  const sla = await base()
    .select('w.firmId', 'firmId')
    .addSelect('SUM(CASE WHEN w.completedAt <= w.dueAt THEN 1 ELSE 0 END)', 'met')
    .addSelect('SUM(CASE WHEN w.completedAt > w.dueAt THEN 1 ELSE 0 END)', 'breached')
    .andWhere("w.status = 'COMPLETED'")
    .andWhere('w.completedAt >= :from AND w.completedAt < :to', { from, to })
    .groupBy('w.firmId')
    .orderBy('w.firmId')
    .getRawMany<{ firmId: string | null; met: string | number; breached: string | number }>();
  const at = (days: number) => new Date(asOf.getTime() - days * DAY);
  const backlog = await base()
    .select('COUNT(*)', 'open')
    .addSelect('MIN(w.createdAt)', 'oldest')
    .addSelect('SUM(CASE WHEN w.createdAt > :d1 THEN 1 ELSE 0 END)', 'underOneDay')
    .addSelect('SUM(CASE WHEN w.createdAt <= :d1 AND w.createdAt > :d3 THEN 1 ELSE 0 END)', 'oneToThreeDays')
    .addSelect('SUM(CASE WHEN w.createdAt <= :d3 AND w.createdAt > :d7 THEN 1 ELSE 0 END)', 'threeToSevenDays')
    .addSelect('SUM(CASE WHEN w.createdAt <= :d7 THEN 1 ELSE 0 END)', 'overSevenDays')
    .andWhere("w.status IN ('NEW', 'ASSIGNED', 'IN_PROGRESS')")
    .andWhere('w.createdAt <= :asOf', { asOf })
    .setParameters({ d1: at(1), d3: at(3), d7: at(7) })
    .getRawOne<Record<string, string | number | Date | null>>();
  const n = (v: unknown) => Number(v ?? 0);
  const oldest = backlog?.oldest ? new Date(backlog.oldest as string | Date) : null;
  return {
    byCategoryAndStatus: counts.map((r) => ({ category: r.category, status: r.status, count: n(r.count) })),
    slaByFirm: sla.map((r) => ({ firmId: r.firmId, met: n(r.met), breached: n(r.breached), complianceBasisPoints: complianceBasisPoints(n(r.met), n(r.breached)) })),
    backlog: {
      open: n(backlog?.open),
      oldestAgeHours: oldest ? Math.floor((asOf.getTime() - oldest.getTime()) / 3_600_000) : null,
      underOneDay: n(backlog?.underOneDay),
      oneToThreeDays: n(backlog?.oneToThreeDays),
      threeToSevenDays: n(backlog?.threeToSevenDays),
      overSevenDays: n(backlog?.overSevenDays),
    },
  };
}
