import { In } from 'typeorm';
import { badInput, CompoundScopeEntity, forbidden, regionPathOfCode, regionPrefix, requireRole, Role, statsWindow, type RequestContext } from '@hub/platform';
import { ServiceContractEntity, type ContractModel } from '../contracts/service-contract.entity';
import { ProjectIncidentEntity, RenovationProjectEntity } from '../projects/renovation-project.entity';
import { coversDay, utcDay } from '../scope/period';
import { parkingRevenueFigures, type RevenueByClass } from '../parking/parking.service';
import { workOrderFigures, type WorkOrderFigures } from '../work-orders/work-order-stats';

export type FirmSlaParent = WorkOrderFigures['slaByFirm'][number];

export interface PropertyStatsParent {
  regionCode: string;
  from: string;
  to: string;
  compounds: number;
  contractsByModel: { model: ContractModel; count: number }[];
  workOrders: WorkOrderFigures['byCategoryAndStatus'];
  slaByFirm: FirmSlaParent[];
  backlog: WorkOrderFigures['backlog'];
  parkingRevenueFen: number;
  parkingFees: number;
  parkingRevenueByClass: RevenueByClass[];
  projects: number;
  projectsWithThreeZeros: number;
}

const MODELS: ContractModel[] = ['STANDARD', 'VOLUNTEER_BASELINE', 'SELF_MANAGED'];

/** Analysts and admins anywhere; officials and Party organisations inside their regions. */
function assertMaySeeRegion(ctx: RequestContext, regionCode: string): void {
  requireRole(ctx.claims, Role.ANALYST, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  if (ctx.claims.role === Role.OFFICIAL || ctx.claims.role === Role.PARTY_ORGANISATION) {
    const path = regionPathOfCode(regionCode);
    if (!(ctx.claims.regions ?? []).some((r) => path.includes(r))) throw forbidden(`Region ${regionCode} is outside your regions`);
  }
}

/**
 * Counts and sums only, so analysts may read them. A fixed number of statements whatever the
 * region's size: compounds, contracts, projects, and the work-order and parking figures.
 */
export async function propertyStats(ctx: RequestContext, regionCode: string, from: string, to: string): Promise<PropertyStatsParent> {
  const prefix = regionPrefix(regionCode);
  if (!prefix) throw badInput(`regionCode must be a 12-digit district, street or community code; got ${regionCode}`, { argument: 'regionCode' });
  const window = statsWindow(from, to);
  if ('problem' in window) throw badInput(window.problem);
  assertMaySeeRegion(ctx, regionCode);

  // Region codes are fixed-width, so a code occurs in a path only as a whole element.
  const compoundIds = (
    await ctx.ds.getRepository(CompoundScopeEntity).createQueryBuilder('s').select('s.compoundId', 'compoundId').where('s.regionPath LIKE :pattern', { pattern: `%${regionCode}%` }).getRawMany<{ compoundId: string }>()
  ).map((r) => r.compoundId);

  const contracts = compoundIds.length ? await ctx.ds.getRepository(ServiceContractEntity).find({ where: { compoundId: In(compoundIds) } }) : [];
  const inForce = contracts.filter((c) => coversDay(c, utcDay(new Date(window.toExclusive.getTime() - 1))));
  const contractsByModel = MODELS.map((model) => ({ model, count: inForce.filter((c) => c.model === model).length }));

  const asOf = new Date(Math.min(Date.now(), window.toExclusive.getTime()));
  const orders = await workOrderFigures(ctx.ds, compoundIds, window.from, window.toExclusive, asOf);
  const parking = await parkingRevenueFigures(ctx.ds, compoundIds, window.from, window.toExclusive);

  const incidents = ctx.ds.getMetadata(ProjectIncidentEntity).tableName;
  const projectRow = await ctx.ds
    .getRepository(RenovationProjectEntity)
    .createQueryBuilder('p')
    .select('COUNT(*)', 'projects')
    .addSelect(`SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM ${incidents} i WHERE i.projectId = p.id) THEN 1 ELSE 0 END)`, 'zeros')
    .where('p.communityCode LIKE :prefix', { prefix: `${prefix}%` })
    .andWhere('p.startsOn <= :to', { to })
    .andWhere('(p.endsOn IS NULL OR p.endsOn >= :from)', { from })
    .getRawOne<{ projects: string | number; zeros: string | number | null }>();

  return {
    regionCode,
    from,
    to,
    compounds: compoundIds.length,
    contractsByModel,
    workOrders: orders.byCategoryAndStatus,
    slaByFirm: orders.slaByFirm,
    backlog: orders.backlog,
    parkingRevenueFen: parking.totalFen,
    parkingFees: parking.fees,
    parkingRevenueByClass: parking.byClass,
    projects: Number(projectRow?.projects ?? 0),
    projectsWithThreeZeros: Number(projectRow?.zeros ?? 0),
  };
}
