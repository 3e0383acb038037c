import { In } from 'typeorm';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { CompoundScopeEntity, uuidv7 } from '@hub/platform';
import { startHub, type Hub } from '../scripts/hub';
import * as demo from '../scripts/demo-data';
import { seedCommunityDemo } from '@hub/community';

const { DEMO_REGIONS } = demo;
import { gql, tokenFor } from './client';
import { CompoundEntity } from '../subgraphs/community/src/compounds/compound.entity';
import { ServiceContractEntity } from '../subgraphs/property/src/contracts/service-contract.entity';
import { PropertyFirmEntity } from '../subgraphs/property/src/firms/property-firm.entity';
import { AccountEntity } from '../subgraphs/finance/src/accounts/account.entity';
import { RatingResultEntity } from '../subgraphs/rating/src/results/rating-result.entity';
import { WorkOrderEntity, WorkOrderTransitionEntity } from '../subgraphs/property/src/work-orders/work-order.entity';

/**
 * The federated fields of a page of 100 compounds must cost one SQL statement per subgraph,
 * however long the list: every entity reference goes through a per-request DataLoader.
 */
let env: TestEnvironment;
let hub: Hub;
const N = 100;

beforeAll(async () => {
  env = testEnvironment();
  hub = await startHub(env.config, { ephemeralPorts: true, workers: false });
  await seedCommunityDemo(hub.subgraphs.community.ds, { regions: demo.community.regions, compounds: [] });
  const firm = { id: uuidv7(), name: '统计物业', creditCode: '91330203MA2CJ8QW1M' };
  const ids = Array.from({ length: N }, () => uuidv7());
  await hub.subgraphs.community.ds.getRepository(CompoundEntity).insert(
    ids.map((id, i) => ({
      id,
      name: `小区${i}`,
      address: `地址${i}`,
      communityCode: DEMO_REGIONS.dongfang,
      streetCode: DEMO_REGIONS.shiqi,
      districtCode: DEMO_REGIONS.haishu,
      households: i,
      scatteredHousing: false,
    })),
  );
  await hub.subgraphs.property.ds.getRepository(PropertyFirmEntity).insert(firm);
  await hub.subgraphs.property.ds.getRepository(ServiceContractEntity).insert(
    ids.map((compoundId) => ({ id: uuidv7(), compoundId, firmId: firm.id, model: 'STANDARD' as const, startsOn: '2026-01-01', endsOn: null, feeFenPerM2Month: 100, status: 'ACTIVE' as const })),
  );
  await hub.subgraphs.finance.ds.getRepository(CompoundScopeEntity).insert(
    ids.map((compoundId) => ({ compoundId, regionPath: [DEMO_REGIONS.dongfang, DEMO_REGIONS.shiqi, DEMO_REGIONS.haishu].join(',') })),
  );
  await hub.subgraphs.finance.ds.getRepository(AccountEntity).insert(
    ids.map((compoundId, i) => ({ id: uuidv7(), compoundId, kind: 'PUBLIC_REVENUE' as const, balanceFen: i * 100 })),
  );
  await hub.subgraphs.rating.ds.getRepository(RatingResultEntity).insert(
    ids.flatMap((compoundId, i) => [
      { id: uuidv7(), compoundId, period: '2026-Q2', scoreCentipoints: 8000, publishedAt: new Date() },
      { id: uuidv7(), compoundId, period: '2026-Q3', scoreCentipoints: 9000 + i, publishedAt: new Date() },
    ]),
  );
  expect(await hub.subgraphs.rating.ds.getRepository(RatingResultEntity).countBy({ compoundId: In(ids) })).toBe(2 * N);
  firmId = firm.id;
  // what an official's access to a compound's property records is checked against
  await hub.subgraphs.property.ds.getRepository(CompoundScopeEntity).insert(
    ids.map((compoundId) => ({ compoundId, regionPath: [DEMO_REGIONS.dongfang, DEMO_REGIONS.shiqi, DEMO_REGIONS.haishu].join(',') })),
  );
  const orders = ids.map((compoundId, i) => ({
    id: uuidv7(),
    compoundId,
    firmId: firm.id,
    source: 'INSPECTION' as const,
    sourceRef: `statements-${i}`,
    requestId: null,
    category: 'REPAIR',
    priority: 'NORMAL' as const,
    description: `工单${i}`,
    place: null,
    photoUrls: [],
    status: 'NEW' as const,
    dueAt: new Date('2027-01-01T00:00:00Z'),
  }));
  await hub.subgraphs.property.ds.getRepository(WorkOrderEntity).insert(orders);
  await hub.subgraphs.property.ds.getRepository(WorkOrderTransitionEntity).insert(
    orders.map((o) => ({ id: uuidv7(), workOrderId: o.id, fromStatus: null, toStatus: 'NEW' as const, byRole: 'SYSTEM', bySub: null, note: null })),
  );
});

let firmId: string;

/** Statements per subgraph for one request: the fewest over three tries, in case a background read falls inside one. */
async function statementsOf(query: string, token: string, expectItems: (data: any) => unknown[], n: number) {
  let fewest: Record<string, number> | null = null;
  for (let t = 0; t < 3; t++) {
    const before = Object.fromEntries(Object.entries(hub.subgraphs).map(([name, s]) => [name, s.statements.count]));
    const { body } = await gql(hub.gateway.url, query, { token });
    expect(body.errors).toBeUndefined();
    expect(expectItems(body.data)).toHaveLength(n);
    const spent = Object.fromEntries(Object.entries(hub.subgraphs).map(([name, s]) => [name, s.statements.count - before[name]]));
    fewest = fewest ? Object.fromEntries(Object.entries(spent).map(([name, c]) => [name, Math.min(c, fewest![name])])) : spent;
  }
  return fewest!;
}

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
});

it('costs one statement per subgraph for 100 compounds', async () => {
  const token = tokenFor({ sub: 'official', role: 'OFFICIAL', regions: [DEMO_REGIONS.shiqi] });
  const before = Object.fromEntries(Object.entries(hub.subgraphs).map(([n, s]) => [n, s.statements.count]));
  const { body } = await gql(
    hub.gateway.url,
    `{ compounds(first: ${N}) { edges { node { name community { name } street { name } district { name }
       propertyContract { model firm { name } } publicRevenueBalanceFen latestRating { period score } } } } }`,
    { token },
  );
  expect(body.errors).toBeUndefined();
  const nodes = body.data.compounds.edges.map((e: any) => e.node);
  expect(nodes).toHaveLength(N);
  expect(nodes[7]).toMatchObject({ name: '小区7', publicRevenueBalanceFen: 700, latestRating: { period: '2026-Q3', score: 90.07 }, propertyContract: { firm: { name: '统计物业' } } });
  const spent = Object.fromEntries(Object.entries(hub.subgraphs).map(([n, s]) => [n, s.statements.count - before[n]]));
  // community: the page itself, then one batch for all three region levels
  expect(spent).toEqual({ community: 2, property: 1, finance: 1, rating: 1 });
});

it("costs the same statements for a firm's work orders at lengths 1 and 100", async () => {
  const token = tokenFor({ sub: 'firm-user', role: 'PROPERTY_FIRM', firm: firmId });
  const query = (n: number) => `{ workOrders(first: ${n}) { edges { node { description sla firm { name } compound { name } history { to } } } } }`;
  const one = await statementsOf(query(1), token, (d) => d.workOrders.edges, 1);
  const hundred = await statementsOf(query(N), token, (d) => d.workOrders.edges, N);
  expect(hundred).toEqual(one);
  // the firm serving each compound is checked in one batch, not once per order
  expect(hundred.property).toBeLessThanOrEqual(4);
});

it('costs the same statements for a page of compounds with their work orders at lengths 1 and 100', async () => {
  const token = tokenFor({ sub: 'official', role: 'OFFICIAL', regions: [DEMO_REGIONS.haishu] });
  const query = (n: number) => `{ compounds(first: ${n}) { edges { node { name workOrders(first: 5) { edges { node { description history { to } } } }
     propertyContract { firm { name } } latestRating { score } } } } }`;
  const one = await statementsOf(query(1), token, (d) => d.compounds.edges, 1);
  const hundred = await statementsOf(query(N), token, (d) => d.compounds.edges, N);
  expect(hundred).toEqual(one);
});
