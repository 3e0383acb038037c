import { OutboxEvent } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_REGIONS } from '../scripts/demo-data';
import { gql, tokenFor } from './client';
import { ServiceContractEntity } from '../subgraphs/property/src/contracts/service-contract.entity';
import { PropertyFirmEntity } from '../subgraphs/property/src/firms/property-firm.entity';
import { UtilityNoticeEntity } from '../subgraphs/property/src/utilities/utility.entity';
import { ParkingAreaEntity } from '../subgraphs/property/src/facilities/parking-area.entity';

/**
 * Firms, contracts, facilities, projects and utility status of the property subgraph, over HTTP
 * through the gateway, on the seeded Ningbo demo.
 */
let env: TestEnvironment;
let hub: Hub;
let url: string;

const admin = tokenFor({ sub: 'admin-1', role: 'ADMIN' });
const chunjiang = tokenFor({ sub: 'firm-user-1', role: 'PROPERTY_FIRM', firm: DEMO_IDS.chunjiangFirm });
const shiqiOfficial = tokenFor({ sub: 'official-1', role: 'OFFICIAL', regions: [DEMO_REGIONS.shiqi] });
const minglouOfficial = tokenFor({ sub: 'official-2', role: 'OFFICIAL', regions: [DEMO_REGIONS.minglou] });
const resident = tokenFor({ sub: 'person-1', role: 'RESIDENT', compounds: [DEMO_IDS.guangchangShangsha], units: [] });
const analyst = tokenFor({ sub: 'analyst-1', role: 'ANALYST' });

/** A UTC day `offset` days from today, as the server counts days. */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const FACILITIES = `query($id: ID!) {
  compound(id: $id) {
    id
    facilities {
      parkingAreas { name entrances { name gateCode } spaceCounts { owner visitor shop total } }
      activityRooms { name areaCentiM2 freeOfCharge }
      gasCoverage { provider householdsConnected }
    }
  }
}`;

const facilitiesOf = (token: string, id: string) => gql(url, FACILITIES, { token, variables: { id } });
const codes = (body: { errors?: { extensions?: Record<string, any> }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

const SIGN = `mutation($input: SignServiceContractInput!) { signServiceContract(input: $input) { id status startsOn endsOn firm { id } } }`;
const END = `mutation($id: ID!, $endsOn: String!) { endServiceContract(id: $id, endsOn: $endsOn, reason: "业主大会决定更换") { id status endsOn endReason } }`;
const MENGDA_SELF_MANAGED = '019b76da-bb88-7836-9df1-1e5a65014d7e';

const outbox = (topic: string) => hub.subgraphs.property.ds.getRepository(OutboxEvent).find({ where: { topic } });

beforeAll(async () => {
  env = testEnvironment();
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  await hub.settle();
  url = hub.gateway.url;
});

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
});

describe('a firm sees only the compounds it serves, and only during the contract', () => {
  it('shows the firm the facilities of the compound it serves', async () => {
    const { body } = await facilitiesOf(chunjiang, DEMO_IDS.guangchangShangsha);
    expect(body.errors).toBeUndefined();
    const f = body.data.compound.facilities;
    expect(f.parkingAreas).toHaveLength(1);
    expect(f.parkingAreas[0].entrances.map((e: any) => e.gateCode)).toEqual(['GCSS-1', 'GCSS-2', 'GCSS-3', 'GCSS-4', 'GCSS-5']);
    expect(f.parkingAreas[0].spaceCounts).toEqual({ owner: 62, visitor: 20, shop: 12, total: 94 });
    expect(f.activityRooms).toEqual([{ name: '区域共治议事室', areaCentiM2: 16_000, freeOfCharge: true }]);
    expect(f.gasCoverage).toEqual({ provider: '东方燃气', householdsConnected: 28 });
  });

  it('refuses the firm a compound it does not serve, and leaks nothing of it', async () => {
    const { body } = await facilitiesOf(chunjiang, DEMO_IDS.mengda);
    expect(codes(body)).toEqual(['FORBIDDEN']);
    expect(body.errors![0].message).toContain('does not serve');
    // The compound itself is community's and public; property's part of it is withheld.
    expect(body.data?.compound).toEqual({ id: DEMO_IDS.mengda, facilities: null });
    for (const field of ['serviceContracts { edges { node { id } } }', 'utilityNotices { edges { node { id } } }', 'renovationProjects { edges { node { id } } }', 'utilityCoverage { utility }']) {
      const other = await gql(url, `query($id: ID!) { compound(id: $id) { ${field} } }`, { token: chunjiang, variables: { id: DEMO_IDS.mengda } });
      expect(codes(other.body)).toEqual(['FORBIDDEN']);
    }
    // nor any of its operations: work orders, parking, inspections
    const from = `${day(-7)}T00:00:00Z`;
    const to = `${day(0)}T00:00:00Z`;
    for (const read of [
      'compound(id: $id) { workOrders { edges { node { id } } } }',
      'workOrders(compoundId: $id) { edges { node { id } } }',
      'parkingPermits(compoundId: $id) { edges { node { id } } }',
      `parkingSessions(compoundId: $id, from: "${from}", to: "${to}") { edges { node { id } } }`,
      `parkingRevenue(compoundId: $id, from: "${from}", to: "${to}") { totalFen }`,
      'parkingBreaches(compoundId: $id) { edges { node { id } } }',
      'inspectionPlans(compoundId: $id) { edges { node { id } } }',
    ]) {
      const other = await gql(url, `query($id: ID!) { ${read} }`, { token: chunjiang, variables: { id: DEMO_IDS.mengda } });
      expect({ read, codes: codes(other.body) }).toEqual({ read, codes: ['FORBIDDEN'] });
    }
  });

  it('gives the firm sight of a compound from the first day of its contract until its last, and not outside it', async () => {
    // Mengda manages itself; the owners end that and hire the firm for a period already over.
    const ended = await gql(url, END, { token: admin, variables: { id: MENGDA_SELF_MANAGED, endsOn: day(-201) } });
    expect(ended.body.errors).toBeUndefined();
    expect(ended.body.data.endServiceContract).toMatchObject({ status: 'ENDED', endsOn: day(-201), endReason: '业主大会决定更换' });

    const past = await gql(url, SIGN, {
      token: admin,
      variables: { input: { compoundId: DEMO_IDS.mengda, firmId: DEMO_IDS.chunjiangFirm, model: 'STANDARD', startsOn: day(-200), endsOn: day(-101), feeFenPerM2Month: 60 } },
    });
    expect(past.body.errors).toBeUndefined();
    expect(past.body.data.signServiceContract).toMatchObject({ status: 'ENDED', firm: { id: DEMO_IDS.chunjiangFirm } });
    expect(codes((await facilitiesOf(chunjiang, DEMO_IDS.mengda)).body)).toEqual(['FORBIDDEN']);

    const current = await gql(url, SIGN, {
      token: admin,
      variables: { input: { compoundId: DEMO_IDS.mengda, firmId: DEMO_IDS.chunjiangFirm, model: 'STANDARD', startsOn: day(-100), feeFenPerM2Month: 60 } },
    });
    expect(current.body.errors).toBeUndefined();
    expect(current.body.data.signServiceContract.status).toBe('IN_FORCE');
    const seen = await facilitiesOf(chunjiang, DEMO_IDS.mengda);
    expect(seen.body.errors).toBeUndefined();
    expect(seen.body.data.compound.facilities.parkingAreas[0].spaceCounts).toEqual({ owner: 72, visitor: 0, shop: 0, total: 72 });

    const served = `query($id: ID!) { propertyFirm(id: $id) { compounds { edges { node { id } contract { id } } } } }`;
    const both = await gql(url, served, { token: chunjiang, variables: { id: DEMO_IDS.chunjiangFirm } });
    expect(both.body.data.propertyFirm.compounds.edges.map((e: any) => e.node.id).sort()).toEqual([DEMO_IDS.mengda, DEMO_IDS.guangchangShangsha].sort());

    // The contract ends yesterday: from today the firm no longer sees the compound.
    const id = current.body.data.signServiceContract.id;
    const endedNow = await gql(url, END, { token: admin, variables: { id, endsOn: day(-1) } });
    expect(endedNow.body.data.endServiceContract.status).toBe('ENDED');
    expect(codes((await facilitiesOf(chunjiang, DEMO_IDS.mengda)).body)).toEqual(['FORBIDDEN']);
    const one = await gql(url, served, { token: chunjiang, variables: { id: DEMO_IDS.chunjiangFirm } });
    expect(one.body.data.propertyFirm.compounds.edges.map((e: any) => e.node.id)).toEqual([DEMO_IDS.guangchangShangsha]);

    // Every signing and ending was announced once, for rating.
    const announced = (await outbox('ContractChanged')).map((e) => JSON.parse(e.payload));
    expect(announced.filter((p) => p.contractId === id).map((p) => p.status)).toEqual(['ACTIVE', 'ENDED']);
    expect(announced.filter((p) => p.contractId === MENGDA_SELF_MANAGED).map((p) => p.status)).toEqual(['ACTIVE', 'ENDED']);
  });

  it('refuses an overlapping contract with CONFLICT and changes nothing', async () => {
    const repo = hub.subgraphs.property.ds.getRepository(ServiceContractEntity);
    const before = await repo.countBy({ compoundId: DEMO_IDS.guangchangShangsha });
    const eventsBefore = (await outbox('ContractChanged')).length;
    const { body } = await gql(url, SIGN, {
      token: admin,
      variables: { input: { compoundId: DEMO_IDS.guangchangShangsha, firmId: DEMO_IDS.chunjiangFirm, model: 'STANDARD', startsOn: day(30), feeFenPerM2Month: 90 } },
    });
    expect(codes(body)).toEqual(['CONFLICT']);
    expect(body.errors![0].message).toContain('at most one contract');
    expect(await repo.countBy({ compoundId: DEMO_IDS.guangchangShangsha })).toBe(before);
    expect((await outbox('ContractChanged')).length).toBe(eventsBefore);
  });

  it('lets only one of two signings for the same days through when they arrive together', async () => {
    const input = { compoundId: DEMO_IDS.youhe, model: 'SELF_MANAGED', startsOn: '2020-01-01', endsOn: '2020-12-31', feeFenPerM2Month: 0 };
    const results = await Promise.all([1, 2, 3].map(() => gql(url, SIGN, { token: admin, variables: { input } })));
    expect(results.map((r) => (r.body.errors ? r.body.errors[0].extensions?.code : 'OK')).sort()).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
    expect(await hub.subgraphs.property.ds.getRepository(ServiceContractEntity).countBy({ compoundId: DEMO_IDS.youhe })).toBe(2);
  });

  it('refuses a negative fee and a firm model without a firm as bad input', async () => {
    const base = { compoundId: DEMO_IDS.youhe, model: 'STANDARD', firmId: DEMO_IDS.chunjiangFirm, startsOn: '2000-01-01', endsOn: '2000-12-31' };
    const before = await hub.subgraphs.property.ds.getRepository(ServiceContractEntity).countBy({ compoundId: DEMO_IDS.youhe });
    const negative = await gql(url, SIGN, { token: admin, variables: { input: { ...base, feeFenPerM2Month: -1 } } });
    expect(codes(negative.body)).toEqual(['BAD_USER_INPUT']);
    const noFirm = await gql(url, SIGN, { token: admin, variables: { input: { ...base, firmId: null, feeFenPerM2Month: 10 } } });
    expect(codes(noFirm.body)).toEqual(['BAD_USER_INPUT']);
    expect(await hub.subgraphs.property.ds.getRepository(ServiceContractEntity).countBy({ compoundId: DEMO_IDS.youhe })).toBe(before);
  });

  it('lets only signers of the compound sign: not the firm, not an official of another street', async () => {
    const input = { compoundId: DEMO_IDS.youhe, model: 'SELF_MANAGED', startsOn: '2001-01-01', endsOn: '2001-12-31', feeFenPerM2Month: 0 };
    expect(codes((await gql(url, SIGN, { token: chunjiang, variables: { input } })).body)).toEqual(['FORBIDDEN']);
    expect(codes((await gql(url, SIGN, { token: minglouOfficial, variables: { input } })).body)).toEqual(['FORBIDDEN']);
  });
});

describe('officials and residents', () => {
  it('shows an official the compounds of their street and refuses those of another', async () => {
    expect((await facilitiesOf(shiqiOfficial, DEMO_IDS.guangchangShangsha)).body.errors).toBeUndefined();
    expect(codes((await facilitiesOf(minglouOfficial, DEMO_IDS.guangchangShangsha)).body)).toEqual(['FORBIDDEN']);
  });

  it('shows a resident their own compound and refuses another', async () => {
    expect((await facilitiesOf(resident, DEMO_IDS.guangchangShangsha)).body.errors).toBeUndefined();
    expect(codes((await facilitiesOf(resident, DEMO_IDS.mengda)).body)).toEqual(['FORBIDDEN']);
    expect(codes((await facilitiesOf(analyst, DEMO_IDS.mengda)).body)).toEqual(['FORBIDDEN']);
  });

  it('keeps the contract in force public', async () => {
    const { body } = await gql(url, `query($id: ID!) { compound(id: $id) { propertyContract { model firm { name } status commonAreaCleaningPaidBy } } }`, { variables: { id: DEMO_IDS.guangchangShangsha } });
    expect(body.errors).toBeUndefined();
    expect(body.data.compound.propertyContract).toEqual({ model: 'STANDARD', firm: { name: '春江物业' }, status: 'IN_FORCE', commonAreaCleaningPaidBy: 'PROPERTY_FEE' });
  });

  it('says the street pays for common-area cleaning under a volunteer (托底) contract', async () => {
    const input = { compoundId: DEMO_IDS.youhe, model: 'VOLUNTEER_BASELINE', firmId: DEMO_IDS.chunjiangFirm, startsOn: '2019-01-01', endsOn: '2019-12-31', feeFenPerM2Month: 20 };
    const signed = await gql(url, `mutation($input: SignServiceContractInput!) { signServiceContract(input: $input) { model status commonAreaCleaningPaidBy } }`, { token: admin, variables: { input } });
    expect(signed.body.errors).toBeUndefined();
    expect(signed.body.data.signServiceContract).toEqual({ model: 'VOLUNTEER_BASELINE', status: 'ENDED', commonAreaCleaningPaidBy: 'STREET' });
    const current = await gql(url, `query($id: ID!) { compound(id: $id) { propertyContract { commonAreaCleaningPaidBy } } }`, { variables: { id: DEMO_IDS.youhe } });
    expect(current.body.data.compound.propertyContract).toEqual({ commonAreaCleaningPaidBy: 'OWNERS' });
  });
});

describe('recording facilities', () => {
  const ADD_AREA = `mutation($input: AddParkingAreaInput!) { addParkingArea(input: $input) { id name entrances { gateCode } spaceCounts { owner shop total } } }`;
  const area = (gateCode: string, spaces: { number: string; kind: string }[]) => ({
    compoundId: DEMO_IDS.guangchangShangsha,
    name: '商铺后侧停车区',
    entrances: [{ name: '6号出入口', gateCode }],
    spaces,
  });
  const areasOf = () => hub.subgraphs.property.ds.getRepository(ParkingAreaEntity).countBy({ compoundId: DEMO_IDS.guangchangShangsha });

  it('lets the serving firm add an area; a taken gate code or a repeated space number changes nothing', async () => {
    const before = await areasOf();
    const taken = await gql(url, ADD_AREA, { token: chunjiang, variables: { input: area('GCSS-3', [{ number: 'B1', kind: 'SHOP' }]) } });
    expect(codes(taken.body)).toEqual(['CONFLICT']);
    const twice = await gql(url, ADD_AREA, { token: chunjiang, variables: { input: area('GCSS-6', [{ number: 'B1', kind: 'SHOP' }, { number: 'B1', kind: 'OWNER' }]) } });
    expect(codes(twice.body)).toEqual(['BAD_USER_INPUT']);
    expect(await areasOf()).toBe(before);

    const added = await gql(url, ADD_AREA, { token: chunjiang, variables: { input: area('GCSS-6', [{ number: 'B1', kind: 'SHOP' }, { number: 'B2', kind: 'OWNER' }]) } });
    expect(added.body.errors).toBeUndefined();
    expect(added.body.data.addParkingArea).toMatchObject({ entrances: [{ gateCode: 'GCSS-6' }], spaceCounts: { owner: 1, shop: 1, total: 2 } });
    expect(await areasOf()).toBe(before + 1);
  });

  it('refuses a resident, and a firm recording facilities of a compound it does not serve', async () => {
    expect(codes((await gql(url, ADD_AREA, { token: resident, variables: { input: area('GCSS-7', []) } })).body)).toEqual(['FORBIDDEN']);
    const ELEVATOR = `mutation($input: AddElevatorInput!) { addElevator(input: $input) { id status } }`;
    const elevator = { compoundId: DEMO_IDS.youhe, building: '3幢', installedYear: 2001 };
    expect(codes((await gql(url, ELEVATOR, { token: chunjiang, variables: { input: elevator } })).body)).toEqual(['FORBIDDEN']);
    const committee = tokenFor({ sub: 'committee-1', role: 'OWNERS_COMMITTEE', compounds: [DEMO_IDS.youhe] });
    const added = await gql(url, ELEVATOR, { token: committee, variables: { input: elevator } });
    expect(added.body.data.addElevator.status).toBe('IN_SERVICE');
    const renewal = await gql(url, `mutation($id: ID!) { setElevatorStatus(id: $id, status: UNDER_RENEWAL) { status } }`, { token: committee, variables: { id: added.body.data.addElevator.id } });
    expect(renewal.body.data.setElevatorStatus.status).toBe('UNDER_RENEWAL');
  });
});

describe('firms', () => {
  const REGISTER = `mutation($input: RegisterPropertyFirmInput!) { registerPropertyFirm(input: $input) { id name creditCode partyOrganisation } }`;

  it('refuses a credit code with a wrong check character, registers a right one once', async () => {
    const repo = hub.subgraphs.property.ds.getRepository(PropertyFirmEntity);
    const before = await repo.count();
    const wrong = await gql(url, REGISTER, { token: admin, variables: { input: { name: '甬城物业', creditCode: '91350100M000100Y44' } } });
    expect(codes(wrong.body)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.body.errors![0].message).toContain('check');
    expect(await repo.count()).toBe(before);

    const right = await gql(url, REGISTER, { token: shiqiOfficial, variables: { input: { name: '甬城物业', creditCode: '91350100M000100Y43', partyOrganisation: '甬城物业党支部' } } });
    expect(right.body.errors).toBeUndefined();
    expect(right.body.data.registerPropertyFirm).toMatchObject({ name: '甬城物业', partyOrganisation: '甬城物业党支部' });

    const again = await gql(url, REGISTER, { token: admin, variables: { input: { name: '甬城物业二', creditCode: '91350100M000100Y43' } } });
    expect(codes(again.body)).toEqual(['CONFLICT']);
    expect(await repo.count()).toBe(before + 1);

    const byResident = await gql(url, REGISTER, { token: resident, variables: { input: { name: 'x', creditCode: '914403001922038216' } } });
    expect(codes(byResident.body)).toEqual(['FORBIDDEN']);
  });

  it('records a staff post once, announces it, and shows posts only to those entitled', async () => {
    const RECORD = `mutation($input: RecordFirmPostInput!) { recordFirmPost(input: $input) { id role personId endsOn firm { id } } }`;
    const input = { firmId: DEMO_IDS.chunjiangFirm, personId: 'person-steward-1', role: 'PROJECT_MANAGER', startsOn: '2026-01-01' };
    const first = await gql(url, RECORD, { token: chunjiang, variables: { input } });
    expect(first.body.errors).toBeUndefined();
    const postId = first.body.data.recordFirmPost.id;
    expect(codes((await gql(url, RECORD, { token: chunjiang, variables: { input } })).body)).toEqual(['CONFLICT']);

    const otherFirm = tokenFor({ sub: 'firm-user-2', role: 'PROPERTY_FIRM', firm: 'some-other-firm' });
    expect(codes((await gql(url, RECORD, { token: otherFirm, variables: { input: { ...input, role: 'STEWARD' } } })).body)).toEqual(['FORBIDDEN']);

    const POSTS = `query($id: ID!) { propertyFirm(id: $id) { posts { edges { node { id personId role } } } } }`;
    const own = await gql(url, POSTS, { token: chunjiang, variables: { id: DEMO_IDS.chunjiangFirm } });
    expect(own.body.data.propertyFirm.posts.edges.map((e: any) => e.node)).toEqual([{ id: postId, personId: 'person-steward-1', role: 'PROJECT_MANAGER' }]);
    expect(codes((await gql(url, POSTS, { token: resident, variables: { id: DEMO_IDS.chunjiangFirm } })).body)).toEqual(['FORBIDDEN']);

    const END_POST = `mutation($id: ID!) { endFirmPost(id: $id, endsOn: "2026-02-28") { endsOn } }`;
    expect((await gql(url, END_POST, { token: chunjiang, variables: { id: postId } })).body.data.endFirmPost.endsOn).toBe('2026-02-28');
    expect(codes((await gql(url, END_POST, { token: chunjiang, variables: { id: postId } })).body)).toEqual(['INVALID_TRANSITION']);

    const events = (await outbox('FirmPostRecorded')).map((e) => JSON.parse(e.payload));
    expect(events).toEqual([
      { postId, firmId: DEMO_IDS.chunjiangFirm, personId: 'person-steward-1', role: 'PROJECT_MANAGER', startsOn: '2026-01-01', endsOn: null },
      { postId, firmId: DEMO_IDS.chunjiangFirm, personId: 'person-steward-1', role: 'PROJECT_MANAGER', startsOn: '2026-01-01', endsOn: '2026-02-28' },
    ]);
  });
});

describe('utility notices', () => {
  const RECORD = `mutation($input: UtilityNoticeInput!) { recordUtilityNotice(input: $input) { id active source } }`;
  const NOTICES = `query($id: ID!, $active: Boolean) { compound(id: $id) { utilityNotices(active: $active) { edges { node { title utility kind active } } } } }`;

  it('lists the notices in effect for the compound’s residents; a replayed notice updates, never duplicates', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(now + ms).toISOString();
    const water = { compoundId: DEMO_IDS.guangchangShangsha, utility: 'WATER', kind: 'PLANNED_MAINTENANCE', title: '计划停水', startsAt: iso(-3_600_000), endsAt: iso(3_600_000), externalId: 'w-1' };
    const integration = tokenFor({ sub: 'water-feed', role: 'INTEGRATION', source: 'NINGBO_WATER' });
    expect((await gql(url, RECORD, { token: integration, variables: { input: water } })).body.data.recordUtilityNotice).toMatchObject({ active: true, source: 'NINGBO_WATER' });
    const past = { ...water, utility: 'POWER', title: '上周停电检修', startsAt: iso(-7 * 86_400_000), endsAt: iso(-7 * 86_400_000 + 3_600_000), externalId: 'p-1' };
    expect((await gql(url, RECORD, { token: admin, variables: { input: past } })).body.errors).toBeUndefined();
    // The feed sends the water notice again with a new title: same (source, externalId), one row.
    expect((await gql(url, RECORD, { token: integration, variables: { input: { ...water, title: '计划停水（延长）' } } })).body.errors).toBeUndefined();
    expect(await hub.subgraphs.property.ds.getRepository(UtilityNoticeEntity).countBy({ compoundId: DEMO_IDS.guangchangShangsha })).toBe(2);

    const active = await gql(url, NOTICES, { token: resident, variables: { id: DEMO_IDS.guangchangShangsha, active: true } });
    expect(active.body.errors).toBeUndefined();
    expect(active.body.data.compound.utilityNotices.edges.map((e: any) => e.node)).toEqual([{ title: '计划停水（延长）', utility: 'WATER', kind: 'PLANNED_MAINTENANCE', active: true }]);
    const inactive = await gql(url, NOTICES, { token: resident, variables: { id: DEMO_IDS.guangchangShangsha, active: false } });
    expect(inactive.body.data.compound.utilityNotices.edges.map((e: any) => e.node.title)).toEqual(['上周停电检修']);
  });

  it('refuses a notice ending before it starts, and one from a resident', async () => {
    const bad = { compoundId: DEMO_IDS.guangchangShangsha, utility: 'GAS', kind: 'OUTAGE', title: '停气', startsAt: '2026-01-02T00:00:00Z', endsAt: '2026-01-01T00:00:00Z', externalId: 'g-1' };
    expect(codes((await gql(url, RECORD, { token: admin, variables: { input: bad } })).body)).toEqual(['BAD_USER_INPUT']);
    expect(codes((await gql(url, RECORD, { token: resident, variables: { input: { ...bad, endsAt: null } } })).body)).toEqual(['FORBIDDEN']);
    expect(await hub.subgraphs.property.ds.getRepository(UtilityNoticeEntity).countBy({ externalId: 'g-1' })).toBe(0);
  });
});

describe('renovation projects: "zero accidents, zero disturbance, zero complaints" is a query', () => {
  const LIST = `query($region: ID!, $zeros: Boolean) { renovationProjects(regionCode: $region, threeZeros: $zeros) { edges { node { id name unitsPlanned unitsDone complaints threeZeros milestones { name reachedOn } } } } }`;

  it('finds the 79-elevator renewal among the three-zero projects of Minglou street', async () => {
    const { body } = await gql(url, LIST, { token: analyst, variables: { region: DEMO_REGIONS.minglou, zeros: true } });
    expect(body.errors).toBeUndefined();
    const [project] = body.data.renovationProjects.edges.map((e: any) => e.node);
    expect(project).toMatchObject({ unitsPlanned: 79, unitsDone: 79, complaints: 0, threeZeros: true });
    expect(project.milestones).toHaveLength(2);
    expect(codes((await gql(url, LIST, { token: shiqiOfficial, variables: { region: DEMO_REGIONS.minglou } })).body)).toEqual(['FORBIDDEN']);
  });

  it('drops a project from the three-zero list once a complaint is recorded against it', async () => {
    const zeros = async () =>
      (await gql(url, LIST, { token: shiqiOfficial, variables: { region: DEMO_REGIONS.shiqi, zeros: true } })).body.data.renovationProjects.edges.map((e: any) => e.node.name);
    expect(await zeros()).toEqual(['广场商厦区域28户管道燃气入户']);
    const { body: list } = await gql(url, LIST, { token: shiqiOfficial, variables: { region: DEMO_REGIONS.shiqi } });
    const id = list.data.renovationProjects.edges[0].node.id;

    const INCIDENT = `mutation($input: RecordProjectIncidentInput!) { recordProjectIncident(input: $input) { complaints threeZeros } }`;
    const input = { projectId: id, kind: 'COMPLAINT', occurredAt: new Date(Date.now() - 60_000).toISOString(), note: '施工噪音投诉' };
    expect(codes((await gql(url, INCIDENT, { token: resident, variables: { input } })).body)).toEqual(['FORBIDDEN']);
    const recorded = await gql(url, INCIDENT, { token: chunjiang, variables: { input } });
    expect(recorded.body.errors).toBeUndefined();
    expect(recorded.body.data.recordProjectIncident).toEqual({ complaints: 1, threeZeros: false });
    expect(await zeros()).toEqual([]);
    const others = await gql(url, LIST, { token: shiqiOfficial, variables: { region: DEMO_REGIONS.shiqi, zeros: false } });
    expect(others.body.data.renovationProjects.edges.map((e: any) => e.node.id)).toEqual([id]);
  });
});

describe('running a project', () => {
  it('lets an official of the street start a community-wide project and record it forward only', async () => {
    const START = `mutation($input: StartRenovationProjectInput!) { startRenovationProject(input: $input) { id communityCode unitsDone budgetFen milestones { id name reachedOn } } }`;
    const input = {
      name: '常青藤社区二期电梯加装',
      kind: 'ELEVATOR_RENEWAL',
      communityCode: DEMO_REGIONS.changqingteng,
      unitsPlanned: 12,
      budgetReference: 'FIN-2026-ELV-2',
      budgetFen: 480_000_000,
      startsOn: day(-10),
      milestones: [{ name: '设计完成', dueOn: day(20) }],
    };
    expect(codes((await gql(url, START, { token: shiqiOfficial, variables: { input } })).body)).toEqual(['FORBIDDEN']);
    expect(codes((await gql(url, START, { token: minglouOfficial, variables: { input: { ...input, budgetFen: -1 } } })).body)).toEqual(['BAD_USER_INPUT']);
    const started = await gql(url, START, { token: minglouOfficial, variables: { input } });
    expect(started.body.errors).toBeUndefined();
    const project = started.body.data.startRenovationProject;
    expect(project).toMatchObject({ communityCode: DEMO_REGIONS.changqingteng, unitsDone: 0, budgetFen: 480_000_000 });

    const PROGRESS = `mutation($id: ID!, $n: Int!) { recordProjectProgress(projectId: $id, unitsDone: $n) { unitsDone } }`;
    expect((await gql(url, PROGRESS, { token: minglouOfficial, variables: { id: project.id, n: 5 } })).body.data.recordProjectProgress.unitsDone).toBe(5);
    expect(codes((await gql(url, PROGRESS, { token: minglouOfficial, variables: { id: project.id, n: 4 } })).body)).toEqual(['BAD_USER_INPUT']);
    expect(codes((await gql(url, PROGRESS, { token: minglouOfficial, variables: { id: project.id, n: 13 } })).body)).toEqual(['BAD_USER_INPUT']);
    expect(codes((await gql(url, PROGRESS, { token: chunjiang, variables: { id: project.id, n: 6 } })).body)).toEqual(['NOT_FOUND']);

    const REACH = `mutation($id: ID!, $on: String!) { reachProjectMilestone(milestoneId: $id, reachedOn: $on) { reachedOn } }`;
    const milestone = project.milestones[0].id;
    expect((await gql(url, REACH, { token: minglouOfficial, variables: { id: milestone, on: day(0) } })).body.data.reachProjectMilestone.reachedOn).toBe(day(0));
    expect(codes((await gql(url, REACH, { token: minglouOfficial, variables: { id: milestone, on: day(0) } })).body)).toEqual(['INVALID_TRANSITION']);
  });

  it('sets a firm’s Party organisation and instructor for a Party organisation, not for the firm', async () => {
    const SET = `mutation($input: SetFirmPartyBuildingInput!) { setFirmPartyBuilding(input: $input) { partyOrganisation partyInstructorPersonId } }`;
    const input = { firmId: DEMO_IDS.chunjiangFirm, partyOrganisation: '春江物业党支部', partyInstructorPersonId: 'person-instructor-1' };
    expect(codes((await gql(url, SET, { token: chunjiang, variables: { input } })).body)).toEqual(['FORBIDDEN']);
    const party = tokenFor({ sub: 'party-1', role: 'PARTY_ORGANISATION', regions: [DEMO_REGIONS.dongfang] });
    expect((await gql(url, SET, { token: party, variables: { input } })).body.data.setFirmPartyBuilding).toEqual({ partyOrganisation: '春江物业党支部', partyInstructorPersonId: 'person-instructor-1' });
  });
});

describe('property statistics', () => {
  const STATS = `query($region: ID!, $from: String!, $to: String!) { propertyStats(regionCode: $region, from: $from, to: $to) {
    compounds contractsByModel { model count } projects projectsWithThreeZeros parkingRevenueFen
    backlog { open } workOrders { category status count } slaByFirm { firm { id } met breached }
  } }`;

  it('gives an analyst counts for a street and refuses a street official another street', async () => {
    const { body } = await gql(url, STATS, { token: analyst, variables: { region: DEMO_REGIONS.shiqi, from: day(-30), to: day(0) } });
    expect(body.errors).toBeUndefined();
    const stats = body.data.propertyStats;
    // Shiqi holds Mengda and Guangchang Shangsha; Youhe is in Yuehu street.
    expect(stats.compounds).toBe(2);
    const inForce = Object.fromEntries(stats.contractsByModel.map((c: any) => [c.model, c.count]));
    expect(inForce.STANDARD).toBe(1);
    expect(inForce.STANDARD + inForce.SELF_MANAGED + inForce.VOLUNTEER_BASELINE).toBeLessThanOrEqual(2);
    expect(stats.projects).toBe(0); // the gas fitting ended before the window
    const wide = await gql(url, STATS, { token: analyst, variables: { region: DEMO_REGIONS.haishu, from: '2026-01-01', to: '2026-12-31' } });
    expect(wide.body.data.propertyStats.compounds).toBe(3);
    expect(wide.body.data.propertyStats.projects).toBe(1);
    expect(codes((await gql(url, STATS, { token: minglouOfficial, variables: { region: DEMO_REGIONS.shiqi, from: day(-30), to: day(0) } })).body)).toEqual(['FORBIDDEN']);
    expect(codes((await gql(url, STATS, { token: resident, variables: { region: DEMO_REGIONS.shiqi, from: day(-30), to: day(0) } })).body)).toEqual(['FORBIDDEN']);
    expect(codes((await gql(url, STATS, { token: analyst, variables: { region: DEMO_REGIONS.shiqi, from: day(0), to: day(-1) } })).body)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('property statistics against the figures they add up', () => {
  it('reports for the street the parking revenue the compound collected', async () => {
    const PRICING = `mutation($id: ID!, $rules: [ParkingPricingInput!]!) { setParkingPricing(compoundId: $id, rules: $rules) { plateClass } }`;
    const priced = await gql(url, PRICING, { token: admin, variables: { id: DEMO_IDS.guangchangShangsha, rules: [{ plateClass: 'VISITOR', freeMinutes: 15, hourlyFen: 500, dailyCapFen: 4000 }] } });
    expect(priced.body.errors).toBeUndefined();
    const GATE = `mutation($id: ID!, $events: [GateEventInput!]!) { recordGateEvents(compoundId: $id, events: $events) { accepted } }`;
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
    const events = [
      { sourceRef: 'stats-in-1', plate: '浙B7S001', gate: 'GCSS-1', direction: 'ENTRY', at: at(3) },
      { sourceRef: 'stats-out-1', plate: '浙B7S001', gate: 'GCSS-2', direction: 'EXIT', at: at(1) },
    ];
    const gate = await gql(url, GATE, { token: admin, variables: { id: DEMO_IDS.guangchangShangsha, events } });
    expect(gate.body.errors).toBeUndefined();

    const REVENUE = `query($id: ID!, $from: String!, $to: String!) { parkingRevenue(compoundId: $id, from: $from, to: $to) { totalFen } }`;
    const revenue = await gql(url, REVENUE, { token: admin, variables: { id: DEMO_IDS.guangchangShangsha, from: `${day(-1)}T00:00:00Z`, to: `${day(1)}T00:00:00Z` } });
    const compoundFen = revenue.body.data.parkingRevenue.totalFen;
    expect(compoundFen).toBeGreaterThan(0);

    const STATS = `query($region: ID!, $from: String!, $to: String!) { propertyStats(regionCode: $region, from: $from, to: $to) { parkingRevenueFen parkingFees parkingRevenueByClass { plateClass amountFen } } }`;
    const street = await gql(url, STATS, { token: analyst, variables: { region: DEMO_REGIONS.shiqi, from: day(-1), to: day(0) } });
    expect(street.body.errors).toBeUndefined();
    expect(street.body.data.propertyStats.parkingRevenueFen).toBe(compoundFen);
    expect(street.body.data.propertyStats.parkingRevenueByClass.find((c: any) => c.plateClass === 'VISITOR').amountFen).toBe(compoundFen);
    // Yuehu street holds none of it.
    const elsewhere = await gql(url, STATS, { token: analyst, variables: { region: DEMO_REGIONS.yuehu, from: day(-1), to: day(0) } });
    expect(elsewhere.body.data.propertyStats.parkingRevenueFen).toBe(0);
  });
});

describe('batching', () => {
  it('costs one property statement per entity type, whether the page holds two compounds or three', async () => {
    // The outbox relay polls in the background; stopped here so that only the requests are counted.
    await hub.settle();
    for (const w of hub.workers) await w.relay.stop();
    const query = (n: number) => `{ compounds(first: ${n}) { edges { node { id
      propertyContract { model firm { name } }
      facilities { parkingAreas { entrances { name } spaceCounts { total } } activityRooms { name } gasCoverage { householdsConnected } elevatorCounts { total } fireLanes { name } }
      utilityNotices(active: true) { edges { node { title } } }
      renovationProjects { edges { node { name threeZeros milestones { name } } } }
    } } } }`;
    // The ingestion reconciler and the sweeps also query property's database now and then: the
    // fewest of three tries is what the request itself costs.
    const spend = async (n: number) => {
      let fewest = Infinity;
      for (let i = 0; i < 3; i++) {
        const before = hub.subgraphs.property.statements.count;
        const { body } = await gql(url, query(n), { token: admin });
        expect(body.errors).toBeUndefined();
        expect(body.data.compounds.edges).toHaveLength(n);
        fewest = Math.min(fewest, hub.subgraphs.property.statements.count - before);
      }
      return fewest;
    };
    // Both pages hold Guangchang Shangsha, whose project brings milestones and incident counts in.
    const two = await spend(2);
    const three = await spend(3);
    expect(three).toBe(two);
    // contracts with firms, areas, entrances, spaces, rooms, coverage, elevators, fire lanes,
    // notices, projects, milestones, incident counts
    expect(three).toBe(12);
  });
});
