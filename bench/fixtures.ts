import { CompoundScopeEntity, uuidv7 } from '@hub/platform';
import { CompoundEntity } from '@hub/community/dist/compounds/compound.entity';
import { ServiceContractEntity } from '@hub/property/dist/contracts/service-contract.entity';
import { PropertyFirmEntity } from '@hub/property/dist/firms/property-firm.entity';
import { AccountEntity } from '@hub/finance/dist/accounts/account.entity';
import { RatingResultEntity } from '@hub/rating/dist/results/rating-result.entity';
import type { Hub } from '../scripts/hub';
import { DEMO_REGIONS } from '../scripts/demo-data';

/**
 * Adds `count` compounds in Dongfang community (Shiqi street, Haishu district), each with a
 * contract, a public-revenue account, the scope finance needs to check visibility, and two
 * ratings, written straight into each subgraph's tables as the statement-count test does.
 * The entity classes come from the built packages, the same ones the running data sources know.
 */
export async function addCompounds(hub: Hub, count: number): Promise<string[]> {
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
  return ids;
}
