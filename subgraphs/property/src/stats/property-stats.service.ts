import { Brackets } from 'typeorm';
import { badInput, CompoundScopeEntity, forbidden, regionLevel, regionPathOfCode, regionPrefix, requireRole, Role, statsWindow, type RequestContext } from '@hub/platform';
import { ServiceContractEntity, type ContractModel } from '../contracts/service-contract.entity';
import { ProjectIncidentEntity, RenovationProjectEntity } from '../projects/renovation-project.entity';
import { utcDay } from '../scope/period';
import type { RevenueByClass } from '../parking/parking.service';
import type { WorkOrderFigures } from '../work-orders/work-order-stats';
import { regionFigures } from './region-figures';

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

interface StatsKey {
  regionCode: string;
  from: string;
  to: string;
  window: { from: Date; toExclusive: Date };
}

/**
 * Counts and sums only, so analysts may read them. The regions of one request (the whole city
 * asked as one alias per district) are answered together, in a fixed number of statements
 * whatever their number and size: compounds, contracts, projects, and the work-order and parking
 * figures (`regionFigures`).
 */
export async function propertyStats(ctx: RequestContext, regionCode: string, from: string, to: string): Promise<PropertyStatsParent> {
  if (!regionPrefix(regionCode)) throw badInput(`regionCode must be a 12-digit district, street or community code; got ${regionCode}`, { argument: 'regionCode' });
  const window = statsWindow(from, to);
  if ('problem' in window) throw badInput(window.problem);
  assertMaySeeRegion(ctx, regionCode);
  return ctx.loaders
    .get<string, PropertyStatsParent>('PropertyStats.region', async (ids) => {
      const keys = ids.map((id): StatsKey => {
        const [code, f, t] = JSON.parse(id) as [string, string, string];
        return { regionCode: code, from: f, to: t, window: statsWindow(f, t) as StatsKey['window'] };
      });
      return propertyStatsOf(ctx, keys);
    })
    .load(JSON.stringify([regionCode, from, to]));
}

async function propertyStatsOf(ctx: RequestContext, keys: StatsKey[]): Promise<PropertyStatsParent[]> {
  // Region codes are fixed-width, so a code occurs in a path only as a whole element.
  const codes = [...new Set(keys.map((k) => k.regionCode))];
  const scopesRead = ctx.ds
    .getRepository(CompoundScopeEntity)
    .createQueryBuilder('s')
    .select('s.compoundId', 'compoundId')
    .addSelect('s.regionPath', 'regionPath')
    .where(new Brackets((q) => codes.forEach((code, i) => q.orWhere(`s.regionPath LIKE :pattern${i}`, { [`pattern${i}`]: `%${code}%` }))))
    .getRawMany<{ compoundId: string; regionPath: string }>();

  // Contracts in force on each key's last day per scope path and model: a few rows per community,
  // which each key then adds up for the paths holding its code. One branch per distinct last day.
  const contractTable = ctx.ds.getMetadata(ServiceContractEntity).tableName;
  const lastDayOf = (k: StatsKey) => utcDay(new Date(k.window.toExclusive.getTime() - 1));
  const lastDays = [...new Set(keys.map(lastDayOf))];
  const contractsRead: Promise<Array<{ g: number | string; regionPath: string; model: ContractModel; count: string | number }>> = ctx.ds.query(
    lastDays
      .map(
        (_d, g) => `SELECT ${g} AS g, s.\`regionPath\` AS regionPath, c.\`model\` AS model, COUNT(*) AS count
          FROM \`${contractTable}\` c INNER JOIN \`compound_scope\` s ON s.\`compoundId\` = c.\`compoundId\`
          WHERE (${codes.map(() => 's.`regionPath` LIKE ?').join(' OR ')}) AND c.\`startsOn\` <= ? AND (c.\`endsOn\` IS NULL OR c.\`endsOn\` >= ?)
          GROUP BY s.\`regionPath\`, c.\`model\``,
      )
      .join(' UNION ALL '),
    lastDays.flatMap((day) => [...codes.map((code) => `%${code}%`), day, day]),
  );

  const incidents = ctx.ds.getMetadata(ProjectIncidentEntity).tableName;
  const projects = ctx.ds.getMetadata(RenovationProjectEntity).tableName;
  const projectsRead: Promise<Array<{ k: number | string; projects: string | number; zeros: string | number | null }>> = ctx.ds.query(
    keys
      .map(
        (_k, i) => `SELECT ${i} AS k, COUNT(*) AS projects, SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM \`${incidents}\` i WHERE i.\`projectId\` = p.\`id\`) THEN 1 ELSE 0 END) AS zeros
          FROM \`${projects}\` p WHERE p.\`communityCode\` LIKE ? AND p.\`startsOn\` <= ? AND (p.\`endsOn\` IS NULL OR p.\`endsOn\` >= ?)`,
      )
      .join(' UNION ALL '),
    keys.flatMap((k) => [`${regionPrefix(k.regionCode)}%`, k.to, k.from]),
  );

  // The work-order and parking figures need the regions' compounds; the contracts and projects
  // do not, so they are read meanwhile, on other connections of the pool.
  const figuresRead = scopesRead.then((scopes) => {
    const compoundsOf = new Map(codes.map((code) => [code, scopes.filter((s) => s.regionPath.includes(code)).map((s) => s.compoundId)]));
    const now = Date.now();
    return regionFigures(
      ctx.ds,
      keys.map((k) => ({
        regionCode: k.regionCode,
        level: regionLevel(k.regionCode)!,
        from: k.window.from,
        to: k.window.toExclusive,
        asOf: new Date(Math.min(now, k.window.toExclusive.getTime())),
        compoundIds: compoundsOf.get(k.regionCode)!,
      })),
    ).then((figures) => ({ compoundsOf, figures }));
  });
  const [{ compoundsOf, figures }, contractRows, projectRows] = await Promise.all([figuresRead, contractsRead, projectsRead]);
  // Each (path, model) row counted once under every region code its path holds.
  const contractCounts = new Map<string, number>();
  for (const r of contractRows) {
    for (const code of codes) {
      if (!r.regionPath.includes(code)) continue;
      const key = `${Number(r.g)}|${r.model}|${code}`;
      contractCounts.set(key, (contractCounts.get(key) ?? 0) + Number(r.count));
    }
  }
  const contractsOf = (k: StatsKey, model: ContractModel) => contractCounts.get(`${lastDays.indexOf(lastDayOf(k))}|${model}|${k.regionCode}`) ?? 0;

  return keys.map((k, i) => {
    const compoundIds = compoundsOf.get(k.regionCode)!;
    const f = figures[i];
    const p = projectRows.find((r) => Number(r.k) === i);
    return {
      regionCode: k.regionCode,
      from: k.from,
      to: k.to,
      compounds: compoundIds.length,
      contractsByModel: MODELS.map((model) => ({ model, count: contractsOf(k, model) })),
      workOrders: f.byCategoryAndStatus,
      slaByFirm: f.slaByFirm,
      backlog: f.backlog,
      parkingRevenueFen: f.parking.totalFen,
      parkingFees: f.parking.fees,
      parkingRevenueByClass: f.parking.byClass,
      projects: Number(p?.projects ?? 0),
      projectsWithThreeZeros: Number(p?.zeros ?? 0),
    };
  });
}
