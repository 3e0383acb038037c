import { badInput, forbidden, requireRole, Role, statsWindow, type RequestContext } from '@hub/platform';
import { CompoundEntity } from '../compounds/compound.entity';
import { CompoundContractEntity } from '../contracts/compound-contract.entity';
import { seesRegion } from '../compounds/compound-scope';
import { ancestorsOf } from '../organisations/organisations.service';
import { regionByCode } from '../regions/regions.service';
import type { RegionEntity } from '../regions/region.entity';
import { requestFiguresMany, type RequestFigures } from '../requests/request-stats';
import type { DataSource } from 'typeorm';

export interface StatsView {
  region: RegionEntity;
  from: Date;
  to: Date;
}

const COLUMN = { DISTRICT: 'districtCode', STREET: 'streetCode', COMMUNITY: 'communityCode' } as const;

/**
 * Aggregates for analysts (any region, or those of their token when it names some), officials
 * and Party organisations of the region, and admins. Nothing personal is returned.
 */
export async function communityStats(ctx: RequestContext, regionCode: string, fromText: string, toText: string): Promise<StatsView> {
  requireRole(ctx.claims, Role.ANALYST, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.ADMIN);
  const window = statsWindow(fromText, toText);
  if ('problem' in window) throw badInput(window.problem, { argument: 'to' });
  const { from, toExclusive: to } = window;
  const region = await regionByCode(ctx, regionCode);
  if (!region) throw badInput(`Region ${regionCode} is not in the region tree`, { argument: 'regionCode' });
  const path = [region.code, ...(await ancestorsOf(ctx, region.code))];
  const analystAnywhere = ctx.claims.role === Role.ANALYST && !(ctx.claims.regions ?? []).length;
  const analystInScope = ctx.claims.role === Role.ANALYST && (ctx.claims.regions ?? []).some((r) => path.includes(r));
  if (!analystAnywhere && !analystInScope && !seesRegion(ctx, path)) throw forbidden(`Region ${regionCode} is outside your scope`);
  return { region, from, to };
}

export interface Coverage {
  compounds: number;
  withOwnersCommittee: number;
  withPropertyFirm: number;
  withPartyBranch: number;
}

export interface ThreeNoesCompound {
  id: string;
  name: string;
  communityCode: string;
}

const LEVELS = Object.keys(COLUMN) as (keyof typeof COLUMN)[];

/**
 * One statement over the compounds of every region asked: a SELECT per level present, joined by
 * UNION ALL, each reading its level's region index with `IN` and grouping by region.
 */
async function perLevel<T>(ds: DataSource, views: readonly StatsView[], select: (column: string, codes: string) => string, params: Record<string, unknown>, orderBy = ''): Promise<T[]> {
  const parts: string[] = [];
  const all: Record<string, unknown> = { ...params };
  for (const level of LEVELS) {
    const codes = [...new Set(views.filter((v) => v.region.level === level).map((v) => v.region.code))];
    if (!codes.length) continue;
    all[`codes${parts.length}`] = codes;
    parts.push(select(COLUMN[level], `:...codes${parts.length}`));
  }
  return ds.query(...ds.driver.escapeQueryWithParameters(parts.join(' UNION ALL ') + orderBy, all));
}

/**
 * Coverage of the regions' compounds: one grouped statement for every region of the request.
 * Owners' committees and Party branches are counted on the compound row (`recountCoverage`);
 * a property firm is a contract in force today.
 */
async function coverageMany(ds: DataSource, views: readonly StatsView[]): Promise<Coverage[]> {
  const [compound, contract] = [ds.getMetadata(CompoundEntity).tableName, ds.getMetadata(CompoundContractEntity).tableName];
  const rows = await perLevel<Record<string, string | number | null>>(
    ds,
    views,
    (column, codes) => `SELECT c.\`${column}\` AS region, COUNT(*) AS compounds,
      SUM(CASE WHEN EXISTS (SELECT 1 FROM \`${contract}\` k
        WHERE k.\`compoundId\` = c.\`id\` AND k.\`firmId\` IS NOT NULL AND k.\`startsOn\` <= :today AND (k.\`endsOn\` IS NULL OR k.\`endsOn\` >= :today)) THEN 1 ELSE 0 END) AS withPropertyFirm,
      SUM(CASE WHEN c.\`ownersCommittees\` > 0 THEN 1 ELSE 0 END) AS withOwnersCommittee,
      SUM(CASE WHEN c.\`partyBranches\` > 0 THEN 1 ELSE 0 END) AS withPartyBranch
      FROM \`${compound}\` c WHERE c.\`${column}\` IN (${codes}) GROUP BY c.\`${column}\``,
    { today: new Date().toISOString().slice(0, 10) },
  );
  const n = (v: string | number | null | undefined) => Number(v ?? 0);
  const byRegion = new Map(rows.map((row) => [String(row.region), row]));
  return views.map((v) => {
    const row = byRegion.get(v.region.code);
    return { compounds: n(row?.compounds), withOwnersCommittee: n(row?.withOwnersCommittee), withPartyBranch: n(row?.withPartyBranch), withPropertyFirm: n(row?.withPropertyFirm) };
  });
}

/** Compounds with all three noes, in id order, for every region of the request: one statement. */
async function threeNoesMany(ds: DataSource, views: readonly StatsView[]): Promise<ThreeNoesCompound[][]> {
  const compound = ds.getMetadata(CompoundEntity).tableName;
  const rows = await perLevel<ThreeNoesCompound & { region: string }>(
    ds,
    views,
    (column, codes) => `SELECT c.\`${column}\` AS region, c.\`id\` AS id, c.\`name\` AS name, c.\`communityCode\` AS communityCode FROM \`${compound}\` c
      WHERE c.\`${column}\` IN (${codes}) AND c.\`noOwnersCommittee\` = 1 AND c.\`noPropertyFirm\` = 1 AND c.\`noMaintenanceFund\` = 1`,
    {},
    ' ORDER BY region, id',
  );
  const byRegion = new Map<string, ThreeNoesCompound[]>();
  for (const r of rows) byRegion.set(String(r.region), [...(byRegion.get(String(r.region)) ?? []), { id: r.id, name: r.name, communityCode: r.communityCode }]);
  return views.map((v) => byRegion.get(v.region.code) ?? []);
}

/** Coverage of the region's compounds, batched with every other region of the request. */
export const coverage = (ctx: RequestContext, s: StatsView): Promise<Coverage> => ctx.loaders.get<StatsView, Coverage>('Stats.coverage', (views) => coverageMany(ctx.ds, views)).load(s);

/** Compounds of the region with all three noes: names and places only; batched like coverage. */
export const threeNoesList = (ctx: RequestContext, s: StatsView): Promise<ThreeNoesCompound[]> =>
  ctx.loaders.get<StatsView, ThreeNoesCompound[]>('Stats.threeNoes', (views) => threeNoesMany(ctx.ds, views)).load(s);

/**
 * The request figures are kept by the requests feature. Every region asked in one request (one
 * alias each) is answered together, a fixed number of statements per distinct period.
 */
export const requestsOf = (ctx: RequestContext, s: StatsView): Promise<RequestFigures> =>
  ctx.loaders
    .get<StatsView, RequestFigures>('Stats.requests', async (views) => {
      const periods = new Map<string, StatsView[]>();
      for (const v of views) {
        const key = `${v.from.toISOString()}/${v.to.toISOString()}`;
        periods.set(key, [...(periods.get(key) ?? []), v]);
      }
      const answers = new Map<StatsView, RequestFigures>();
      await Promise.all(
        [...periods.values()].map(async (group) => {
          const figures = await requestFiguresMany(ctx.ds, group.map((v) => v.region), group[0].from, group[0].to);
          group.forEach((v, i) => answers.set(v, figures[i]));
        }),
      );
      return views.map((v) => answers.get(v)!);
    })
    .load(s);
