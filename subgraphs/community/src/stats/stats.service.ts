import { badInput, forbidden, requireRole, Role, statsWindow, type RequestContext } from '@hub/platform';
import { CompoundEntity } from '../compounds/compound.entity';
import { CompoundContractEntity } from '../contracts/compound-contract.entity';
import { seesRegion } from '../compounds/compound-scope';
import { OrganisationCompoundEntity, OrganisationEntity } from '../organisations/organisation.entity';
import { ancestorsOf } from '../organisations/organisations.service';
import { regionByCode } from '../regions/regions.service';
import type { RegionEntity } from '../regions/region.entity';
import { requestFigures } from '../requests/request-stats';

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

/** Coverage of the region's compounds: one grouped statement. */
export async function coverage(ctx: RequestContext, s: StatsView) {
  const row = await ctx.ds
    .getRepository(CompoundEntity)
    .createQueryBuilder('c')
    .select('COUNT(*)', 'compounds')
    .addSelect(
      `SUM(CASE WHEN EXISTS (SELECT 1 FROM ${ctx.ds.getMetadata(CompoundContractEntity).tableName} k
        WHERE k.compoundId = c.id AND k.firmId IS NOT NULL AND k.startsOn <= :today AND (k.endsOn IS NULL OR k.endsOn >= :today)) THEN 1 ELSE 0 END)`,
      'withPropertyFirm',
    )
    .addSelect(
      `SUM(CASE WHEN EXISTS (SELECT 1 FROM ${ctx.ds.getMetadata(OrganisationCompoundEntity).tableName} oc INNER JOIN ${ctx.ds.getMetadata(OrganisationEntity).tableName} o ON o.id = oc.organisationId
        WHERE oc.compoundId = c.id AND o.kind = 'OWNERS_COMMITTEE' AND o.status <> 'ENDED') THEN 1 ELSE 0 END)`,
      'withOwnersCommittee',
    )
    .addSelect(
      `SUM(CASE WHEN EXISTS (SELECT 1 FROM ${ctx.ds.getMetadata(OrganisationCompoundEntity).tableName} oc INNER JOIN ${ctx.ds.getMetadata(OrganisationEntity).tableName} o ON o.id = oc.organisationId
        WHERE oc.compoundId = c.id AND o.kind = 'PARTY_ORGANISATION' AND o.partyLevel = 'COMPOUND' AND o.status <> 'ENDED') THEN 1 ELSE 0 END)`,
      'withPartyBranch',
    )
    .where(`c.${COLUMN[s.region.level]} = :code`, { code: s.region.code, today: new Date().toISOString().slice(0, 10) })
    .getRawOne<Record<string, string | number | null>>();
  const n = (v: string | number | null | undefined) => Number(v ?? 0);
  return {
    compounds: n(row?.compounds),
    withOwnersCommittee: n(row?.withOwnersCommittee),
    withPartyBranch: n(row?.withPartyBranch),
    withPropertyFirm: n(row?.withPropertyFirm),
  };
}

/** Compounds of the region with all three noes: names and places only. */
export async function threeNoesList(ctx: RequestContext, s: StatsView) {
  const rows = await ctx.ds
    .getRepository(CompoundEntity)
    .createQueryBuilder('c')
    .where(`c.${COLUMN[s.region.level]} = :code`, { code: s.region.code })
    .andWhere('c.noOwnersCommittee = :t AND c.noPropertyFirm = :t AND c.noMaintenanceFund = :t', { t: true })
    .orderBy('c.id', 'ASC')
    .getMany();
  return rows.map((c) => ({ id: c.id, name: c.name, communityCode: c.communityCode }));
}

/** The request figures are kept by the requests feature; asked once per stats object. */
export const requestsOf = (ctx: RequestContext, s: StatsView) =>
  ctx.loaders.get<StatsView, Awaited<ReturnType<typeof requestFigures>>>('Stats.requests', (keys) => Promise.all(keys.map((k) => requestFigures(ctx.ds, k.region, k.from, k.to)))).load(s);
