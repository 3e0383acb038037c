import { CompoundScopeEntity, uuidv7 } from '@hub/platform';
import { CompoundEntity } from '@hub/community/dist/compounds/compound.entity';
import { ServiceContractEntity } from '@hub/property/dist/contracts/service-contract.entity';
import { PropertyFirmEntity } from '@hub/property/dist/firms/property-firm.entity';
import { AccountEntity } from '@hub/finance/dist/accounts/account.entity';
import { RatingResultEntity } from '@hub/rating/dist/results/rating-result.entity';
import { ResidentRequestEntity } from '@hub/community/dist/requests/resident-request.entity';
import { WorkOrderEntity } from '@hub/property/dist/work-orders/work-order.entity';
import type { Hub } from '../scripts/hub';
import { DEMO_REGIONS } from '../scripts/demo-data';

/**
 * Adds `count` compounds in Dongfang community (Shiqi street, Haishu district), each with a
 * contract, a public-revenue account, the scope finance needs to check visibility, and two
 * ratings, written straight into each subgraph's tables as the statement-count test does.
 * The entity classes come from the built packages, the same ones the running data sources know.
 */
export async function addCompounds(hub: Pick<Hub, 'subgraphs'>, count: number): Promise<string[]> {
  return (await addCompoundsOfOneFirm(hub, count)).compoundIds;
}

/** As `addCompounds`, and names the one firm that serves them all. */
export async function addCompoundsOfOneFirm(hub: Pick<Hub, 'subgraphs'>, count: number): Promise<{ compoundIds: string[]; firmId: string }> {
  const ids = Array.from({ length: count }, () => uuidv7());
  const firm = { id: uuidv7(), name: '基准物业', creditCode: '91330203MA2CJ8QW2N' };
  await hub.subgraphs.community.ds.getRepository(CompoundEntity).insert(
    ids.map((id, i) => ({
      id,
      name: `基准小区${i}`,
      address: `海曙区石碶街道东方社区基准小区${i}`,
      communityCode: DEMO_REGIONS.dongfang,
      streetCode: DEMO_REGIONS.shiqi,
      districtCode: DEMO_REGIONS.haishu,
      households: 100 + i,
      scatteredHousing: false,
    })),
  );
  await hub.subgraphs.property.ds.getRepository(PropertyFirmEntity).insert(firm);
  await hub.subgraphs.property.ds.getRepository(ServiceContractEntity).insert(
    ids.map((compoundId) => ({
      id: uuidv7(),
      compoundId,
      firmId: firm.id,
      model: 'STANDARD' as const,
      startsOn: '2026-01-01',
      endsOn: null,
      feeFenPerM2Month: 100,
      status: 'ACTIVE' as const,
    })),
  );
  await hub.subgraphs.finance.ds.getRepository(CompoundScopeEntity).insert(
    ids.map((compoundId) => ({ compoundId, regionPath: [DEMO_REGIONS.dongfang, DEMO_REGIONS.shiqi, DEMO_REGIONS.haishu].join(',') })),
  );
  await hub.subgraphs.finance.ds.getRepository(AccountEntity).insert(
    ids.map((compoundId, i) => ({ id: uuidv7(), compoundId, kind: 'PUBLIC_REVENUE' as const, balanceFen: 10_000 * i })),
  );
  await hub.subgraphs.rating.ds.getRepository(RatingResultEntity).insert(
    ids.flatMap((compoundId, i) => [
      { id: uuidv7(), compoundId, period: '2026-Q2', scoreCentipoints: 8000 + i, publishedAt: new Date('2026-07-15T02:00:00Z') },
      { id: uuidv7(), compoundId, period: '2026-Q3', scoreCentipoints: 9000 + i, publishedAt: new Date('2026-10-15T02:00:00Z') },
    ]),
  );
  return { compoundIds: ids, firmId: firm.id };
}

/**
 * One resident per compound, each with `perResident` requests of which the newer half are still
 * open, and `perCompound` open work orders in each compound for the firm serving it: what a
 * resident's home screen and a firm's work-order list read.
 */
export async function addResidentsAndWorkOrders(
  hub: Pick<Hub, 'subgraphs'>,
  compoundIds: string[],
  firmId: string,
  { perResident = 8, perCompound = 10 } = {},
): Promise<{ residents: { sub: string; compoundId: string }[] }> {
  const residents = compoundIds.map((compoundId) => ({ sub: uuidv7(), compoundId }));
  const day = 86_400_000;
  const start = Date.parse('2026-10-01T00:00:00Z');
  const requests = residents.flatMap(({ sub, compoundId }, r) =>
    Array.from({ length: perResident }, (_, i) => {
      const open = i >= perResident / 2;
      const submittedAt = new Date(start + (i * 5 + (r % 5)) * day);
      return {
        id: uuidv7(),
        compoundId,
        communityCode: DEMO_REGIONS.dongfang,
        streetCode: DEMO_REGIONS.shiqi,
        districtCode: DEMO_REGIONS.haishu,
        unitId: null,
        reporterId: sub,
        clientRequestId: null,
        category: 'REPAIR',
        description: `基准诉求${r}-${i}：楼道灯不亮`,
        place: `${1 + (i % 6)}幢`,
        photoUrls: [],
        state: open ? ('ACCEPTED' as const) : ('CLOSED' as const),
        level: 'COMPOUND' as const,
        responsible: 'PROPERTY_FIRM' as const,
        slaSeconds: 3 * 86_400,
        submittedAt,
        dueAt: new Date(submittedAt.getTime() + 3 * day),
        nextActionAt: null,
        closedAt: open ? null : new Date(submittedAt.getTime() + day),
        satisfaction: open ? null : 5,
      };
    }),
  );
  for (let i = 0; i < requests.length; i += 1_000) {
    await hub.subgraphs.community.ds.getRepository(ResidentRequestEntity).insert(requests.slice(i, i + 1_000));
  }
  const orders = compoundIds.flatMap((compoundId, c) =>
    Array.from({ length: perCompound }, (_, i) => ({
      id: uuidv7(),
      compoundId,
      firmId,
      source: 'INSPECTION' as const,
      sourceRef: `bench-${c}-${i}`,
      requestId: null,
      category: 'REPAIR',
      priority: i % 4 === 0 ? ('URGENT' as const) : ('NORMAL' as const),
      description: `基准工单${c}-${i}：更换楼道灯`,
      place: `${1 + (i % 6)}幢`,
      photoUrls: [],
      status: 'NEW' as const,
      dueAt: new Date(Date.parse('2027-01-01T00:00:00Z') + i * 3_600_000),
    })),
  );
  for (let i = 0; i < orders.length; i += 1_000) {
    await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).insert(orders.slice(i, i + 1_000));
  }
  return { residents };
}
