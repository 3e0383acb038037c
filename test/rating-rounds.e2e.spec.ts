import { In } from 'typeorm';
import { OutboxEvent, recordEvent, transaction, uuidv7, type EventPayloads } from '@hub/platform';
import { RatingResultEntity } from '../subgraphs/rating/src/results/rating-result.entity';
import { RatingSchemeEntity } from '../subgraphs/rating/src/schemes/rating-scheme.entity';
import { RaterEntity } from '../subgraphs/rating/src/rounds/rating-round.entity';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_REGIONS, property as propertyDemo } from '../scripts/demo-data';
import { gql, tokenFor } from './client';

/**
 * A quarter's rating round of Haishu district through the gateway: scheme, rater roster, sheets
 * from the three groups and resident satisfaction fed by closed requests, closing with provisional
 * results only the entitled see, publication with ranking, the red/black list, RatingPublished to
 * finance; and the owners' committee reviews with the re-election flag.
 */
let env: TestEnvironment;
let hub: Hub;

const R = DEMO_REGIONS;
const haishuOfficial = tokenFor({ sub: 'official-haishu', role: 'OFFICIAL', regions: [R.haishu] });
const shiqiOfficial = tokenFor({ sub: 'official-shiqi', role: 'OFFICIAL', regions: [R.shiqi] });
const ownersCommittee = (sub: string, compound: string = DEMO_IDS.youhe) => tokenFor({ sub, role: 'OWNERS_COMMITTEE', compounds: [compound] });
const resident = (sub: string, compound: string = DEMO_IDS.youhe) => tokenFor({ sub, role: 'RESIDENT', compounds: [compound] });
const party = (sub: string, region: string) => tokenFor({ sub, role: 'PARTY_ORGANISATION', regions: [region] });
const chunjiang = tokenFor({ sub: 'firm-user', role: 'PROPERTY_FIRM', firm: DEMO_IDS.chunjiangFirm });
const otherFirm = tokenFor({ sub: 'other-firm-user', role: 'PROPERTY_FIRM', firm: uuidv7() });

const PERIOD = '2026-Q4';

async function call(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const { status, body } = await gql(hub.gateway.url, query, { token, variables });
  expect(status).toBe(200);
  return body;
}
async function ok(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const body = await call(token, query, variables);
  expect(body.errors).toBeUndefined();
  return body.data;
}
async function errorCode(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
  const body = await call(token, query, variables);
  return body.errors?.[0]?.extensions?.code;
}

const CREATE_SCHEME = `mutation($input: CreateRatingSchemeInput!) { createRatingScheme(input: $input) { id districtCode indicators { code weightBasisPoints } groups { group proportionBasisPoints minRaters } } }`;
const CURRENT_SCHEME = `query($d: ID!) { currentRatingScheme(districtCode: $d) { id name } }`;
const OPEN = `mutation($d: ID!, $p: String!) { openRound(input: { districtCode: $d, period: $p }) { id status period scheme { id } } }`;
const ROUND = `query($id: ID!) { ratingRound(id: $id) { status compounds(first: 10) { edges { node { compound { id name } firm { id name } outcome withheldReason sheets } } } } }`;
const REGISTER = `mutation($r: ID!, $c: ID!, $raters: [RaterInput!]!) { registerRaters(roundId: $r, compoundId: $c, raters: $raters) }`;
const SUBMIT = `mutation($r: ID!, $c: ID!, $s: [IndicatorScoreInput!]!) { submitScores(roundId: $r, compoundId: $c, scores: $s) { id group } }`;
const RESULTS = `query($id: ID!) { ratingRound(id: $id) { results(first: 10) { edges { node { compound { id } score status rank firm { id }
  groups { group raters complete appliedPercent score indicators { indicator mean } } } } } } }`;
const LATEST = `query($id: ID!) { compound(id: $id) { name latestRating { period score status } } }`;

const sheet = (cleaning: number, repairs: number, attitude: number) => [
  { indicator: 'CLEANING', score: cleaning },
  { indicator: 'REPAIRS', score: repairs },
  { indicator: 'ATTITUDE', score: attitude },
];

const schemeInput = (cleaningWeight = 5_000) => ({
  districtCode: R.haishu,
  name: '海曙区2026年第四季度物业服务评价方案',
  indicators: [
    { code: 'CLEANING', name: '环境保洁', weightBasisPoints: cleaningWeight },
    { code: 'REPAIRS', name: '设施维修', weightBasisPoints: 3_000 },
    { code: 'ATTITUDE', name: '服务态度', weightBasisPoints: 2_000 },
  ],
  groups: [
    { group: 'OWNERS_COMMITTEE', proportionBasisPoints: 4_000, minRaters: 2 },
    { group: 'OWNER_REPRESENTATIVES', proportionBasisPoints: 3_000, minRaters: 2 },
    { group: 'COMMUNITY', proportionBasisPoints: 2_000, minRaters: 1 },
    { group: 'RESIDENT_SATISFACTION', proportionBasisPoints: 1_000, minRaters: 2 },
  ],
  incompleteGroupRule: 'REDISTRIBUTE',
  listRule: { kind: 'SHARE', red: 3_400, black: 3_400 },
});

let roundId: string;

beforeAll(async () => {
  env = testEnvironment();
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  await hub.settle();
});

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
});

describe("a quarter's round for Haishu district", () => {
  it('lets only the district set its scheme, and refuses weights that do not sum to 100%', async () => {
    const before = (await ok(undefined, CURRENT_SCHEME, { d: R.haishu })).currentRatingScheme;
    expect(before?.name).toBe('海曙区物业服务质量量化评价方案');
    expect(await errorCode(haishuOfficial, CREATE_SCHEME, { input: schemeInput(4_999) })).toBe('BAD_USER_INPUT');
    expect(await errorCode(shiqiOfficial, CREATE_SCHEME, { input: schemeInput() })).toBe('FORBIDDEN');
    expect((await ok(undefined, CURRENT_SCHEME, { d: R.haishu })).currentRatingScheme.id).toBe(before.id);

    const created = (await ok(haishuOfficial, CREATE_SCHEME, { input: { ...schemeInput(), requestKey: 'haishu-2026-q4' } })).createRatingScheme;
    expect(created.groups).toHaveLength(4);
    expect((await ok(undefined, CURRENT_SCHEME, { d: R.haishu })).currentRatingScheme.id).toBe(created.id);
  });

  it('returns the first scheme when a creation is retried with its requestKey, and refuses the key for other contents', async () => {
    const schemes = () => hub.subgraphs.rating.ds.getRepository(RatingSchemeEntity).countBy({ districtCode: R.haishu });
    const before = await schemes();
    const current = (await ok(undefined, CURRENT_SCHEME, { d: R.haishu })).currentRatingScheme;
    // The client lost the answer and sends the same request again, twice at once.
    const retries = await Promise.all([1, 2].map(() => ok(haishuOfficial, CREATE_SCHEME, { input: { ...schemeInput(), requestKey: 'haishu-2026-q4' } })));
    expect(retries.map((r) => r.createRatingScheme.id)).toEqual([current.id, current.id]);
    const concurrent = await Promise.all([1, 2, 3].map(() => ok(haishuOfficial, CREATE_SCHEME, { input: { ...schemeInput(), name: '并发重试', requestKey: 'haishu-concurrent' } })));
    expect(new Set(concurrent.map((r) => r.createRatingScheme.id)).size).toBe(1);
    expect(await schemes()).toBe(before + 1);

    // The same key for a different scheme, a malformed key, and a key of another district's official: refused, nothing created.
    expect(await errorCode(haishuOfficial, CREATE_SCHEME, { input: { ...schemeInput(), name: '另一方案', requestKey: 'haishu-2026-q4' } })).toBe('CONFLICT');
    expect(await errorCode(haishuOfficial, CREATE_SCHEME, { input: { ...schemeInput(), requestKey: 'has space' } })).toBe('BAD_USER_INPUT');
    expect(await errorCode(shiqiOfficial, CREATE_SCHEME, { input: { ...schemeInput(), requestKey: 'haishu-2026-q4' } })).toBe('FORBIDDEN');
    expect(await schemes()).toBe(before + 1);

    // The concurrent one became current; put the quarter's scheme back on top for the round below.
    const again = (await ok(haishuOfficial, CREATE_SCHEME, { input: { ...schemeInput(), requestKey: 'haishu-2026-q4-final' } })).createRatingScheme;
    expect(again.id).not.toBe(current.id);
    expect((await ok(undefined, CURRENT_SCHEME, { d: R.haishu })).currentRatingScheme.id).toBe(again.id);
  });

  it('rates the compounds under contract, as contracts and closed requests arrive by events', async () => {
    // Mengda's contract ends before the quarter; four of Youhe's requests close, one of them in the quarter before.
    const mengda = propertyDemo.contracts.find((c) => c.compoundId === DEMO_IDS.mengda)!;
    await transaction(hub.subgraphs.property.ds, (m) =>
      recordEvent(m, 'ContractChanged', mengda.id, { contractId: mengda.id, compoundId: mengda.compoundId, firmId: null, model: 'SELF_MANAGED', startsOn: mengda.startsOn, endsOn: '2026-09-30', status: 'ENDED' }),
    );
    const closed = (satisfaction: number | null, closedAt: string): EventPayloads['RequestClosed'] => ({ requestId: uuidv7(), compoundId: DEMO_IDS.youhe, category: 'REPAIRS', satisfaction, closedAt });
    await transaction(hub.subgraphs.community.ds, async (m) => {
      for (const c of [closed(5, '2026-10-20T03:00:00Z'), closed(4, '2026-11-02T03:00:00Z'), closed(null, '2026-11-03T03:00:00Z'), closed(1, '2026-09-30T15:59:59Z')]) {
        await recordEvent(m, 'RequestClosed', c.requestId, c);
      }
    });
    await hub.settle();

    expect(await errorCode(shiqiOfficial, OPEN, { d: R.haishu, p: PERIOD })).toBe('FORBIDDEN');
    expect(await errorCode(haishuOfficial, OPEN, { d: R.haishu, p: '2026-Q5' })).toBe('BAD_USER_INPUT');
    const round = (await ok(haishuOfficial, OPEN, { d: R.haishu, p: PERIOD })).openRound;
    roundId = round.id;
    expect(round.status).toBe('OPEN');
    expect(await errorCode(haishuOfficial, OPEN, { d: R.haishu, p: PERIOD })).toBe('CONFLICT');

    const compounds = (await ok(undefined, ROUND, { id: roundId })).ratingRound.compounds.edges.map((e: any) => e.node);
    expect(compounds.map((c: any) => c.compound.name).sort()).toEqual(['广场商厦区域', '游河小区'].sort());
    expect(compounds.find((c: any) => c.compound.id === DEMO_IDS.guangchangShangsha).firm).toEqual({ id: DEMO_IDS.chunjiangFirm, name: '春江物业' });
    expect(compounds.every((c: any) => c.outcome === 'PENDING' && c.sheets === 0)).toBe(true);
  });

  it('takes rosters by compound and group', async () => {
    const youhe = [
      { sub: 'oc-1', group: 'OWNERS_COMMITTEE' },
      { sub: 'oc-2', group: 'OWNERS_COMMITTEE' },
      { sub: 'rep-1', group: 'OWNER_REPRESENTATIVES' },
      { sub: 'rep-2', group: 'OWNER_REPRESENTATIVES' },
      { sub: 'party-yingfeng', group: 'COMMUNITY' },
    ];
    expect(await errorCode(haishuOfficial, REGISTER, { r: roundId, c: DEMO_IDS.youhe, raters: [{ sub: 'x', group: 'RESIDENT_SATISFACTION' }] })).toBe('BAD_USER_INPUT');
    expect(await errorCode(resident('rep-1'), REGISTER, { r: roundId, c: DEMO_IDS.youhe, raters: youhe })).toBe('FORBIDDEN');
    expect((await ok(haishuOfficial, REGISTER, { r: roundId, c: DEMO_IDS.youhe, raters: youhe })).registerRaters).toBe(5);
    expect((await ok(haishuOfficial, REGISTER, { r: roundId, c: DEMO_IDS.youhe, raters: youhe })).registerRaters).toBe(0);
    expect(await errorCode(haishuOfficial, REGISTER, { r: roundId, c: DEMO_IDS.youhe, raters: [{ sub: 'oc-1', group: 'COMMUNITY' }] })).toBe('CONFLICT');
    expect((await ok(haishuOfficial, REGISTER, { r: roundId, c: DEMO_IDS.guangchangShangsha, raters: [{ sub: 'party-dongfang', group: 'COMMUNITY' }] })).registerRaters).toBe(1);
  });

  it('takes one valid sheet per rater from each of the three groups; bad sheets change nothing', async () => {
    const submit = (token: string, scores: unknown, compound: string = DEMO_IDS.youhe) => call(token, SUBMIT, { r: roundId, c: compound, s: scores });
    const codeOf = async (token: string, scores: unknown, compound?: string) => (await submit(token, scores, compound)).errors?.[0]?.extensions?.code;

    expect(await codeOf(ownersCommittee('oc-1'), sheet(101, 80, 100))).toBe('BAD_USER_INPUT');
    expect(await codeOf(ownersCommittee('oc-1'), sheet(90, 80, 100).slice(0, 2))).toBe('BAD_USER_INPUT');
    expect(await codeOf(ownersCommittee('oc-9'), sheet(90, 80, 100))).toBe('FORBIDDEN'); // not on the roster
    expect(await codeOf(resident('oc-1'), sheet(90, 80, 100))).toBe('FORBIDDEN'); // rostered as owners' committee
    expect(await codeOf(ownersCommittee('oc-1', DEMO_IDS.mengda), sheet(90, 80, 100))).toBe('FORBIDDEN'); // out of scope
    expect(await codeOf(ownersCommittee('oc-1'), sheet(90, 80, 100), DEMO_IDS.guangchangShangsha)).toBe('FORBIDDEN'); // other compound

    const MINE = `query($all: Boolean) { myRatingAssignments(includeClosed: $all) { edges { node { round { period } compound { name } group submitted } } } }`;
    expect((await ok(ownersCommittee('oc-1'), MINE)).myRatingAssignments.edges.map((e: any) => e.node)).toEqual([
      { round: { period: PERIOD }, compound: { name: '游河小区' }, group: 'OWNERS_COMMITTEE', submitted: false },
    ]);

    const accepted = [
      [ownersCommittee('oc-1'), sheet(90, 80, 100)],
      [ownersCommittee('oc-2'), sheet(80, 70, 90)],
      [resident('rep-1'), sheet(70, 60, 80)],
      [resident('rep-2'), sheet(75, 65, 85)],
      [party('party-yingfeng', R.yingfeng), sheet(95, 90, 100)],
      [party('party-dongfang', R.dongfang), sheet(60, 50, 70), DEMO_IDS.guangchangShangsha],
    ] as const;
    for (const [token, scores, compound] of accepted) {
      const body = await submit(token, scores, compound);
      expect(body.errors).toBeUndefined();
    }
    expect(await codeOf(ownersCommittee('oc-1'), sheet(10, 10, 10))).toBe('CONFLICT');
    expect((await ok(ownersCommittee('oc-1'), MINE)).myRatingAssignments.edges.map((e: any) => e.node.submitted)).toEqual([true]);
    expect((await ok(ownersCommittee('oc-9'), MINE)).myRatingAssignments.edges).toEqual([]);

    const compounds = (await ok(undefined, ROUND, { id: roundId })).ratingRound.compounds.edges.map((e: any) => e.node);
    expect(Object.fromEntries(compounds.map((c: any) => [c.compound.id, c.sheets]))).toEqual({ [DEMO_IDS.youhe]: 5, [DEMO_IDS.guangchangShangsha]: 1 });
  });

  it('closes with provisional results that only the firm, the officials and admins see', async () => {
    const CLOSE = `mutation($r: ID!) { closeRound(roundId: $r) { status closedAt } }`;
    expect(await errorCode(chunjiang, CLOSE, { r: roundId })).toBe('FORBIDDEN');
    expect((await ok(haishuOfficial, CLOSE, { r: roundId })).closeRound.status).toBe('CLOSED');
    expect(await errorCode(haishuOfficial, CLOSE, { r: roundId })).toBe('INVALID_TRANSITION');
    // Reopened (say, after an objection) and closed again: the results are computed afresh, once.
    const REOPEN = `mutation($r: ID!) { reopenRound(roundId: $r) { status closedAt } }`;
    expect((await ok(haishuOfficial, REOPEN, { r: roundId })).reopenRound).toEqual({ status: 'OPEN', closedAt: null });
    expect((await ok(haishuOfficial, RESULTS, { id: roundId })).ratingRound.results.edges).toEqual([]);
    expect((await ok(haishuOfficial, CLOSE, { r: roundId })).closeRound.status).toBe('CLOSED');
    expect(await errorCode(ownersCommittee('oc-1'), SUBMIT, { r: roundId, c: DEMO_IDS.youhe, s: sheet(1, 1, 1) })).toBe('INVALID_TRANSITION');
    expect(await errorCode(haishuOfficial, REGISTER, { r: roundId, c: DEMO_IDS.youhe, raters: [{ sub: 'late', group: 'COMMUNITY' }] })).toBe('INVALID_TRANSITION');
    // Refused at the closed round: no sheet and no rater slipped in.
    const sheetsNow = (await ok(undefined, ROUND, { id: roundId })).ratingRound.compounds.edges.map((e: any) => [e.node.compound.id, e.node.sheets]);
    expect(Object.fromEntries(sheetsNow)).toEqual({ [DEMO_IDS.youhe]: 5, [DEMO_IDS.guangchangShangsha]: 1 });
    expect(await hub.subgraphs.rating.ds.getRepository(RaterEntity).countBy({ roundId, raterSub: 'late' })).toBe(0);
    const mine = async (all: boolean) => (await ok(ownersCommittee('oc-1'), `query($all: Boolean) { myRatingAssignments(includeClosed: $all) { edges { node { submitted } } } }`, { all })).myRatingAssignments.edges;
    expect([(await mine(false)).length, (await mine(true)).length]).toEqual([0, 1]);

    const seen = async (token?: string) => (await ok(token, RESULTS, { id: roundId })).ratingRound.results.edges.map((e: any) => e.node);
    expect(await seen()).toEqual([]);
    expect(await seen(otherFirm)).toEqual([]);
    // A partner of the district follows published results only: nothing provisional, by any path.
    const haishuPartner = tokenFor({ sub: 'partner-haishu', role: 'PARTNER', regions: [R.haishu] });
    expect(await seen(haishuPartner)).toEqual([]);
    // Nor whether a compound was rated or withheld: the round's compounds stay PENDING for them.
    const outcomes = async (token?: string) =>
      Object.fromEntries((await ok(token, ROUND, { id: roundId })).ratingRound.compounds.edges.map((e: any) => [e.node.compound.id, e.node.outcome]));
    expect(await outcomes()).toEqual({ [DEMO_IDS.youhe]: 'PENDING', [DEMO_IDS.guangchangShangsha]: 'PENDING' });
    expect(await outcomes(haishuPartner)).toEqual({ [DEMO_IDS.youhe]: 'PENDING', [DEMO_IDS.guangchangShangsha]: 'PENDING' });
    expect(await outcomes(chunjiang)).toEqual({ [DEMO_IDS.youhe]: 'PENDING', [DEMO_IDS.guangchangShangsha]: 'RATED' });
    expect(await outcomes(shiqiOfficial)).toEqual({ [DEMO_IDS.youhe]: 'PENDING', [DEMO_IDS.guangchangShangsha]: 'RATED' });
    expect(await outcomes(haishuOfficial)).toEqual({ [DEMO_IDS.youhe]: 'RATED', [DEMO_IDS.guangchangShangsha]: 'RATED' });
    expect((await ok(haishuPartner, `query($id: ID!) { propertyFirm(id: $id) { ratings(period: "${PERIOD}") { edges { node { status } } } } }`, { id: DEMO_IDS.chunjiangFirm })).propertyFirm.ratings.edges).toEqual([]);
    expect((await ok(haishuPartner, `query($d: ID!) { ratingRanking(districtCode: $d, period: "${PERIOD}") { edges { node { score } } } }`, { d: R.haishu })).ratingRanking.edges).toEqual([]);
    expect((await ok(haishuPartner, `query($r: String!) { ratingEvents(regionCode: $r, first: 50) { edges { node { period } } } }`, { r: R.haishu })).ratingEvents.edges.filter((e: any) => e.node.period === PERIOD)).toEqual([]);
    expect((await seen(chunjiang)).map((r: any) => r.compound.id)).toEqual([DEMO_IDS.guangchangShangsha]);
    expect((await seen(shiqiOfficial)).map((r: any) => r.compound.id)).toEqual([DEMO_IDS.guangchangShangsha]);
    expect((await ok(chunjiang, `query($id: ID!) { propertyFirm(id: $id) { ratings(period: "${PERIOD}") { edges { node { status score } } } } }`, { id: DEMO_IDS.chunjiangFirm })).propertyFirm.ratings.edges).toEqual([{ node: { status: 'PROVISIONAL', score: 59 } }]);
    expect((await ok(undefined, `query($id: ID!) { propertyFirm(id: $id) { ratings(period: "${PERIOD}") { edges { node { status } } } } }`, { id: DEMO_IDS.chunjiangFirm })).propertyFirm.ratings.edges).toEqual([]);
    const all = await seen(haishuOfficial);
    expect(all.map((r: any) => [r.compound.id, r.score, r.status, r.rank])).toEqual([
      // Youhe: OC (89+79)/2 = 84, representatives (69+74)/2 = 71.5, community 94.5, satisfaction
      // of the quarter (100+75)/2 = 87.5 → 0.4×84 + 0.3×71.5 + 0.2×94.5 + 0.1×87.5 = 82.70
      [DEMO_IDS.youhe, 82.7, 'PROVISIONAL', null],
      // Guangchang: only the community rated (59); the other groups are below their minimum and
      // their proportions go to the community under REDISTRIBUTE
      [DEMO_IDS.guangchangShangsha, 59, 'PROVISIONAL', null],
    ]);
    expect(all[0].groups).toEqual([
      { group: 'OWNERS_COMMITTEE', raters: 2, complete: true, appliedPercent: 40, score: 84, indicators: [{ indicator: 'CLEANING', mean: 85 }, { indicator: 'REPAIRS', mean: 75 }, { indicator: 'ATTITUDE', mean: 95 }] },
      { group: 'OWNER_REPRESENTATIVES', raters: 2, complete: true, appliedPercent: 30, score: 71.5, indicators: [{ indicator: 'CLEANING', mean: 72.5 }, { indicator: 'REPAIRS', mean: 62.5 }, { indicator: 'ATTITUDE', mean: 82.5 }] },
      { group: 'COMMUNITY', raters: 1, complete: true, appliedPercent: 20, score: 94.5, indicators: [{ indicator: 'CLEANING', mean: 95 }, { indicator: 'REPAIRS', mean: 90 }, { indicator: 'ATTITUDE', mean: 100 }] },
      { group: 'RESIDENT_SATISFACTION', raters: 2, complete: true, appliedPercent: 10, score: 87.5, indicators: [] },
    ]);
    expect(all[1].groups.map((g: any) => [g.group, g.complete, g.appliedPercent])).toEqual([
      ['OWNERS_COMMITTEE', false, 0],
      ['OWNER_REPRESENTATIVES', false, 0],
      ['COMMUNITY', true, 100],
      ['RESIDENT_SATISFACTION', false, 0],
    ]);
    // Not published yet: the public still sees the last published quarter.
    expect((await ok(undefined, LATEST, { id: DEMO_IDS.youhe })).compound.latestRating).toEqual({ period: '2026-Q3', score: 91.1, status: 'PUBLISHED' });
  });

  it('publishes: Youhe tops the ranking and the red list, finance and partners hear of it', async () => {
    const PUBLISH = `mutation($r: ID!) { publishRound(roundId: $r) { status publishedAt } }`;
    expect(await errorCode(shiqiOfficial, PUBLISH, { r: roundId })).toBe('FORBIDDEN');
    expect((await ok(haishuOfficial, PUBLISH, { r: roundId })).publishRound.status).toBe('PUBLISHED');
    expect(await errorCode(haishuOfficial, PUBLISH, { r: roundId })).toBe('INVALID_TRANSITION');
    expect(await errorCode(haishuOfficial, `mutation($r: ID!) { reopenRound(roundId: $r) { status } }`, { r: roundId })).toBe('INVALID_TRANSITION');

    expect((await ok(undefined, LATEST, { id: DEMO_IDS.youhe })).compound).toEqual({ name: '游河小区', latestRating: { period: PERIOD, score: 82.7, status: 'PUBLISHED' } });
    const outcomes = (await ok(undefined, ROUND, { id: roundId })).ratingRound.compounds.edges.map((e: any) => e.node.outcome);
    expect(outcomes).toEqual(['RATED', 'RATED']);

    const ranking = (await ok(undefined, `query($d: ID!, $p: String!) { ratingRanking(districtCode: $d, period: $p, first: 1) { edges { node { rank score compound { name } } } pageInfo { hasNextPage endCursor } } }`, { d: R.haishu, p: PERIOD })).ratingRanking;
    expect(ranking.edges.map((e: any) => e.node)).toEqual([{ rank: 1, score: 82.7, compound: { name: '游河小区' } }]);
    expect(ranking.pageInfo.hasNextPage).toBe(true);
    const next = (await ok(undefined, `query($d: ID!, $p: String!, $a: String) { ratingRanking(districtCode: $d, period: $p, first: 5, after: $a) { edges { node { rank compound { name } } } pageInfo { hasNextPage } } }`, { d: R.haishu, p: PERIOD, a: ranking.pageInfo.endCursor })).ratingRanking;
    expect(next.edges.map((e: any) => e.node)).toEqual([{ rank: 2, compound: { name: '广场商厦区域' } }]);
    expect(next.pageInfo.hasNextPage).toBe(false);

    const LIST = `query($d: ID!, $p: String!) { redBlackList(districtCode: $d, period: $p) { period ranked rule { kind red black }
      red: entries(color: RED) { edges { node { rank score compound { name } firm { name } reasons rating { period } } } }
      black: entries(color: BLACK) { edges { node { rank score compound { name } firm { name } reasons } } } } }`;
    const list = (await ok(undefined, LIST, { d: R.haishu, p: PERIOD })).redBlackList;
    expect(list).toMatchObject({ period: PERIOD, ranked: 2, rule: { kind: 'SHARE', red: 3400, black: 3400 } });
    expect(list.red.edges.map((e: any) => e.node)).toEqual([
      { rank: 1, score: 82.7, compound: { name: '游河小区' }, firm: null, rating: { period: PERIOD }, reasons: ['Ranked 1 of 2: within the top 34% of the district (1 place)', 'Highest group score: COMMUNITY 94.50'] },
    ]);
    expect(list.black.edges.map((e: any) => e.node)).toEqual([
      {
        rank: 2,
        score: 59,
        compound: { name: '广场商厦区域' },
        firm: { name: '春江物业' },
        reasons: [
          'Ranked 2 of 2: within the bottom 34% of the district (1 place)',
          'Lowest group score: COMMUNITY 59.00',
          'Rated without OWNERS_COMMITTEE, OWNER_REPRESENTATIVES, RESIDENT_SATISFACTION (below minimum; proportion shared among the other groups)',
        ],
      },
    ]);
    const history = (await ok(undefined, `query($d: ID!) { redBlackLists(districtCode: $d) { edges { node { period } } } }`, { d: R.haishu })).redBlackLists;
    expect(history.edges.map((e: any) => e.node.period)).toEqual([PERIOD]);

    // The firm's ratings of the quarter, through the property subgraph's firm.
    const firm = (await ok(undefined, `query($id: ID!, $p: String!) { propertyFirm(id: $id) { name ratings(period: $p) { edges { node { compound { name } score rank } } } } }`, { id: DEMO_IDS.chunjiangFirm, p: PERIOD })).propertyFirm;
    expect(firm).toEqual({ name: '春江物业', ratings: { edges: [{ node: { compound: { name: '广场商厦区域' }, score: 59, rank: 2 } }] } });

    // One RatingPublished per result, in the rating outbox, and finance books the firm's payout.
    const events = await hub.subgraphs.rating.ds.getRepository(OutboxEvent).findBy({ topic: 'RatingPublished' });
    const payloads = events.map((e) => JSON.parse(e.payload) as EventPayloads['RatingPublished']);
    expect(payloads.map((p) => [p.compoundId, p.scoreCentipoints, p.period, p.firmId, p.regionPath]).sort()).toEqual(
      [
        [DEMO_IDS.youhe, 8270, PERIOD, null, [R.yingfeng, R.yuehu, R.haishu]],
        [DEMO_IDS.guangchangShangsha, 5900, PERIOD, DEMO_IDS.chunjiangFirm, [R.dongfang, R.shiqi, R.haishu]],
      ].sort(),
    );
    await hub.settle();
    const payouts = (await ok(chunjiang, `query($f: ID!) { incentivePayouts(firmId: $f) { edges { node { ratingResultId period scoreCentipoints } } } }`, { f: DEMO_IDS.chunjiangFirm })).incentivePayouts;
    const gcssResult = payloads.find((p) => p.compoundId === DEMO_IDS.guangchangShangsha)!;
    expect(payouts.edges.map((e: any) => e.node)).toContainEqual({ ratingResultId: gcssResult.resultId, period: PERIOD, scoreCentipoints: 5900 });

    // Partners' ordered log got both results in the same transaction.
    const feed = (await ok(tokenFor({ sub: 'partner', role: 'PARTNER', regions: [R.haishu] }), `query($r: String!) { ratingEvents(regionCode: $r, first: 10) { edges { node { resultId period scoreCentipoints } } } }`, { r: R.haishu })).ratingEvents;
    expect(feed.edges.filter((e: any) => e.node.period === PERIOD).map((e: any) => e.node.resultId).sort()).toEqual(payloads.map((p) => p.resultId).sort());
  });
});

describe('batching', () => {
  it('reads a ranking page of 60 with its rounds in two statements', async () => {
    const rating = hub.subgraphs.rating;
    const results = Array.from({ length: 60 }, (_, i) => ({
      id: uuidv7(),
      compoundId: uuidv7(),
      period: '2026-Q1',
      scoreCentipoints: 9000 - i * 10,
      publishedAt: new Date(),
      roundId,
      firmId: DEMO_IDS.chunjiangFirm,
      districtCode: R.yinzhou,
      rankInDistrict: i + 1,
      breakdown: [],
    }));
    await rating.ds.getRepository(RatingResultEntity).insert(results);
    // Background pollers share the connection, so count the statements by the tables they read.
    const seen: string[] = [];
    const counter = rating.statements;
    const original = counter.logQuery;
    counter.logQuery = function (this: typeof counter, ...args: unknown[]) {
      seen.push(String(args[0]));
      return original.apply(this, args as []);
    };
    try {
      const page = await ok(undefined, `query($d: ID!) { ratingRanking(districtCode: $d, period: "2026-Q1", first: 60) { edges { node { rank round { period } firm { id } groups { group } } } } }`, { d: R.yinzhou });
      expect(page.ratingRanking.edges).toHaveLength(60);
      expect(page.ratingRanking.edges[59].node).toEqual({ rank: 60, round: { period: PERIOD }, firm: { id: DEMO_IDS.chunjiangFirm }, groups: [] });
    } finally {
      counter.logQuery = original;
    }
    const touching = (table: string) => seen.filter((q) => q.includes(`\`${table}\``)).length;
    expect([touching('rating_result'), touching('rating_round')]).toEqual([1, 1]);
  });
});

describe("owners' committee reviews", () => {
  let committeeId = uuidv7();
  const otherCommitteeId = uuidv7();
  const yingfeng = party('party-yingfeng', R.yingfeng);
  const OPEN_REVIEW = `mutation($input: OpenCommitteeReviewInput!) { openCommitteeReview(input: $input) { id status passMark panelSize } }`;
  const SCORE = `mutation($id: ID!, $p: Int!) { submitReviewScore(reviewId: $id, points: $p) { submitted } }`;
  const PUBLISH = `mutation($id: ID!) { publishCommitteeReview(reviewId: $id) { status score passed rank reelectionFlagged } }`;
  const panel = [
    { sub: 'secretary', role: 'PARTY_SECRETARY' },
    { sub: 'rep-a', role: 'RESIDENT_REPRESENTATIVE' },
    { sub: 'rep-b', role: 'RESIDENT_REPRESENTATIVE' },
  ];
  const secretary = party('secretary', R.yingfeng);
  const input = (committee: string, period: string, kind: 'YEARLY' | 'HALF_YEAR' = 'YEARLY') => ({ committeeId: committee, compoundId: DEMO_IDS.youhe, kind, period, panel });

  async function review(committee: string, period: string, points: [number, number, number], kind: 'YEARLY' | 'HALF_YEAR' = 'YEARLY') {
    const id = (await ok(yingfeng, OPEN_REVIEW, { input: input(committee, period, kind) })).openCommitteeReview.id;
    await ok(secretary, SCORE, { id, p: points[0] });
    await ok(resident('rep-a'), SCORE, { id, p: points[1] });
    await ok(resident('rep-b'), SCORE, { id, p: points[2] });
    return id;
  }

  it('refuses bad panels, scores and callers, changing nothing', async () => {
    expect(await errorCode(yingfeng, OPEN_REVIEW, { input: { ...input(committeeId, '2024'), panel: panel.slice(1) } })).toBe('BAD_USER_INPUT');
    expect(await errorCode(yingfeng, OPEN_REVIEW, { input: input(committeeId, '2024-H1') })).toBe('BAD_USER_INPUT');
    expect(await errorCode(party('party-dongfang', R.dongfang), OPEN_REVIEW, { input: input(committeeId, '2024') })).toBe('FORBIDDEN');
    const id = (await ok(yingfeng, OPEN_REVIEW, { input: input(committeeId, '2024') })).openCommitteeReview.id;
    expect(await errorCode(yingfeng, OPEN_REVIEW, { input: input(committeeId, '2024') })).toBe('CONFLICT');
    expect(await errorCode(secretary, SCORE, { id, p: 101 })).toBe('BAD_USER_INPUT');
    expect(await errorCode(resident('rep-z'), SCORE, { id, p: 70 })).toBe('FORBIDDEN');
    expect(await errorCode(resident('secretary'), SCORE, { id, p: 70 })).toBe('FORBIDDEN');
    await ok(secretary, SCORE, { id, p: 70 });
    expect(await errorCode(secretary, SCORE, { id, p: 71 })).toBe('CONFLICT');
    await ok(resident('rep-a'), SCORE, { id, p: 80 });
    expect(await errorCode(yingfeng, PUBLISH, { id })).toBe('INVALID_TRANSITION'); // one representative short
    const open = (await ok(yingfeng, `query($id: ID!) { committeeReview(id: $id) { submitted score } }`, { id })).committeeReview;
    expect(open).toEqual({ submitted: 2, score: null });
    expect((await ok(undefined, `query($id: ID!) { committeeReview(id: $id) { id } }`, { id })).committeeReview).toBeNull();
  });

  it('publishes scores and ranks, and flags re-election after two failing years in a row', async () => {
    // The owners' committee as the community subgraph keeps it, which shows the flag.
    const admin = tokenFor({ sub: 'admin', role: 'ADMIN' });
    const committee = (
      await ok(admin, `mutation($c: [ID!]) { createOrganisation(input: { kind: OWNERS_COMMITTEE, name: "游河小区业主委员会", compoundIds: $c }) { id } }`, { c: [DEMO_IDS.youhe] })
    ).createOrganisation;
    committeeId = committee.id;

    const y2025 = await review(committeeId, '2025', [50, 55, 58]);
    expect((await ok(yingfeng, PUBLISH, { id: y2025 })).publishCommitteeReview).toEqual({ status: 'PUBLISHED', score: 54.33, passed: false, rank: 1, reelectionFlagged: false });

    const other = await review(otherCommitteeId, '2026', [90, 85, 80]);
    expect((await ok(yingfeng, PUBLISH, { id: other })).publishCommitteeReview).toMatchObject({ score: 85, passed: true, rank: 1 });

    const y2026 = await review(committeeId, '2026', [59, 60, 59]);
    expect((await ok(yingfeng, PUBLISH, { id: y2026 })).publishCommitteeReview).toEqual({ status: 'PUBLISHED', score: 59.33, passed: false, rank: 2, reelectionFlagged: true });
    expect(await errorCode(yingfeng, PUBLISH, { id: y2026 })).toBe('INVALID_TRANSITION');

    const listed = (await ok(undefined, `query($d: ID!) { committeeReviews(districtCode: $d, kind: YEARLY, period: "2026") { edges { node { committeeId score rank compound { name } } } } }`, { d: R.haishu })).committeeReviews;
    expect(listed.edges.map((e: any) => e.node)).toEqual([
      { committeeId: otherCommitteeId, score: 85, rank: 1, compound: { name: '游河小区' } },
      { committeeId, score: 59.33, rank: 2, compound: { name: '游河小区' } },
    ]);

    const flags = await hub.subgraphs.rating.ds.getRepository(OutboxEvent).findBy({ topic: 'CommitteeReelectionFlagged' });
    expect(flags.map((f) => JSON.parse(f.payload))).toEqual([{ committeeId, compoundId: DEMO_IDS.youhe, years: [2025, 2026], flaggedAt: expect.any(String) }]);
    expect(await hub.subgraphs.rating.ds.getRepository(OutboxEvent).countBy({ topic: In(['CommitteeReelectionFlagged']), aggregateId: otherCommitteeId })).toBe(0);
    await hub.settle();
    const shown = (await ok(admin, `query($id: ID!) { organisation(id: $id) { status reelectionYears } }`, { id: committeeId })).organisation;
    expect(shown).toEqual({ status: 'REELECTION_DUE', reelectionYears: [2025, 2026] });
  });

  it('publishes half-year checks with their score and rank, and never counts them towards re-election', async () => {
    const admin = tokenFor({ sub: 'admin', role: 'ADMIN' });
    const third = (
      await ok(admin, `mutation($c: [ID!]) { createOrganisation(input: { kind: OWNERS_COMMITTEE, name: "游河小区第二届业主委员会", compoundIds: $c }) { id } }`, { c: [DEMO_IDS.youhe] })
    ).createOrganisation.id;
    const flagsOf = () => hub.subgraphs.rating.ds.getRepository(OutboxEvent).countBy({ topic: 'CommitteeReelectionFlagged', aggregateId: third });

    const y2025 = await review(third, '2025', [40, 45, 50]);
    expect((await ok(yingfeng, PUBLISH, { id: y2025 })).publishCommitteeReview).toMatchObject({ score: 45, passed: false, reelectionFlagged: false });
    // Failing half-year checks after a failing year: published and ranked among the period's checks, but no flag.
    const h1 = await review(third, '2026-H1', [50, 50, 51], 'HALF_YEAR');
    expect((await ok(yingfeng, PUBLISH, { id: h1 })).publishCommitteeReview).toEqual({ status: 'PUBLISHED', score: 50.33, passed: false, rank: 1, reelectionFlagged: false });
    const h2 = await review(third, '2026-H2', [30, 30, 30], 'HALF_YEAR');
    expect((await ok(yingfeng, PUBLISH, { id: h2 })).publishCommitteeReview).toMatchObject({ passed: false, reelectionFlagged: false });
    expect(await flagsOf()).toBe(0);
    const checks = (await ok(undefined, `query($d: ID!) { committeeReviews(districtCode: $d, kind: HALF_YEAR, period: "2026-H1") { edges { node { committeeId kind score rank } } } }`, { d: R.haishu })).committeeReviews;
    expect(checks.edges.map((e: any) => e.node)).toEqual([{ committeeId: third, kind: 'HALF_YEAR', score: 50.33, rank: 1 }]);

    // The second failing yearly review in a row is what raises the flag.
    const y2026 = await review(third, '2026', [50, 50, 50]);
    expect((await ok(yingfeng, PUBLISH, { id: y2026 })).publishCommitteeReview).toMatchObject({ passed: false, reelectionFlagged: true });
    expect(await flagsOf()).toBe(1);
    await hub.settle();
    expect((await ok(admin, `query($id: ID!) { organisation(id: $id) { status reelectionYears } }`, { id: third })).organisation).toEqual({ status: 'REELECTION_DUE', reelectionYears: [2025, 2026] });
  });
});
