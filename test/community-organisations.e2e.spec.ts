import { CompoundScopeEntity, OutboxEvent, recordEvent, transaction, uuidv7 } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { seedCommunityDemo } from '@hub/community';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_PEOPLE, DEMO_REGIONS, community as demoCommunity, demoId } from '../scripts/demo-data';
import { gql, tokenFor } from './client';

/**
 * Places, people, organisations, owners'-committee elections and analysts' figures of the
 * community subgraph, through the gateway on MariaDB and Redis.
 */
let env: TestEnvironment;
let hub: Hub;
let url: string;

const admin = tokenFor({ sub: 'admin-1', role: 'ADMIN' });
const shiqiOfficial = tokenFor({ sub: 'official-shiqi', role: 'OFFICIAL', regions: [DEMO_REGIONS.shiqi] });
const minglouOfficial = tokenFor({ sub: 'official-minglou', role: 'OFFICIAL', regions: [DEMO_REGIONS.minglou] });
const dongfangParty = tokenFor({ sub: 'party-dongfang', role: 'PARTY_ORGANISATION', regions: [DEMO_REGIONS.dongfang] });
const mengdaCommittee = tokenFor({ sub: 'oc-mengda', role: 'OWNERS_COMMITTEE', compounds: [DEMO_IDS.mengda] });
const analyst = tokenFor({ sub: 'analyst-1', role: 'ANALYST' });

const mengdaUnits = demoCommunity.units!.filter((u) => u.compoundId === DEMO_IDS.mengda);
const residentOf = (unitIndex: number) => {
  const unit = mengdaUnits[unitIndex];
  const owned = mengdaUnits.filter((u) => u.ownerId === unit.ownerId).map((u) => u.id);
  return { personId: unit.ownerId!, unitId: unit.id, token: tokenFor({ sub: unit.ownerId!, role: 'RESIDENT', compounds: [DEMO_IDS.mengda], units: owned }) };
};

const call = async (query: string, token: string | undefined, variables: Record<string, unknown> = {}): Promise<any> => {
  const { body } = await gql(url, query, { token, variables });
  return body;
};
/** The data of a call that must succeed. */
const ok = async (query: string, token: string | undefined, variables: Record<string, unknown> = {}) => {
  const body = await call(query, token, variables);
  expect(body.errors).toBeUndefined();
  return body.data;
};
/**
 * The statements a call sends to the community database. The outbox relay and schedulers poll
 * the same database, so assertions look only at the tables they are about.
 */
async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const counter = hub.subgraphs.community.statements;
  const logQuery = counter.logQuery.bind(counter);
  const statements: string[] = [];
  counter.logQuery = ((query: string) => {
    statements.push(query);
    logQuery();
  }) as typeof counter.logQuery;
  try {
    return { result: await fn(), statements };
  } finally {
    counter.logQuery = logQuery;
  }
}
const codeOf = (body: { errors?: { extensions?: Record<string, any> }[] }) => body.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  env = testEnvironment();
  // Only the community demo: these flows need nothing seeded in the other subgraphs.
  hub = await startHub(env.config, { ephemeralPorts: true });
  await seedCommunityDemo(hub.subgraphs.community.ds, demoCommunity);
  // seeding is safe on every start: a second run finds every row there and adds nothing
  await seedCommunityDemo(hub.subgraphs.community.ds, demoCommunity);
  url = hub.gateway.url;
  await hub.settle();
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
});

describe('places', () => {
  it('lists compounds under a region with their three noes, and filters on them', async () => {
    const q = `query($r: ID, $f: CompoundFilter) { compounds(regionCode: $r, filter: $f, first: 10) { edges { node { name threeNoes { noOwnersCommittee noPropertyFirm noMaintenanceFund all } } } } }`;
    const shiqi = await ok(q, undefined, { r: DEMO_REGIONS.shiqi });
    expect(shiqi.compounds.edges.map((e: any) => e.node.name)).toEqual(['梦达教师楼', '广场商厦区域']);
    expect(shiqi.compounds.edges[1].node.threeNoes).toEqual({ noOwnersCommittee: true, noPropertyFirm: false, noMaintenanceFund: true, all: false });
    const threeNoes = await ok(q, undefined, { r: DEMO_REGIONS.haishu, f: { threeNoes: true } });
    expect(threeNoes.compounds.edges.map((e: any) => e.node.name)).toEqual(['梦达教师楼']);
    const yuehu = await ok(q, undefined, { r: DEMO_REGIONS.yuehu, f: { scatteredHousing: false } });
    expect(yuehu.compounds.edges.map((e: any) => e.node.name)).toEqual(['游河小区']);
    const named = await ok(q, undefined, { f: { nameContains: '商厦' } });
    expect(named.compounds.edges.map((e: any) => e.node.name)).toEqual(['广场商厦区域']);
    // wildcards are searched for as text
    expect((await ok(q, undefined, { f: { nameContains: '%' } })).compounds.edges).toEqual([]);
    expect(codeOf(await call(q, undefined, { r: '999999999999' }))).toBe('BAD_USER_INPUT');
  });

  it('walks the region tree down and up', async () => {
    const { region } = await ok(`query($c: ID!) { region(code: $c) { name children { code level children { name } } parent { code } } }`, undefined, { c: DEMO_REGIONS.shiqi });
    expect(region.parent.code).toBe(DEMO_REGIONS.haishu);
    expect(region.children.map((r: any) => r.code)).toEqual([DEMO_REGIONS.dongfang, DEMO_REGIONS.jinli].sort());
    expect(region.children.every((r: any) => r.level === 'COMMUNITY' && r.children.length === 0)).toBe(true);
  });

  it('registers a compound, announces it to the other subgraphs, and records its three noes', async () => {
    const REGISTER = `mutation($i: RegisterCompoundInput!) { registerCompound(input: $i) { id name street { code } threeNoes { all } households } }`;
    const input = { name: '锦丽花园', address: '海曙区石碶街道锦丽社区', communityCode: DEMO_REGIONS.jinli, scatteredHousing: true, noOwnersCommittee: true, noPropertyFirm: true };
    expect(codeOf(await call(REGISTER, minglouOfficial, { i: input }))).toBe('FORBIDDEN');
    expect(codeOf(await call(REGISTER, shiqiOfficial, { i: { ...input, communityCode: DEMO_REGIONS.shiqi } }))).toBe('BAD_USER_INPUT');
    const { registerCompound: c } = await ok(REGISTER, shiqiOfficial, { i: input });
    expect(c).toMatchObject({ name: '锦丽花园', street: { code: DEMO_REGIONS.shiqi }, threeNoes: { all: false }, households: null });
    expect(codeOf(await call(REGISTER, shiqiOfficial, { i: input }))).toBe('CONFLICT');
    // the same name sent twice at once: one compound, one CONFLICT
    const twice = { name: '常青藤东苑', address: '鄞州区明楼街道常青藤社区', communityCode: DEMO_REGIONS.changqingteng };
    const raced = await Promise.all([call(REGISTER, admin, { i: twice }), call(REGISTER, admin, { i: twice })]);
    expect(raced.map((b) => codeOf(b) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    await hub.settle();
    const scope = await hub.subgraphs.finance.ds.getRepository(CompoundScopeEntity).findOneBy({ compoundId: c.id });
    expect(scope?.regionPath).toBe([DEMO_REGIONS.jinli, DEMO_REGIONS.shiqi, DEMO_REGIONS.haishu].join(','));
    const SET = `mutation($c: ID!, $i: ThreeNoesInput!) { setThreeNoes(compoundId: $c, input: $i) { threeNoes { noOwnersCommittee noPropertyFirm noMaintenanceFund all } } }`;
    expect(codeOf(await call(SET, residentOf(0).token, { c: c.id, i: { noMaintenanceFund: true } }))).toBe('FORBIDDEN');
    const set = await ok(SET, shiqiOfficial, { c: c.id, i: { noMaintenanceFund: true } });
    expect(set.setThreeNoes.threeNoes).toEqual({ noOwnersCommittee: true, noPropertyFirm: true, noMaintenanceFund: true, all: true });
    const listed = await ok(`query($r: ID) { compounds(regionCode: $r, filter: { threeNoes: true }) { edges { node { name } } } }`, undefined, { r: DEMO_REGIONS.jinli });
    expect(listed.compounds.edges.map((e: any) => e.node.name)).toEqual(['锦丽花园']);
    // back as it was, so that the figures below count the demo compounds only
    await ok(SET, shiqiOfficial, { c: c.id, i: { noMaintenanceFund: false } });
  });

  it("shows a compound's register, owners masked, to those who see the compound, in a few statements", async () => {
    const q = `query($id: ID!, $after: String) { compound(id: $id) { households registeredAreaCentiM2
      buildings(first: 10) { edges { node { name } } }
      units(first: 100, after: $after) { edges { node { number use residential areaCentiM2 building { name } owner { name kind phone } } } pageInfo { hasNextPage endCursor } } } }`;
    const { result: first, statements } = await counted(() => ok(q, shiqiOfficial, { id: DEMO_IDS.guangchangShangsha }));
    const ours = statements.filter((sql) => /FROM `(compound|building|unit|person)`/.test(sql));
    // compound, area sum, buildings page, units page, buildings of the units, owners: one each
    expect(ours).toHaveLength(6);
    const c = first.compound;
    expect(c.households).toBe(148);
    expect(c.buildings.edges).toHaveLength(6);
    const rest = await ok(q, shiqiOfficial, { id: DEMO_IDS.guangchangShangsha, after: c.units.pageInfo.endCursor });
    const units = [...c.units.edges, ...rest.compound.units.edges].map((e: any) => e.node);
    expect(units).toHaveLength(148 + 12 + 2);
    expect(units.filter((u: any) => u.use === 'SHOP')).toHaveLength(12);
    expect(units.filter((u: any) => !u.residential).map((u: any) => u.use).sort()).toEqual([...Array(2).fill('INSTITUTION'), ...Array(12).fill('SHOP')]);
    expect(c.registeredAreaCentiM2).toBe(units.reduce((sum: number, u: any) => sum + u.areaCentiM2, 0));
    const individual = units.find((u: any) => u.owner.kind === 'INDIVIDUAL').owner;
    expect(individual.name).toMatch(/^.\*+.?$/u);
    expect(individual.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(units.filter((u: any) => u.owner.kind === 'DEVELOPER')).toHaveLength(3);
    expect(units.find((u: any) => u.owner.kind === 'DEVELOPER').owner.name).toBe('宁波广场商厦置业有限公司');
  });

  it("refuses the register to a resident of another compound and to anonymous callers", async () => {
    const q = `query($id: ID!) { compound(id: $id) { name units(first: 1) { edges { node { id } } } } }`;
    const resident = residentOf(0).token;
    const other = await call(q, resident, { id: DEMO_IDS.guangchangShangsha });
    expect(other.data.compound).toEqual({ name: '广场商厦区域', units: null });
    expect(codeOf(other)).toBe('FORBIDDEN');
    expect((await ok(`query($id: ID!) { compound(id: $id) { name } }`, resident, { id: DEMO_IDS.guangchangShangsha })).compound.name).toBe('广场商厦区域');
    expect(codeOf(await call(q, undefined, { id: DEMO_IDS.mengda }))).toBe('FORBIDDEN');
    const own = await ok(q, resident, { id: DEMO_IDS.mengda });
    expect(own.compound.units.edges).toHaveLength(1);
  });

  it('shows a person their own data in full and everyone else masked', async () => {
    const { personId, token } = residentOf(5);
    const q = `query($id: ID!) { person(id: $id) { name phone idNumber } }`;
    const self = await ok(q, token, { id: personId });
    const seed = demoCommunity.people!.find((p) => p.id === personId)!;
    expect(self.person).toEqual({ name: seed.name, phone: seed.phone, idNumber: seed.idNumber });
    const seen = await ok(q, shiqiOfficial, { id: personId });
    expect(seen.person.phone).toBe(`${seed.phone!.slice(0, 3)}****${seed.phone!.slice(-4)}`);
    expect(seen.person.idNumber).not.toContain(seed.idNumber!.slice(6, 14));
    expect(seen.person.name).not.toBe(seed.name);
    expect((await ok(q, token, { id: residentOf(6).personId })).person).toBeNull();
    // an owners' committee looks up the owners and post holders of its own compound only
    expect((await ok(q, mengdaCommittee, { id: personId })).person.phone).toBe(seen.person.phone);
    const gcssOwner = demoCommunity.units!.find((u) => u.compoundId === DEMO_IDS.guangchangShangsha && u.use === 'RESIDENTIAL')!.ownerId!;
    expect((await ok(q, mengdaCommittee, { id: gcssOwner })).person).toBeNull();
    expect((await ok(q, shiqiOfficial, { id: gcssOwner })).person).not.toBeNull();
    // one of the four owners of two flats: both on their own record
    const twoFlats = residentOf(2);
    const mine = await ok(`{ me { id units { number building { name } } } }`, twoFlats.token);
    expect(mine.me.id).toBe(twoFlats.personId);
    const buildingName = (id: string) => demoCommunity.buildings!.find((b) => b.id === id)!.name;
    const expected = mengdaUnits.filter((u) => u.ownerId === twoFlats.personId).map((u) => `${buildingName(u.buildingId)} ${u.number}`);
    expect(expected).toHaveLength(2);
    expect(mine.me.units.map((u: any) => `${u.building.name} ${u.number}`).sort()).toEqual(expected.sort());
    expect((await ok(`{ me { id } }`, analyst)).me).toBeNull();
    expect(codeOf(await call(q, analyst, { id: personId }))).toBe('FORBIDDEN');
  });
});

describe('importUnits', () => {
  const IMPORT = `mutation($c: ID!, $rows: [UnitImportRow!]!) { importUnits(compoundId: $c, rows: $rows) {
    buildingsCreated unitsCreated unitsUpdated ownersCreated households compound { households } } }`;
  const yuehuOfficial = tokenFor({ sub: 'official-yuehu', role: 'OFFICIAL', regions: [DEMO_REGIONS.yuehu] });
  const idNumber = (i: number) => {
    const body = `33020319${String(50 + (i % 40))}0${1 + (i % 9)}1${String(i).padStart(4, '0').slice(-4)}`.slice(0, 17);
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    return body + '10X98765432'[weights.reduce((s, w, k) => s + w * Number(body[k]), 0) % 11];
  };
  // 2,000 flats in 10 buildings; the owner of flat 0 also owns flat 1, the developer the last 50.
  const rows = Array.from({ length: 2000 }, (_, i) => {
    const developer = i >= 1950;
    const owner = i === 1 ? 0 : i;
    return {
      building: `${1 + Math.floor(i / 200)}幢`,
      number: `${1 + Math.floor((i % 200) / 4)}0${1 + (i % 4)}`,
      use: i % 100 === 99 ? 'SHOP' : 'RESIDENTIAL',
      areaCentiM2: 6000 + (i % 37) * 100,
      ownerName: developer ? '游河置业有限公司' : `业主${owner}`,
      ...(developer ? { ownerKind: 'DEVELOPER' } : { ownerIdNumber: idNumber(owner), ownerPhone: `139${String(owner).padStart(8, '0')}` }),
    };
  });
  const unitCount = `query { compound(id: "${DEMO_IDS.youhe}") { households units(first: 1) { edges { node { id } } } } }`;

  it('refuses a file with bad rows as a whole, naming each row', async () => {
    const bad = rows.map((r, i) => (i === 10 ? { ...r, areaCentiM2: 0 } : i === 20 ? { ...r, ownerIdNumber: '330203195001011230' } : r));
    bad.push({ ...rows[0] });
    const body = await call(IMPORT, yuehuOfficial, { c: DEMO_IDS.youhe, rows: bad });
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
    expect(body.errors![0].extensions!.rows).toEqual([
      { row: 11, field: 'areaCentiM2', message: expect.any(String) },
      { row: 21, field: 'ownerIdNumber', message: expect.any(String) },
      { row: 2001, field: 'number', message: '1幢 101 is already on row 1'.replace(/^/, 'Unit ') },
    ]);
    const after = await ok(unitCount, admin);
    expect(after.compound.units.edges).toHaveLength(0);
    expect(after.compound.households).toBeNull();
  });

  it('refuses an official of another street and a resident', async () => {
    expect(codeOf(await call(IMPORT, shiqiOfficial, { c: DEMO_IDS.youhe, rows: rows.slice(0, 1) }))).toBe('FORBIDDEN');
    expect(codeOf(await call(IMPORT, residentOf(0).token, { c: DEMO_IDS.youhe, rows: rows.slice(0, 1) }))).toBe('FORBIDDEN');
    expect(codeOf(await call(IMPORT, admin, { c: uuidv7(), rows: rows.slice(0, 1) }))).toBe('NOT_FOUND');
  });

  it('loads 2,000 rows in one call, one person per owner, and a second import changes only what differs', async () => {
    const first = await ok(IMPORT, yuehuOfficial, { c: DEMO_IDS.youhe, rows });
    expect(first.importUnits).toEqual({
      buildingsCreated: 10,
      unitsCreated: 2000,
      unitsUpdated: 0,
      ownersCreated: 1949 + 1,
      households: 2000 - 20,
      compound: { households: 2000 - 20 },
    });
    const again = await ok(IMPORT, yuehuOfficial, { c: DEMO_IDS.youhe, rows: rows.map((r, i) => (i === 3 ? { ...r, areaCentiM2: r.areaCentiM2 + 1 } : r)) });
    expect(again.importUnits).toMatchObject({ buildingsCreated: 0, unitsCreated: 0, unitsUpdated: 1, ownersCreated: 0, households: 1980 });
  }, 60_000);

  it('runs two imports of one compound sent at once one after the other: nothing is created twice', async () => {
    const { registerCompound } = await ok(`mutation($i: RegisterCompoundInput!) { registerCompound(input: $i) { id } }`, admin, {
      i: { name: '长青藤新苑', address: '鄞州区明楼街道常青藤社区', communityCode: DEMO_REGIONS.changqingteng },
    });
    const fresh = Array.from({ length: 300 }, (_, i) => ({
      building: `${1 + Math.floor(i / 100)}幢`,
      number: String(101 + (i % 100)),
      use: 'RESIDENTIAL',
      areaCentiM2: 7000 + i,
      ownerName: `新业主${i}`,
      ownerPhone: `137${String(i).padStart(8, '0')}`,
    }));
    const both = await Promise.all([call(IMPORT, admin, { c: registerCompound.id, rows: fresh }), call(IMPORT, admin, { c: registerCompound.id, rows: fresh })]);
    for (const body of both) expect(body.errors).toBeUndefined();
    const results = both.map((b) => b.data.importUnits);
    expect(results.map((r: any) => r.unitsCreated).sort((a: number, b: number) => a - b)).toEqual([0, 300]);
    expect(results.reduce((n: number, r: any) => n + r.ownersCreated, 0)).toBe(300);
    expect(results.reduce((n: number, r: any) => n + r.buildingsCreated, 0)).toBe(3);
    const { compound } = await ok(`query($c: ID!) { compound(id: $c) { households units(first: 1) { edges { node { id } } } } }`, admin, { c: registerCompound.id });
    expect(compound.households).toBe(300);
  }, 60_000);
});

describe('organisations and posts', () => {
  const CREATE = `mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id kind partyLevel name community { code } compounds { id } parent { name } } }`;
  const partyCommittee = demoId('organisation/dongfang/party');

  it('grows the Party tree only in its order: community committee, compound branch, building group', async () => {
    const branch = await ok(CREATE, dongfangParty, {
      i: { kind: 'PARTY_ORGANISATION', partyLevel: 'COMPOUND', name: '梦达教师楼党支部', parentId: partyCommittee, compoundIds: [DEMO_IDS.mengda] },
    });
    expect(branch.createOrganisation).toMatchObject({ partyLevel: 'COMPOUND', community: { code: DEMO_REGIONS.dongfang }, compounds: [{ id: DEMO_IDS.mengda }], parent: { name: '东方社区党委' } });
    const building = demoCommunity.buildings!.find((b) => b.compoundId === DEMO_IDS.mengda)!;
    const group = await ok(CREATE, dongfangParty, {
      i: { kind: 'PARTY_ORGANISATION', partyLevel: 'BUILDING', name: '梦达1幢党小组', parentId: branch.createOrganisation.id, compoundIds: [DEMO_IDS.mengda], buildingId: building.id },
    });
    expect(group.createOrganisation.parent.name).toBe('梦达教师楼党支部');
    const skipped = await call(CREATE, dongfangParty, {
      i: { kind: 'PARTY_ORGANISATION', partyLevel: 'BUILDING', name: '错位党小组', parentId: partyCommittee, compoundIds: [DEMO_IDS.mengda], buildingId: building.id },
    });
    expect(codeOf(skipped)).toBe('BAD_USER_INPUT');
    expect(skipped.errors[0].extensions.field).toBe('parentId');
    const tree = await ok(`query($id: ID!) { organisation(id: $id) { children { name children { name } } } }`, dongfangParty, { id: partyCommittee });
    expect(tree.organisation.children).toContainEqual({ name: '梦达教师楼党支部', children: [{ name: '梦达1幢党小组' }] });
  });

  it("lists a compound's organisations to those who see it", async () => {
    const q = `query($id: ID!) { compound(id: $id) { organisations { kind name posts { memberType } } } }`;
    const gcss = await ok(q, shiqiOfficial, { id: DEMO_IDS.guangchangShangsha });
    expect(gcss.compound.organisations.map((o: any) => o.name).sort()).toEqual(['广场商厦区域党支部', '广场商厦区域共治委员会'].sort());
    const committee = gcss.compound.organisations.find((o: any) => o.kind === 'CO_GOVERNANCE_COMMITTEE');
    expect(committee.posts).toHaveLength(11);
    expect(committee.posts.map((p: any) => p.memberType).sort()).toEqual([...Array(7).fill('OWNER'), 'PUBLIC_HOUSING', 'SHOP', 'SHOP', 'TENANT']);
    const mengda = await ok(q, residentOf(0).token, { id: DEMO_IDS.mengda });
    expect(mengda.compound.organisations.map((o: any) => o.kind)).toEqual(expect.arrayContaining(['STEWARD_GROUP', 'VOLUNTEER_TEAM']));
    expect(codeOf(await call(q, residentOf(0).token, { id: DEMO_IDS.guangchangShangsha }))).toBe('FORBIDDEN');
  });

  it('lists the organisations of a street with their compounds, posts and people in one statement per table', async () => {
    const q = `query($r: ID!) { organisations(regionCode: $r, first: 50) { edges { node { name compounds { name } children { name } posts { role person { name } } } } } }`;
    const { result, statements } = await counted(() => ok(q, shiqiOfficial, { r: DEMO_REGIONS.shiqi }));
    const nodes = result.organisations.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(6);
    expect(nodes.flatMap((n: any) => n.posts).length).toBeGreaterThan(30);
    const perTable = (table: string) => statements.filter((sql) => sql.includes(`FROM \`${table}\``)).length;
    expect({
      organisation: perTable('organisation'),
      organisation_compound: perTable('organisation_compound'),
      compound: perTable('compound'),
      post: perTable('post'),
      person: perTable('person'),
    }).toEqual({ organisation: 2, organisation_compound: 1, compound: 1, post: 1, person: 1 });
  });

  it('refuses an organisation outside the caller\'s region, and a resident', async () => {
    const input = { kind: 'VOLUNTEER_TEAM', name: '志愿者队', compoundIds: [DEMO_IDS.mengda] };
    expect(codeOf(await call(CREATE, minglouOfficial, { i: input }))).toBe('FORBIDDEN');
    expect(codeOf(await call(CREATE, residentOf(0).token, { i: input }))).toBe('FORBIDDEN');
    // a compound of another community of the street, under the caller's own community code
    const jinli = await ok(`query($r: ID) { compounds(regionCode: $r) { edges { node { id } } } }`, undefined, { r: DEMO_REGIONS.jinli });
    const elsewhere = jinli.compounds.edges[0].node.id;
    const smuggled = await call(CREATE, dongfangParty, { i: { kind: 'VOLUNTEER_TEAM', name: '志愿者队', communityCode: DEMO_REGIONS.dongfang, compoundIds: [elsewhere] } });
    expect(codeOf(smuggled)).toBe('FORBIDDEN');
    const none = await ok(`query($r: ID!) { organisations(regionCode: $r, kind: VOLUNTEER_TEAM, first: 50) { edges { node { compounds { id } } } } }`, admin, { r: DEMO_REGIONS.shiqi });
    expect(none.organisations.edges.flatMap((e: any) => e.node.compounds.map((c: any) => c.id))).not.toContain(elsewhere);
  });

  it('lists cross-appointments, counting firm posts announced by the property subgraph', async () => {
    const Q = `query($r: ID!) { crossAppointments(regionCode: $r, first: 50) { edges { node { person { id } bodies posts { role firmId } } } } }`;
    const before = await ok(Q, shiqiOfficial, { r: DEMO_REGIONS.shiqi });
    const people = () => before.crossAppointments.edges.map((e: any) => e.node.person.id);
    expect(people()).toEqual([DEMO_PEOPLE.deputySecretary]);
    expect(before.crossAppointments.edges[0].node.bodies).toEqual(['PARTY_ORGANISATION', 'RESIDENTS_COMMITTEE']);

    const postId = uuidv7();
    await transaction(hub.subgraphs.property.ds, (m) =>
      recordEvent(m, 'FirmPostRecorded', postId, { postId, firmId: DEMO_IDS.chunjiangFirm, personId: DEMO_PEOPLE.socialWorker, role: '客服主管', startsOn: '2026-01-01', endsOn: null }),
    );
    await hub.settle();
    const after = await ok(Q, shiqiOfficial, { r: DEMO_REGIONS.shiqi });
    const worker = after.crossAppointments.edges.find((e: any) => e.node.person.id === DEMO_PEOPLE.socialWorker);
    expect(worker.node.bodies).toEqual(['RESIDENTS_COMMITTEE', 'PROPERTY_FIRM']);
    expect(worker.node.posts).toContainEqual({ role: '客服主管', firmId: DEMO_IDS.chunjiangFirm });
    expect(codeOf(await call(Q, minglouOfficial, { r: DEMO_REGIONS.shiqi }))).toBe('FORBIDDEN');
    expect(codeOf(await call(Q, analyst, { r: DEMO_REGIONS.shiqi }))).toBe('FORBIDDEN');
  });

  it('announces every post taken up or ended (PostChanged), demo posts included, with the compound its organisation serves', async () => {
    const outbox = async (postId: string) =>
      (await hub.subgraphs.community.ds.getRepository(OutboxEvent).find({ where: { topic: 'PostChanged', aggregateId: postId }, order: { id: 'ASC' } })).map((e) => JSON.parse(e.payload));
    const branchPost = demoId(`post/${demoId('organisation/gcss/party')}/${DEMO_PEOPLE.deputySecretary}`);
    expect(await outbox(branchPost)).toEqual([
      { postId: branchPost, personId: DEMO_PEOPLE.deputySecretary, organisationId: demoId('organisation/gcss/party'), organisationKind: 'PARTY_ORGANISATION', compoundId: DEMO_IDS.guangchangShangsha, role: '书记', startsOn: '2025-01-01', endsOn: null },
    ]);
    const communityPost = demoId(`post/${demoId('organisation/dongfang/party')}/${DEMO_PEOPLE.deputySecretary}`);
    expect((await outbox(communityPost)).map((p) => p.compoundId)).toEqual([null]);

    const board = await ok(`mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }`, dongfangParty, {
      i: { kind: 'SUPERVISORY_BOARD', name: '梦达教师楼业主监事会', compoundIds: [DEMO_IDS.mengda] },
    });
    // sent again (a retry): the body is not created twice
    const again = await call(`mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }`, dongfangParty, {
      i: { kind: 'SUPERVISORY_BOARD', name: '梦达教师楼业主监事会', compoundIds: [DEMO_IDS.mengda] },
    });
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors[0].extensions.id).toBe(board.createOrganisation.id);
    const member = residentOf(7).personId;
    const post = await ok(`mutation($i: AppointPostInput!) { appointPost(input: $i) { id } }`, dongfangParty, {
      i: { personId: member, organisationId: board.createOrganisation.id, role: '监事长', memberType: 'OWNER', startsOn: '2026-03-01' },
    });
    const id = post.appointPost.id;
    await ok(`mutation($id: ID!) { endPost(id: $id, endsOn: "2026-09-30") { endsOn } }`, dongfangParty, { id });
    const announced = { postId: id, personId: member, organisationId: board.createOrganisation.id, organisationKind: 'SUPERVISORY_BOARD', compoundId: DEMO_IDS.mengda, role: '监事长', startsOn: '2026-03-01' };
    expect(await outbox(id)).toEqual([{ ...announced, endsOn: null }, { ...announced, endsOn: '2026-09-30' }]);
    // A refused change announces nothing.
    expect(codeOf(await call(`mutation($id: ID!) { endPost(id: $id) { endsOn } }`, dongfangParty, { id }))).toBe('CONFLICT');
    expect(await outbox(id)).toHaveLength(2);
  });

  it('ends an organisation with its posts, and a compound without its owners\' committee has one of the three noes again', async () => {
    const THREE_NOES = `query { compound(id: "${DEMO_IDS.guangchangShangsha}") { threeNoes { noOwnersCommittee } } }`;
    expect((await ok(THREE_NOES, undefined)).compound.threeNoes.noOwnersCommittee).toBe(true);
    const { createOrganisation: committee } = await ok(CREATE, dongfangParty, {
      i: { kind: 'OWNERS_COMMITTEE', name: '广场商厦区域临时业主委员会', compoundIds: [DEMO_IDS.guangchangShangsha], termStartsOn: '2026-01-01', termEndsOn: '2028-12-31' },
    });
    expect((await ok(THREE_NOES, undefined)).compound.threeNoes.noOwnersCommittee).toBe(false);
    const owners = demoCommunity.units!.filter((u) => u.compoundId === DEMO_IDS.guangchangShangsha && u.use === 'RESIDENTIAL').map((u) => u.ownerId!);
    const APPOINT = `mutation($i: AppointPostInput!) { appointPost(input: $i) { id } }`;
    const now = (await ok(APPOINT, dongfangParty, { i: { personId: owners[0], organisationId: committee.id, role: '主任', memberType: 'OWNER', startsOn: '2026-01-01' } })).appointPost.id;
    const later = (await ok(APPOINT, dongfangParty, { i: { personId: owners[1], organisationId: committee.id, role: '委员', memberType: 'OWNER', startsOn: '2027-01-01' } })).appointPost.id;
    const END = `mutation($id: ID!, $on: String) { endOrganisation(id: $id, endsOn: $on) { status posts(includeEnded: true) { id endsOn } } }`;
    expect(codeOf(await call(END, minglouOfficial, { id: committee.id, on: '2026-06-30' }))).toBe('FORBIDDEN');
    expect(codeOf(await call(END, mengdaCommittee, { id: committee.id, on: '2026-06-30' }))).toBe('FORBIDDEN');
    expect(codeOf(await call(END, dongfangParty, { id: committee.id, on: '2026-02-30' }))).toBe('BAD_USER_INPUT');
    // a body with a sub-body still going is not ended
    expect(codeOf(await call(END, dongfangParty, { id: partyCommittee, on: '2026-06-30' }))).toBe('CONFLICT');
    const ended = (await ok(END, dongfangParty, { id: committee.id, on: '2026-06-30' })).endOrganisation;
    expect(ended.status).toBe('ENDED');
    expect(Object.fromEntries(ended.posts.map((p: any) => [p.id, p.endsOn]))).toEqual({ [now]: '2026-06-30', [later]: '2027-01-01' });
    expect((await ok(THREE_NOES, undefined)).compound.threeNoes.noOwnersCommittee).toBe(true);
    const announced = await hub.subgraphs.community.ds.getRepository(OutboxEvent).find({ where: { topic: 'PostChanged', aggregateId: now }, order: { id: 'ASC' } });
    expect(JSON.parse(announced.at(-1)!.payload)).toMatchObject({ postId: now, endsOn: '2026-06-30', organisationKind: 'OWNERS_COMMITTEE' });
    expect(codeOf(await call(END, dongfangParty, { id: committee.id }))).toBe('CONFLICT');
  });

  it('registers a person once per ID number, and only for Party work', async () => {
    const REGISTER = `mutation($i: RegisterPersonInput!) { registerPerson(input: $i) { id kind name phone partyMember } }`;
    const input = { name: '陈晓燕', phone: '13900001111', idNumber: '11010519491231002X', partyMember: true };
    const { registerPerson: p } = await ok(REGISTER, dongfangParty, { i: input });
    expect(p).toMatchObject({ kind: 'INDIVIDUAL', name: '陈*燕', phone: '139****1111', partyMember: true });
    const again = await call(REGISTER, dongfangParty, { i: { ...input, name: '陈晓艳' } });
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors[0].extensions.id).toBe(p.id);
    expect(codeOf(await call(REGISTER, dongfangParty, { i: { name: '李四', phone: '2390000111' } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(REGISTER, dongfangParty, { i: { name: '李四', idNumber: '110105194912310021' } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(REGISTER, mengdaCommittee, { i: { name: '李四' } }))).toBe('FORBIDDEN');
    expect(codeOf(await call(REGISTER, analyst, { i: { name: '李四' } }))).toBe('FORBIDDEN');
    expect((await ok(`query($id: ID!) { person(id: $id) { name idNumber } }`, admin, { id: p.id })).person).toEqual({ name: '陈晓燕', idNumber: input.idNumber });
  });

  it('links Party members to households and logs serving members\' hours', async () => {
    const member = demoCommunity.people!.find((p) => p.partyMember && p.phone)!;
    const linked = await ok(`mutation($m: ID!, $u: [ID!]!) { linkHouseholds(memberId: $m, unitIds: $u) { unit { number } } }`, dongfangParty, {
      m: member.id,
      u: [mengdaUnits[10].id, mengdaUnits[11].id, mengdaUnits[10].id],
    });
    expect(linked.linkHouseholds).toHaveLength(2);
    const read = await ok(`query($id: ID!) { person(id: $id) { liaisonHouseholds { unit { id } } } }`, dongfangParty, { id: member.id });
    expect(read.person.liaisonHouseholds.map((l: any) => l.unit.id).sort()).toEqual([mengdaUnits[10].id, mengdaUnits[11].id].sort());
    // the other side of the link: the household's resident sees who looks after them, a neighbour does not
    const UNIT = `query($id: ID!) { unit(id: $id) { liaisons { member { id } } } }`;
    expect((await ok(UNIT, residentOf(10).token, { id: mengdaUnits[10].id })).unit.liaisons).toEqual([{ member: { id: member.id } }]);
    expect(codeOf(await call(UNIT, residentOf(0).token, { id: mengdaUnits[10].id }))).toBe('FORBIDDEN');
    expect((await ok(UNIT, dongfangParty, { id: mengdaUnits[12].id })).unit.liaisons).toEqual([]);
    // a Party organisation of another street does not read these households through the member
    const minglouParty = tokenFor({ sub: 'party-minglou', role: 'PARTY_ORGANISATION', regions: [DEMO_REGIONS.minglou] });
    expect((await ok(`query($id: ID!) { person(id: $id) { liaisonHouseholds { unit { id } } } }`, minglouParty, { id: member.id })).person.liaisonHouseholds).toEqual([]);
    const notMember = demoCommunity.people!.find((p) => !p.partyMember && p.phone)!;
    expect(codeOf(await call(`mutation($m: ID!, $u: [ID!]!) { linkHouseholds(memberId: $m, unitIds: $u) { since } }`, dongfangParty, { m: notMember.id, u: [mengdaUnits[1].id] }))).toBe('BAD_USER_INPUT');
    const reg = await ok(`mutation($m: ID!, $c: ID!) { registerServingMember(memberId: $m, communityCode: $c, employer: "宁波市教育局") { id } }`, dongfangParty, { m: member.id, c: DEMO_REGIONS.dongfang });
    const LOG = `mutation($r: ID!, $d: String!, $n: Int!) { logServiceHours(registrationId: $r, servedOn: $d, minutes: $n, activity: "楼道清扫") { serviceMinutes serviceLog { minutes } } }`;
    const id = reg.registerServingMember.id;
    await ok(LOG, dongfangParty, { r: id, d: '2026-11-20', n: 90 });
    const logged = await ok(LOG, dongfangParty, { r: id, d: '2026-11-21', n: 30 });
    expect(logged.logServiceHours.serviceMinutes).toBe(120);
    expect(codeOf(await call(LOG, dongfangParty, { r: id, d: '2026-11-21', n: 0 }))).toBe('BAD_USER_INPUT');
    expect((await ok(LOG, dongfangParty, { r: id, d: '2026-11-22', n: 1440 })).logServiceHours.serviceMinutes).toBe(1560);
    const SERVING = `query($c: ID!) { servingMembers(communityCode: $c) { member { id } employer serviceMinutes } }`;
    expect((await ok(SERVING, dongfangParty, { c: DEMO_REGIONS.dongfang })).servingMembers).toContainEqual({ member: { id: member.id }, employer: '宁波市教育局', serviceMinutes: 1560 });
    expect(codeOf(await call(SERVING, tokenFor({ sub: 'party-minglou', role: 'PARTY_ORGANISATION', regions: [DEMO_REGIONS.minglou] }), { c: DEMO_REGIONS.dongfang }))).toBe('FORBIDDEN');
    expect(codeOf(await call(SERVING, residentOf(0).token, { c: DEMO_REGIONS.dongfang }))).toBe('FORBIDDEN');
    // a retried call with its entry key adds the time once, also when both arrive at once
    const KEYED = `mutation($r: ID!, $k: String) { logServiceHours(registrationId: $r, servedOn: "2026-11-23", minutes: 45, activity: "助老陪护", entryKey: $k) { serviceMinutes serviceLog { minutes } } }`;
    const twice = await Promise.all([ok(KEYED, dongfangParty, { r: id, k: 'app-entry-1' }), ok(KEYED, dongfangParty, { r: id, k: 'app-entry-1' })]);
    expect(twice.map((d) => d.logServiceHours.serviceMinutes)).toEqual([1605, 1605]);
    expect((await ok(KEYED, dongfangParty, { r: id, k: 'app-entry-1' })).logServiceHours.serviceLog).toHaveLength(4);
    // another key, or none, is another entry
    expect((await ok(KEYED, dongfangParty, { r: id, k: 'app-entry-2' })).logServiceHours.serviceMinutes).toBe(1650);
    expect((await ok(KEYED, dongfangParty, { r: id })).logServiceHours.serviceMinutes).toBe(1695);
  });
});

describe("an owners' committee election through the owners' vote", () => {
  const criteriaListId = demoId('criteria/minglou-7-9');
  const ELECTION = `id status matterId seats committee { id name status posts { role memberType person { id } } }
    candidates { id person { id } vetted eligible qualified onBallot prioritiesMet exclusionsHit reviews { body approve } }`;
  const NOMINATE = `mutation($e: ID!, $p: ID!, $u: ID!) { nominateCandidate(electionId: $e, personId: $p, unitId: $u) { id } }`;
  const VET = `mutation($c: ID!, $p: [String!]!, $x: [String!]!) { vetCandidate(candidateId: $c, prioritiesMet: $p, exclusionsHit: $x) { eligible } }`;
  const REVIEW = `mutation($c: ID!, $b: ReviewingBody!, $a: Boolean!, $n: String) { reviewCandidate(candidateId: $c, body: $b, approve: $a, note: $n) { qualified } }`;
  let electionId: string;
  const candidates: string[] = [];
  // six owners stand for three seats; the fourth is ruled out at vetting
  const nominees = [0, 20, 40, 60, 100, 120].map(residentOf);

  it('keeps vetting lists as data: Minglou\'s seven priorities and nine exclusions, and a street\'s own list', async () => {
    const LISTS = `{ criteriaLists { id name criteria { code kind text } } }`;
    const { criteriaLists } = await ok(LISTS, shiqiOfficial);
    const minglou = criteriaLists.find((l: any) => l.id === criteriaListId);
    expect(minglou.criteria.filter((c: any) => c.kind === 'PRIORITY')).toHaveLength(7);
    expect(minglou.criteria.filter((c: any) => c.kind === 'EXCLUSION')).toHaveLength(9);
    const CREATE_LIST = `mutation($n: String!, $c: [CriterionInput!]!) { createCriteriaList(name: $n, criteria: $c) { id name criteria { code kind } } }`;
    const criteria = [
      { code: 'P1', kind: 'PRIORITY', text: '热心公益、有时间精力' },
      { code: 'X1', kind: 'EXCLUSION', text: '拖欠物业费' },
    ];
    expect(codeOf(await call(CREATE_LIST, shiqiOfficial, { n: '石碶街道候选人条件', c: [...criteria, { ...criteria[0], text: '重复' }] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(CREATE_LIST, dongfangParty, { n: '石碶街道候选人条件', c: criteria }))).toBe('FORBIDDEN');
    const created = (await ok(CREATE_LIST, shiqiOfficial, { n: '石碶街道候选人条件', c: criteria })).createCriteriaList;
    expect(created.criteria).toEqual([{ code: 'P1', kind: 'PRIORITY' }, { code: 'X1', kind: 'EXCLUSION' }]);
    expect((await ok(LISTS, mengdaCommittee)).criteriaLists.map((l: any) => l.id)).toEqual(expect.arrayContaining([criteriaListId, created.id]));
    expect(codeOf(await call(LISTS, residentOf(0).token))).toBe('FORBIDDEN');
  });

  it('opens the election and takes candidates who own a unit of the compound', async () => {
    const input = { compoundId: DEMO_IDS.mengda, seats: 3, criteriaListId, reviewingBodies: ['PARTY_ORGANISATION', 'STREET_OFFICE'], termStartsOn: '2026-12-01', termEndsOn: '2031-11-30' };
    const OPEN = `mutation($i: OpenElectionInput!) { openElection(input: $i) { ${ELECTION} } }`;
    expect(codeOf(await call(OPEN, shiqiOfficial, { i: { ...input, seats: 4 } }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(OPEN, minglouOfficial, { i: input }))).toBe('FORBIDDEN');
    const opened = await ok(OPEN, shiqiOfficial, { i: input });
    electionId = opened.openElection.id;
    expect(opened.openElection.status).toBe('NOMINATING');
    expect(codeOf(await call(OPEN, shiqiOfficial, { i: input }))).toBe('CONFLICT');

    for (const n of nominees) candidates.push((await ok(NOMINATE, shiqiOfficial, { e: electionId, p: n.personId, u: n.unitId })).nominateCandidate.id);
    expect(codeOf(await call(NOMINATE, shiqiOfficial, { e: electionId, p: nominees[0].personId, u: nominees[0].unitId }))).toBe('CONFLICT');
    // a unit of the compound owned by someone else, and a unit of another compound
    expect(codeOf(await call(NOMINATE, shiqiOfficial, { e: electionId, p: nominees[0].personId, u: mengdaUnits[99].id }))).toBe('BAD_USER_INPUT');
    const gcssUnit = demoCommunity.units!.find((u) => u.compoundId === DEMO_IDS.guangchangShangsha)!;
    expect(codeOf(await call(NOMINATE, shiqiOfficial, { e: electionId, p: gcssUnit.ownerId, u: gcssUnit.id }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(NOMINATE, residentOf(1).token, { e: electionId, p: residentOf(1).personId, u: residentOf(1).unitId }))).toBe('FORBIDDEN');
  });

  it('vets against the list as data and needs every reviewing body to approve', async () => {
    for (const [i, c] of candidates.entries()) {
      const vetted = await ok(VET, shiqiOfficial, { c, p: i === 0 ? ['P1', 'P4'] : ['P5'], x: i === 3 ? ['X2'] : [] });
      expect(vetted.vetCandidate.eligible).toBe(i !== 3);
    }
    expect(codeOf(await call(VET, shiqiOfficial, { c: candidates[0], p: ['X1'], x: [] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(REVIEW, dongfangParty, { c: candidates[3], b: 'PARTY_ORGANISATION', a: true }))).toBe('INVALID_TRANSITION');
    expect(codeOf(await call(REVIEW, dongfangParty, { c: candidates[0], b: 'POLICE_STATION', a: true }))).toBe('FORBIDDEN');
    expect(codeOf(await call(REVIEW, shiqiOfficial, { c: candidates[0], b: 'POLICE_STATION', a: true }))).toBe('BAD_USER_INPUT');

    for (const c of candidates.filter((_, i) => i !== 3)) {
      expect((await ok(REVIEW, dongfangParty, { c, b: 'PARTY_ORGANISATION', a: true })).reviewCandidate.qualified).toBe(false);
    }
    // the street office first refuses one candidate, then approves all
    expect(codeOf(await call(REVIEW, shiqiOfficial, { c: candidates[2], b: 'STREET_OFFICE', a: false }))).toBe('BAD_USER_INPUT');
    await ok(REVIEW, shiqiOfficial, { c: candidates[2], b: 'STREET_OFFICE', a: false, n: '材料不全' });
    await ok(REVIEW, shiqiOfficial, { c: candidates[0], b: 'STREET_OFFICE', a: true });
    await ok(REVIEW, shiqiOfficial, { c: candidates[1], b: 'STREET_OFFICE', a: true });
    const START = `mutation($e: ID!) { startElectionVote(electionId: $e) { status matterId } }`;
    const early = await call(START, shiqiOfficial, { e: electionId });
    expect(codeOf(early)).toBe('BAD_USER_INPUT');
    expect(early.errors[0].message).toContain('there are 2');
    expect((await ok(REVIEW, shiqiOfficial, { c: candidates[2], b: 'STREET_OFFICE', a: true, n: '补齐材料' })).reviewCandidate.qualified).toBe(true);
    for (const c of candidates.slice(4)) expect((await ok(REVIEW, shiqiOfficial, { c, b: 'STREET_OFFICE', a: true })).reviewCandidate.qualified).toBe(true);

    const started = await ok(START, shiqiOfficial, { e: electionId });
    expect(started.startElectionVote.status).toBe('VOTING');
    expect(codeOf(await call(NOMINATE, shiqiOfficial, { e: electionId, p: residentOf(80).personId, u: residentOf(80).unitId }))).toBe('INVALID_TRANSITION');
    const conclude = await call(`mutation($e: ID!) { concludeElection(electionId: $e) { status } }`, shiqiOfficial, { e: electionId });
    expect(codeOf(conclude)).toBe('INVALID_TRANSITION');
  });

  it('elects three of five candidates by the owners\' ballots, forming the committee', async () => {
    const { election } = await ok(`query($e: ID!) { election(id: $e) { ${ELECTION} } }`, shiqiOfficial, { e: electionId });
    const matterId = election.matterId;
    // five qualified candidates for three seats: all on the ballot paper, the excluded one not
    expect(election.candidates.filter((c: any) => c.qualified).map((c: any) => c.id)).toEqual(candidates.filter((_, i) => i !== 3));
    expect(election.candidates.map((c: any) => c.onBallot)).toEqual(election.candidates.map((c: any) => c.qualified));
    const matter = `query($m: ID!) { matter(id: $m) { article278Item kind state } }`;
    expect((await ok(matter, shiqiOfficial, { m: matterId })).matter).toEqual({ article278Item: 3, kind: 'ELECTION', state: 'PROPOSED' });

    await ok(`mutation($m: ID!) { preReviewMatter(id: $m, by: OWNERS_COMMITTEE, approve: true) { state } }`, mengdaCommittee, { m: matterId });
    await ok(`mutation($m: ID!) { preReviewMatter(id: $m, by: PARTY_ORGANISATION, approve: true) { state } }`, dongfangParty, { m: matterId });
    await ok(`mutation($m: ID!) { openConsultation(id: $m) { state } }`, shiqiOfficial, { m: matterId });
    await ok(`mutation($m: ID!, $i: ConsultationInput!) { recordConsultation(id: $m, input: $i) { state } }`, shiqiOfficial, {
      m: matterId,
      i: { heldAt: new Date(Date.now() - 60_000).toISOString(), parties: ['红管家治理小组', '社区党委', '居委会'], participants: 40, summary: '候选人见面会' },
    });
    const closesAt = new Date(Date.now() + 20_000);
    await ok(`mutation($m: ID!, $at: String!) { openVote(id: $m, closesAt: $at) { state } }`, shiqiOfficial, { m: matterId, at: closesAt.toISOString() });
    // while the owners vote, the register that counts the vote stays as it is
    const areaBefore = (await ok(`query { compound(id: "${DEMO_IDS.mengda}") { registeredAreaCentiM2 } }`, admin)).compound.registeredAreaCentiM2;
    const regrow = { building: '1幢', number: '999', use: 'RESIDENTIAL', areaCentiM2: 999999, ownerName: '新开发商', ownerKind: 'DEVELOPER' };
    const refused = await call(`mutation($c: ID!, $rows: [UnitImportRow!]!) { importUnits(compoundId: $c, rows: $rows) { unitsCreated } }`, admin, { c: DEMO_IDS.mengda, rows: [regrow] });
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.errors[0].extensions.matterId).toBe(matterId);
    expect((await ok(`query { compound(id: "${DEMO_IDS.mengda}") { registeredAreaCentiM2 } }`, admin)).compound.registeredAreaCentiM2).toBe(areaBefore);

    const BALLOT = `mutation($m: ID!, $c: [ID!]!) { castElectionBallot(matterId: $m, candidateIds: $c) { replaced candidates { id } } }`;
    const [a, b, c, , e, d] = candidates;
    // bad ballots change nothing: one mark more than the seats, a repeated mark, a candidate ruled out, a FOR/AGAINST ballot
    for (const marks of [[a, b, c, e], [a, a], [candidates[3]]]) expect(codeOf(await call(BALLOT, residentOf(0).token, { m: matterId, c: marks }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(`mutation($m: ID!) { castBallot(matterId: $m, choice: FOR) { choice } }`, residentOf(0).token, { m: matterId }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(BALLOT, mengdaCommittee, { m: matterId, c: [a] }))).toBe('FORBIDDEN');

    // 110 owners vote: 0–49 mark a, b, c; 50–79 a, b, e; 80–109 c, e, d (d falls short of a majority)
    const plan = (i: number) => (i < 50 ? [a, b, c] : i < 80 ? [a, b, e] : [c, e, d]);
    const marksOf = new Map<string, string[]>();
    const first = await ok(BALLOT, residentOf(109).token, { m: matterId, c: [a] });
    expect(first.castElectionBallot).toEqual({ replaced: false, candidates: [{ id: a }] });
    for (let i = 0; i < 110; i += 22) {
      const batch = Array.from({ length: 22 }, (_, k) => i + k);
      const bodies = await Promise.all(batch.map((n) => call(BALLOT, residentOf(n).token, { m: matterId, c: plan(n) })));
      bodies.forEach((body, k) => {
        expect(body.errors).toBeUndefined();
        marksOf.set(residentOf(batch[k]).personId, plan(batch[k]));
      });
    }
    expect(codeOf(await call(BALLOT, residentOf(109).token, { m: matterId, c: [a, a] }))).toBe('BAD_USER_INPUT');

    // The expected count, from the register: area per owner, one head per owner.
    const areaOf = new Map<string, number>();
    for (const u of mengdaUnits) areaOf.set(u.ownerId!, (areaOf.get(u.ownerId!) ?? 0) + u.areaCentiM2);
    const voters = [...marksOf.keys()];
    const participating = { areaCentiM2: voters.reduce((s, o) => s + areaOf.get(o)!, 0), owners: voters.length };
    const supporting = (id: string) => {
      const backers = voters.filter((o) => marksOf.get(o)!.includes(id));
      return { areaCentiM2: backers.reduce((s, o) => s + areaOf.get(o)!, 0), owners: backers.length };
    };
    const hasMajority = (id: string) => supporting(id).areaCentiM2 * 2 > participating.areaCentiM2 && supporting(id).owners * 2 > participating.owners;
    const ranked = [a, b, c, e, d]
      .filter(hasMajority)
      .sort((x, y) => supporting(y).areaCentiM2 - supporting(x).areaCentiM2 || supporting(y).owners - supporting(x).owners);
    expect(hasMajority(d)).toBe(false);
    expect(ranked.length).toBeGreaterThan(3);
    // the data leaves no tie at the last seat
    expect(supporting(ranked[2]).areaCentiM2).not.toBe(supporting(ranked[3]).areaCentiM2);
    const expectedElected = ranked.slice(0, 3).sort();

    const TALLY = `query($m: ID!) { matter(id: $m) { myCandidates { id } tally { countsWithheld for { owners } passed participating { owners } }
      electionTally { seats countsWithheld quorumMet complete runOffSeats final participating { areaCentiM2 owners }
        candidates { candidate { id } supporting { areaCentiM2 owners } majority elected runOff } } } }`;
    // while the vote is open a resident sees who took part, not how the votes fall
    const asResident = (await ok(TALLY, residentOf(109).token, { m: matterId })).matter;
    expect(asResident.myCandidates.map((x: any) => x.id).sort()).toEqual([c, e, d].sort());
    expect(asResident.tally).toEqual({ countsWithheld: true, for: null, passed: null, participating: { owners: participating.owners } });
    expect(asResident.electionTally).toMatchObject({ countsWithheld: true, complete: null, runOffSeats: null, participating, quorumMet: true, final: false });
    expect(asResident.electionTally.candidates.every((x: any) => x.supporting === null && x.elected === null && x.majority === null)).toBe(true);
    expect(asResident.electionTally.candidates.map((x: any) => x.candidate.id)).toEqual([...candidates.filter((_, i) => i !== 3)].sort());
    // officials see the live count
    const live = (await ok(TALLY, shiqiOfficial, { m: matterId })).matter.electionTally;
    expect(live.countsWithheld).toBe(false);
    expect(Object.fromEntries(live.candidates.map((x: any) => [x.candidate.id, x.supporting]))).toEqual(Object.fromEntries([a, b, c, e, d].map((id) => [id, supporting(id)])));

    await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now() + 200)));
    const closed = await ok(`mutation($m: ID!) { closeVote(id: $m) { state tally { passed quorumMet } publications { stage content } } }`, shiqiOfficial, { m: matterId });
    expect(closed.closeVote.state).toBe('RESOLVED');
    expect(closed.closeVote.tally).toEqual({ passed: true, quorumMet: true });
    expect(closed.closeVote.publications.at(-1).content).toContain('ELECTED: all 3 seats filled');

    // the five candidates of the count come from one statement
    const { result, statements } = await counted(() => ok(TALLY, residentOf(7).token, { m: matterId }));
    expect(statements.filter((q) => /FROM [`"]?candidate[`"]?/i.test(q))).toHaveLength(1);
    const final = result.matter.electionTally;
    expect(final).toMatchObject({ seats: 3, countsWithheld: false, quorumMet: true, complete: true, runOffSeats: 0, final: true, participating });
    const order = [a, b, c, e, d].sort((x, y) => supporting(y).areaCentiM2 - supporting(x).areaCentiM2 || supporting(y).owners - supporting(x).owners || (x < y ? -1 : 1));
    expect(final.candidates.map((x: any) => x.candidate.id)).toEqual(order);
    for (const x of final.candidates) {
      const id = x.candidate.id;
      expect(x).toEqual({ candidate: { id }, supporting: supporting(id), majority: hasMajority(id), elected: expectedElected.includes(id), runOff: false });
    }

    const concluded = await ok(`mutation($e: ID!) { concludeElection(electionId: $e) { ${ELECTION} } }`, shiqiOfficial, { e: electionId });
    const done = concluded.concludeElection;
    expect(done.status).toBe('ELECTED');
    expect(done.committee.status).toBe('ACTIVE');
    expect(done.committee.name).toBe('梦达教师楼业主委员会');
    const personOf = new Map(election.candidates.map((x: any) => [x.id, x.person.id]));
    expect(done.committee.posts.map((p: any) => p.person.id).sort()).toEqual(expectedElected.map((id) => personOf.get(id)).sort());
    expect(done.committee.posts.every((p: any) => p.role === '委员' && p.memberType === 'OWNER')).toBe(true);
    // the new posts are announced to finance (PostChanged) in the same transaction
    const announced = (await hub.subgraphs.community.ds.getRepository(OutboxEvent).findBy({ topic: 'PostChanged' }))
      .map((ev) => JSON.parse(ev.payload))
      .filter((p) => p.organisationId === done.committee.id);
    expect(announced.map((p) => p.personId).sort()).toEqual(expectedElected.map((id) => personOf.get(id)).sort());
    expect(announced.every((p) => p.organisationKind === 'OWNERS_COMMITTEE' && p.compoundId === DEMO_IDS.mengda && p.endsOn === null)).toBe(true);
    const listed = await ok(`query($c: ID!) { elections(compoundId: $c) { edges { node { id status } } } }`, residentOf(7).token, { c: DEMO_IDS.mengda });
    expect(listed.elections.edges.map((x: any) => x.node)).toEqual([{ id: electionId, status: 'ELECTED' }]);
    expect(codeOf(await call(`query($c: ID!) { elections(compoundId: $c) { edges { node { id } } } }`, residentOf(7).token, { c: DEMO_IDS.guangchangShangsha }))).toBe('FORBIDDEN');
    const compound = await ok(`query { compound(id: "${DEMO_IDS.mengda}") { threeNoes { noOwnersCommittee all } } }`, undefined);
    expect(compound.compound.threeNoes).toEqual({ noOwnersCommittee: false, all: false });
  }, 90_000);

  it('raises the re-election flag when rating reports the committee failed its reviews', async () => {
    const { election } = await ok(`query($e: ID!) { election(id: $e) { committee { id } } }`, shiqiOfficial, { e: electionId });
    const committeeId = election.committee.id;
    await transaction(hub.subgraphs.rating.ds, (m) =>
      recordEvent(m, 'CommitteeReelectionFlagged', committeeId, { committeeId, compoundId: DEMO_IDS.mengda, years: [2027, 2028], flaggedAt: '2029-01-15T02:00:00.000Z' }),
    );
    await hub.settle();
    const { organisation } = await ok(`query($id: ID!) { organisation(id: $id) { status reelectionYears reelectionFlaggedAt } }`, mengdaCommittee, { id: committeeId });
    expect(organisation).toEqual({ status: 'REELECTION_DUE', reelectionYears: [2027, 2028], reelectionFlaggedAt: '2029-01-15T02:00:00.000Z' });
  });
});

describe('an election whose vote is refused at pre-review', () => {
  it('fails, and no committee is formed', async () => {
    const gcss = demoCommunity.units!.filter((u) => u.compoundId === DEMO_IDS.guangchangShangsha && u.use === 'RESIDENTIAL');
    const opened = await ok(`mutation($i: OpenElectionInput!) { openElection(input: $i) { id } }`, dongfangParty, {
      i: { compoundId: DEMO_IDS.guangchangShangsha, seats: 3, criteriaListId: demoId('criteria/minglou-7-9'), reviewingBodies: ['PARTY_ORGANISATION', 'RESIDENTS_COMMITTEE'], termStartsOn: '2027-01-01', termEndsOn: '2030-12-31' },
    });
    const electionId = opened.openElection.id;
    for (const u of gcss.slice(0, 3)) {
      const { nominateCandidate } = await ok(`mutation($e: ID!, $p: ID!, $u: ID!) { nominateCandidate(electionId: $e, personId: $p, unitId: $u) { id } }`, dongfangParty, { e: electionId, p: u.ownerId, u: u.id });
      await ok(`mutation($c: ID!) { vetCandidate(candidateId: $c, prioritiesMet: ["P5"], exclusionsHit: []) { eligible } }`, dongfangParty, { c: nominateCandidate.id });
      await ok(`mutation($c: ID!) { reviewCandidate(candidateId: $c, body: PARTY_ORGANISATION, approve: true) { qualified } }`, dongfangParty, { c: nominateCandidate.id });
      await ok(`mutation($c: ID!) { reviewCandidate(candidateId: $c, body: RESIDENTS_COMMITTEE, approve: true) { qualified } }`, shiqiOfficial, { c: nominateCandidate.id });
    }
    const { startElectionVote } = await ok(`mutation($e: ID!) { startElectionVote(electionId: $e) { matterId } }`, dongfangParty, { e: electionId });
    await ok(`mutation($m: ID!) { preReviewMatter(id: $m, by: PARTY_ORGANISATION, approve: false, note: "候选人结构不合理，重新提名") { state } }`, dongfangParty, { m: startElectionVote.matterId });
    const { concludeElection } = await ok(`mutation($e: ID!) { concludeElection(electionId: $e) { status committee { id } decidedAt } }`, dongfangParty, { e: electionId });
    expect(concludeElection.status).toBe('FAILED');
    expect(concludeElection.committee).toBeNull();
    expect(Date.parse(concludeElection.decidedAt)).toBeLessThanOrEqual(Date.now());
    const { compound } = await ok(`query { compound(id: "${DEMO_IDS.guangchangShangsha}") { threeNoes { noOwnersCommittee } } }`, undefined);
    expect(compound.threeNoes.noOwnersCommittee).toBe(true);
    // concluded: a new election may be opened
    const again = await call(`mutation($i: OpenElectionInput!) { openElection(input: $i) { status } }`, dongfangParty, {
      i: { compoundId: DEMO_IDS.guangchangShangsha, seats: 5, criteriaListId: demoId('criteria/minglou-7-9'), reviewingBodies: ['PARTY_ORGANISATION', 'STREET_OFFICE'], termStartsOn: '2027-03-01', termEndsOn: '2032-02-28' },
    });
    expect(again.data.openElection.status).toBe('NOMINATING');
  });
});

describe('communityStats', () => {
  const Q = `query($r: ID!) { communityStats(regionCode: $r, from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") {
    regionCode coverage { compounds withOwnersCommittee withPartyBranch withPropertyFirm } threeNoes { name communityCode } requests { total } } }`;

  it('gives analysts coverage and the three-noes list, with no personal data', async () => {
    // Contracts as the property subgraph announces them: one firm in force, one firm's contract
    // already over, one self-managed compound.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const contract = (compoundId: string, firmId: string | null, startsOn: string, endsOn: string | null) => ({
      contractId: uuidv7(), compoundId, firmId, model: firmId ? ('STANDARD' as const) : ('SELF_MANAGED' as const), startsOn, endsOn, status: 'ANNOUNCED',
    });
    const jinli = (await ok(`query($r: ID!) { compounds(regionCode: $r, first: 10) { edges { node { id name } } } }`, analyst, { r: DEMO_REGIONS.jinli })).compounds.edges[0].node.id;
    await transaction(hub.subgraphs.property.ds, async (m) => {
      for (const c of [contract(DEMO_IDS.guangchangShangsha, DEMO_IDS.chunjiangFirm, '2025-07-01', null), contract(jinli, DEMO_IDS.chunjiangFirm, day(-400), day(-1)), contract(DEMO_IDS.mengda, null, '2025-03-01', null)]) {
        await recordEvent(m, 'ContractChanged', c.contractId, c);
      }
    });
    await hub.settle();
    const { body } = await gql(url, Q, { token: analyst, variables: { r: DEMO_REGIONS.shiqi } });
    expect(body.errors).toBeUndefined();
    const stats = body.data.communityStats;
    // Mengda got its committee and branch above; Guangchang Shangsha has its branch and Chunjiang; 锦丽花园 has none.
    expect(stats.coverage).toEqual({ compounds: 3, withOwnersCommittee: 1, withPartyBranch: 2, withPropertyFirm: 1 });
    expect(stats.threeNoes).toEqual([]);
    const text = JSON.stringify(body);
    for (const p of demoCommunity.people!.filter((x) => x.kind === 'INDIVIDUAL').slice(0, 50)) expect(text).not.toContain(p.name);
    const haishu = await ok(Q, analyst, { r: DEMO_REGIONS.haishu });
    expect(haishu.communityStats.coverage.compounds).toBe(4);
    expect(haishu.communityStats.threeNoes).toEqual([]);
    // After every creation, ending and election above, each compound's coverage counts are what its links say.
    const kept = await hub.subgraphs.community.ds.query('SELECT id, ownersCommittees, partyBranches FROM compound ORDER BY id');
    const fromLinks = await hub.subgraphs.community.ds.query(
      `SELECT c.id,
        (SELECT COUNT(*) FROM organisation_compound oc JOIN organisation o ON o.id = oc.organisationId WHERE oc.compoundId = c.id AND o.status <> 'ENDED' AND o.kind = 'OWNERS_COMMITTEE') AS ownersCommittees,
        (SELECT COUNT(*) FROM organisation_compound oc JOIN organisation o ON o.id = oc.organisationId WHERE oc.compoundId = c.id AND o.status <> 'ENDED' AND o.kind = 'PARTY_ORGANISATION' AND o.partyLevel = 'COMPOUND') AS partyBranches
       FROM compound c ORDER BY c.id`,
    );
    const counts = (rows: Array<Record<string, unknown>>) => rows.map((r) => [r.id, Number(r.ownersCommittees), Number(r.partyBranches)]);
    expect(counts(kept)).toEqual(counts(fromLinks));
    expect(counts(kept).some(([, committees]) => Number(committees) > 0)).toBe(true);
  });

  it('is refused to residents and to officials of another region', async () => {
    expect(codeOf(await call(Q, residentOf(0).token, { r: DEMO_REGIONS.shiqi }))).toBe('FORBIDDEN');
    expect(codeOf(await call(Q, minglouOfficial, { r: DEMO_REGIONS.shiqi }))).toBe('FORBIDDEN');
    expect(codeOf(await call(Q, analyst, { r: 'nowhere' }))).toBe('BAD_USER_INPUT');
  });
});
