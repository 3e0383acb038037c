import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { OutboxEvent } from '@hub/platform';
import { startHub, type Hub } from '../scripts/hub';
import * as demo from '../scripts/demo-data';
import { gql, tokenFor } from './client';
import { MatterEntity } from '../subgraphs/community/src/matters/matter.entity';
import { JointMeetingEntity } from '../subgraphs/community/src/meetings/joint-meeting.entity';
import { AUTO_CLOSE_GRACE_MS, closeDueVotes } from '../subgraphs/community/src/matters/matters.service';

/**
 * Deliberation through the gateway on MariaDB and Redis: the Mengda teachers' buildings' parking
 * convention from proposal to published result (三议三公开, 两先四步, the owners' vote by area and
 * headcount), then a three-party joint meeting with its decisions tracked to done.
 */
const { DEMO_IDS, DEMO_REGIONS } = demo;
let env: TestEnvironment;
let hub: Hub;

const steward = tokenFor({ sub: 'mengda-red-steward', role: 'OWNERS_COMMITTEE', compounds: [DEMO_IDS.mengda] });
const party = tokenFor({ sub: 'dongfang-party-committee', role: 'PARTY_ORGANISATION', regions: [DEMO_REGIONS.dongfang] });
const official = tokenFor({ sub: 'shiqi-official', role: 'OFFICIAL', regions: [DEMO_REGIONS.shiqi] });
const elsewhereOfficial = tokenFor({ sub: 'minglou-official', role: 'OFFICIAL', regions: [DEMO_REGIONS.minglou] });
const analyst = tokenFor({ sub: 'analyst', role: 'ANALYST' });

/** Mengda's register as seeded: every unit with its owner and area. */
const mengdaUnits = (demo.community.units ?? []).filter((u) => u.compoundId === DEMO_IDS.mengda);
/** Owners in register order, each once (four of them hold two flats). */
const mengdaOwners = [...new Set(mengdaUnits.map((u) => u.ownerId!))];
const residentToken = (personId: string, compoundId: string = DEMO_IDS.mengda) =>
  tokenFor({
    sub: personId,
    role: 'RESIDENT',
    compounds: [compoundId],
    units: (demo.community.units ?? []).filter((u) => u.ownerId === personId).map((u) => u.id),
  });

const call = async (token: string | undefined, query: string, variables?: Record<string, unknown>) => (await gql(hub.gateway.url, query, { token, variables })).body;
const codes = (body: { errors?: { extensions?: Record<string, any> }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

const MATTER_FIELDS = `id state kind article278Item title proposedAt votingClosesAt decidedAt passed
  preReviews { reviewer approved note reviewedBy }
  consultations { parties participants summary }
  transitions { action from to by byRole note at }
  publications { stage content publishedAt }
  tally { rule quorumMet passed final eligible { areaCentiM2 owners } participating { areaCentiM2 owners }
          for { areaCentiM2 owners } against { areaCentiM2 owners } abstain { areaCentiM2 owners } }
  convention { id status kind title rules { code text quantity } escalation { breach action } adoptedAt third: actionForBreach(breach: 3) fifth: actionForBreach(breach: 5) }`;

const PROPOSE = `mutation($input: ProposeMatterInput!) { proposeMatter(input: $input) { id state kind } }`;
const PRE_REVIEW = `mutation($id: ID!, $by: PreReviewer!, $approve: Boolean!, $note: String) { preReviewMatter(id: $id, by: $by, approve: $approve, note: $note) { state } }`;
const OPEN_CONSULTATION = `mutation($id: ID!, $note: String) { openConsultation(id: $id, note: $note) { state } }`;
const RECORD_CONSULTATION = `mutation($id: ID!, $input: ConsultationInput!) { recordConsultation(id: $id, input: $input) { state consultations { summary } } }`;
const OPEN_VOTE = `mutation($id: ID!, $closesAt: String!, $note: String) { openVote(id: $id, closesAt: $closesAt, note: $note) { state votingClosesAt } }`;
const CAST = `mutation($matterId: ID!, $choice: BallotChoice!) { castBallot(matterId: $matterId, choice: $choice) { choice replaced matter { id } } }`;
const CLOSE = `mutation($id: ID!) { closeVote(id: $id) { ${MATTER_FIELDS} } }`;
const MATTER = `query($id: ID!) { matter(id: $id) { ${MATTER_FIELDS} myBallot } }`;

const PARKING_CONVENTION = {
  kind: 'PARKING',
  title: '梦达教师楼停车公约',
  rules: [
    { code: 'GATE_OWNER_FUNDED', text: '业主自筹资金安装道闸' },
    { code: 'MARKED_SPACES', text: '划定车位，按位停放', quantity: 72 },
    { code: 'FEES_TO_PUBLIC_REPAIRS', text: '管理经费全数用于公共维修' },
    { code: 'ACCOUNTS_PUBLISHED', text: '收支账目定期在微信群和公示栏公示' },
  ],
  escalation: [
    { breach: 1, action: 'CAUTION' },
    { breach: 2, action: 'WARNING' },
    { breach: 3, action: 'REMOVAL' },
  ],
};

beforeAll(async () => {
  env = testEnvironment();
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  await hub.settle();
});

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
});

describe('the Mengda parking convention, from proposal to published result', () => {
  let matterId: string;
  let closesAt: Date;
  let conventionId: string;
  /** Who voted what, to count the expected result from the register independently of the service. */
  const cast = new Map<string, 'FOR' | 'AGAINST' | 'ABSTAIN'>();

  it('refuses bad proposals with a coded error and writes nothing', async () => {
    const before = await hub.subgraphs.community.ds.getRepository(MatterEntity).count();
    const base = { compoundId: DEMO_IDS.mengda, title: '停车公约', description: '制定停车公约', article278Item: 2 };
    const bad = [
      { ...base, article278Item: 10 },
      { ...base, title: '  ' },
      { ...base, convention: { ...PARKING_CONVENTION, escalation: [] } },
      { ...base, convention: { ...PARKING_CONVENTION, escalation: [{ breach: 1, action: 'REMOVAL' }, { breach: 2, action: 'CAUTION' }] } },
      { ...base, convention: { ...PARKING_CONVENTION, rules: [{ code: 'A', text: 'x' }, { code: 'A', text: 'y' }] } },
    ];
    for (const input of bad) expect(codes(await call(steward, PROPOSE, { input }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await call(steward, PROPOSE, { input: { ...base, compoundId: '019b76da-0000-7000-8000-000000000000' } }))).toEqual(['NOT_FOUND']);
    expect(await hub.subgraphs.community.ds.getRepository(MatterEntity).count()).toBe(before);
  });

  it('keeps proposals to the compound\'s own bodies and the right roles', async () => {
    const input = { compoundId: DEMO_IDS.mengda, title: 'x', description: 'y', article278Item: 2 };
    const otherCommittee = tokenFor({ sub: 'gcss-committee', role: 'OWNERS_COMMITTEE', compounds: [DEMO_IDS.guangchangShangsha] });
    expect(codes(await call(otherCommittee, PROPOSE, { input }))).toEqual(['FORBIDDEN']);
    expect(codes(await call(residentToken(mengdaOwners[0]), PROPOSE, { input }))).toEqual(['FORBIDDEN']);
    expect(codes(await call(analyst, PROPOSE, { input }))).toEqual(['FORBIDDEN']);
    expect(codes(await call(undefined, PROPOSE, { input }))).toEqual(['UNAUTHENTICATED']);
  });

  it('is proposed by the red-steward group once, whatever the retries', async () => {
    const input = {
      compoundId: DEMO_IDS.mengda,
      title: '梦达教师楼停车公约',
      description: '外来车辆侵占空间、消防通道堵塞：自筹资金安装道闸、划定72个车位，实行一次劝诫、二次警告、三次驱离。',
      article278Item: 2,
      convention: PARKING_CONVENTION,
      requestKey: 'mengda-parking-2025',
    };
    const first = await call(steward, PROPOSE, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data.proposeMatter).toMatchObject({ state: 'PROPOSED', kind: 'CONVENTION' });
    matterId = first.data.proposeMatter.id;
    const retry = await call(steward, PROPOSE, { input });
    expect(retry.data.proposeMatter.id).toBe(matterId);
    expect(await hub.subgraphs.community.ds.getRepository(MatterEntity).countBy({ compoundId: DEMO_IDS.mengda })).toBe(1);
  });

  it('stays out of residents\' sight until its topic is published', async () => {
    expect(codes(await call(residentToken(mengdaOwners[0]), MATTER, { id: matterId }))).toEqual(['NOT_FOUND']);
    expect(codes(await call(elsewhereOfficial, MATTER, { id: matterId }))).toEqual(['FORBIDDEN']);
    const seen = await call(official, MATTER, { id: matterId });
    expect(seen.data.matter.convention).toMatchObject({ status: 'DRAFT', third: 'REMOVAL' });
  });

  it('needs both pre-reviews (两先) before consultation; each body reviews for itself', async () => {
    expect(codes(await call(steward, OPEN_CONSULTATION, { id: matterId }))).toEqual(['INVALID_TRANSITION']);
    expect(codes(await call(party, PRE_REVIEW, { id: matterId, by: 'OWNERS_COMMITTEE', approve: true }))).toEqual(['FORBIDDEN']);
    const committee = await call(steward, PRE_REVIEW, { id: matterId, by: 'OWNERS_COMMITTEE', approve: true, note: '红管家小组审议同意' });
    expect(committee.data.preReviewMatter.state).toBe('PROPOSED');
    expect(codes(await call(steward, PRE_REVIEW, { id: matterId, by: 'OWNERS_COMMITTEE', approve: true }))).toEqual(['INVALID_TRANSITION']);
    expect(codes(await call(steward, OPEN_CONSULTATION, { id: matterId }))).toEqual(['INVALID_TRANSITION']);
    const partyReview = await call(party, PRE_REVIEW, { id: matterId, by: 'PARTY_ORGANISATION', approve: true, note: '社区党委先审同意' });
    expect(partyReview.data.preReviewMatter.state).toBe('PRE_REVIEWED');
  });

  it('cannot open the vote before a consultation is recorded', async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(codes(await call(steward, OPEN_VOTE, { id: matterId, closesAt: future }))).toEqual(['INVALID_TRANSITION']);
    expect((await call(steward, OPEN_CONSULTATION, { id: matterId })).data.openConsultation.state).toBe('IN_CONSULTATION');
    expect(codes(await call(steward, OPEN_VOTE, { id: matterId, closesAt: future }))).toEqual(['INVALID_TRANSITION']);
  });

  it('records the six consultation meetings (商议) and publishes each', async () => {
    const held = (n: number) => new Date(Date.now() - (7 - n) * 86_400_000).toISOString();
    expect(codes(await call(steward, RECORD_CONSULTATION, { id: matterId, input: { heldAt: new Date(Date.now() + 86_400_000).toISOString(), parties: ['OWNERS'], participants: 30, summary: 'x' } }))).toEqual(['BAD_USER_INPUT']);
    for (let n = 1; n <= 6; n++) {
      const body = await call(steward, RECORD_CONSULTATION, {
        id: matterId,
        input: { heldAt: held(n), parties: ['OWNERS', 'RESIDENTS_COMMITTEE', 'PARTY_ORGANISATION'], participants: 20 + n, summary: `第${n}次协商议事会` },
      });
      expect(body.errors).toBeUndefined();
      expect(body.data.recordConsultation.consultations).toHaveLength(n);
    }
  });

  it('opens the owners\' vote; residents now see topic and process', async () => {
    expect(codes(await call(steward, OPEN_VOTE, { id: matterId, closesAt: 'tomorrow' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await call(steward, OPEN_VOTE, { id: matterId, closesAt: new Date(Date.now() - 1000).toISOString() }))).toEqual(['BAD_USER_INPUT']);
    closesAt = new Date(Date.now() + 20_000);
    expect(codes(await call(steward, OPEN_VOTE, { id: matterId, closesAt: closesAt.toISOString(), note: '议'.repeat(2001) }))).toEqual(['BAD_USER_INPUT']);
    const opened = await call(steward, OPEN_VOTE, { id: matterId, closesAt: closesAt.toISOString(), note: '六次协商议事会意见已吸收' });
    expect(opened.data.openVote).toEqual({ state: 'VOTING', votingClosesAt: closesAt.toISOString() });
    const seen = await call(residentToken(mengdaOwners[0]), MATTER, { id: matterId });
    expect(seen.errors).toBeUndefined();
    expect(seen.data.matter.publications.map((p: any) => p.stage)).toEqual(['TOPIC', 'PROCESS', 'PROCESS', 'PROCESS', 'PROCESS', 'PROCESS', 'PROCESS', 'PROCESS']);
    expect(seen.data.matter.tally).toMatchObject({ final: false, participating: { owners: 0 }, eligible: { owners: mengdaOwners.length }, for: null, passed: null });
  });

  it('takes one ballot per owner, replaces a changed one, and refuses non-owners', async () => {
    // 105 for, 10 against, 5 abstaining of 140 owners; owner 0 holds two flats.
    type Choice = 'FOR' | 'AGAINST' | 'ABSTAIN';
    const plan = (i: number): Choice | null => (i < 105 ? 'FOR' : i < 115 ? 'AGAINST' : i < 120 ? 'ABSTAIN' : null);
    const voting = mengdaOwners.map((owner, i) => ({ owner, choice: i === 0 ? ('AGAINST' as Choice) : plan(i) })).filter((v) => v.choice !== null);
    // Ten at a time, as owners vote side by side.
    for (let i = 0; i < voting.length; i += 10) {
      const batch = voting.slice(i, i + 10);
      const bodies = await Promise.all(batch.map((v) => call(residentToken(v.owner), CAST, { matterId, choice: v.choice })));
      bodies.forEach((body, k) => {
        expect(body.errors).toBeUndefined();
        expect(body.data.castBallot.replaced).toBe(false);
        cast.set(batch[k].owner, batch[k].choice!);
      });
    }
    const changed = await call(residentToken(mengdaOwners[0]), CAST, { matterId, choice: 'FOR' });
    expect(changed.data.castBallot).toEqual({ choice: 'FOR', replaced: true, matter: { id: matterId } });
    cast.set(mengdaOwners[0], 'FOR');

    const tenant = tokenFor({ sub: 'tenant-not-on-register', role: 'RESIDENT', compounds: [DEMO_IDS.mengda], units: [mengdaUnits[5].id] });
    expect(codes(await call(tenant, CAST, { matterId, choice: 'AGAINST' }))).toEqual(['FORBIDDEN']);
    const gcssOwner = (demo.community.units ?? []).find((u) => u.compoundId === DEMO_IDS.guangchangShangsha && u.use === 'RESIDENTIAL')!.ownerId!;
    expect(codes(await call(residentToken(gcssOwner, DEMO_IDS.guangchangShangsha), CAST, { matterId, choice: 'AGAINST' }))).toEqual(['FORBIDDEN']);
    // An owner of Mengda whose token is scoped to another compound is out of scope too.
    expect(codes(await call(residentToken(mengdaOwners[130], DEMO_IDS.guangchangShangsha), CAST, { matterId, choice: 'AGAINST' }))).toEqual(['FORBIDDEN']);
    expect(codes(await call(steward, CAST, { matterId, choice: 'FOR' }))).toEqual(['FORBIDDEN']);

    // The same owner from two sessions at once: one ballot stays, the other replaces it.
    const twice = await Promise.all([0, 1].map(() => call(residentToken(mengdaOwners[125]), CAST, { matterId, choice: 'FOR' })));
    expect(twice.map((b) => b.errors)).toEqual([undefined, undefined]);
    expect(twice.map((b) => b.data.castBallot.replaced).sort()).toEqual([false, true]);
    cast.set(mengdaOwners[125], 'FOR');

    const mine = await call(residentToken(mengdaOwners[0]), MATTER, { id: matterId });
    expect(mine.data.matter.myBallot).toBe('FOR');
    expect(mine.data.matter.tally.participating.owners).toBe(121);

    // While the vote is open residents see participation only; stewards and officials the live count.
    const LIVE = `query($id: ID!) { matter(id: $id) { tally { countsWithheld quorumMet passed participating { owners } for { owners } against { owners } abstain { owners } } } }`;
    const count = (choice: string) => [...cast.values()].filter((c) => c === choice).length;
    const asResident = (await call(residentToken(mengdaOwners[139]), LIVE, { id: matterId })).data.matter.tally;
    expect(asResident).toEqual({ countsWithheld: true, quorumMet: true, passed: null, participating: { owners: 121 }, for: null, against: null, abstain: null });
    for (const token of [steward, official, party]) {
      const live = (await call(token, LIVE, { id: matterId })).data.matter.tally;
      expect(live).toEqual({
        countsWithheld: false,
        quorumMet: true,
        passed: true,
        participating: { owners: 121 },
        for: { owners: count('FOR') },
        against: { owners: count('AGAINST') },
        abstain: { owners: count('ABSTAIN') },
      });
    }
    // an ordinary matter takes no election ballot
    expect(codes(await call(residentToken(mengdaOwners[1]), `mutation($m: ID!) { castElectionBallot(matterId: $m, candidateIds: []) { replaced } }`, { m: matterId }))).toEqual(['BAD_USER_INPUT']);
  });

  it('closes only at the announced time, then refuses late ballots', async () => {
    expect(codes(await call(steward, CLOSE, { id: matterId }))).toEqual(['INVALID_TRANSITION']);
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now() + 50)));
    expect(codes(await call(residentToken(mengdaOwners[130]), CAST, { matterId, choice: 'FOR' }))).toEqual(['INVALID_TRANSITION']);
  });

  it('counts area and owners as the law does and publishes the result', async () => {
    // Independent count from the register: area per owner, one head per owner.
    const areaOf = new Map<string, number>();
    for (const u of mengdaUnits) areaOf.set(u.ownerId!, (areaOf.get(u.ownerId!) ?? 0) + u.areaCentiM2);
    const sum = (choice?: string) =>
      [...areaOf].filter(([owner]) => (choice ? cast.get(owner) === choice : cast.has(owner))).reduce((a, [, area]) => a + area, 0);
    const heads = (choice?: string) => [...cast.values()].filter((c) => !choice || c === choice).length;
    const eligibleArea = [...areaOf.values()].reduce((a, b) => a + b, 0);

    const closed = await call(steward, CLOSE, { id: matterId });
    expect(closed.errors).toBeUndefined();
    const m = closed.data.closeVote;
    expect(m.tally).toEqual({
      rule: 'MAJORITY_OF_PARTICIPANTS',
      quorumMet: true,
      passed: true,
      final: true,
      eligible: { areaCentiM2: eligibleArea, owners: 140 },
      participating: { areaCentiM2: sum(), owners: heads() },
      for: { areaCentiM2: sum('FOR'), owners: heads('FOR') },
      against: { areaCentiM2: sum('AGAINST'), owners: heads('AGAINST') },
      abstain: { areaCentiM2: sum('ABSTAIN'), owners: heads('ABSTAIN') },
    });
    expect(heads('FOR')).toBe(106);
    expect(m).toMatchObject({ state: 'RESOLVED', passed: true });
    expect(m.transitions.map((t: any) => [t.action, t.to])).toEqual([
      ['PROPOSE', 'PROPOSED'],
      ['PRE_REVIEW', 'PROPOSED'],
      ['PRE_REVIEW', 'PRE_REVIEWED'],
      ['OPEN_CONSULTATION', 'IN_CONSULTATION'],
      ...Array.from({ length: 6 }, () => ['RECORD_CONSULTATION', 'IN_CONSULTATION']),
      ['OPEN_VOTE', 'VOTING'],
      ['CLOSE_VOTE', 'RESOLVED'],
    ]);
    expect(m.transitions[2]).toMatchObject({ by: 'dongfang-party-committee', byRole: 'PARTY_ORGANISATION', note: expect.stringContaining('社区党委先审同意') });
    // every step says why: the steward's reason, or what made the step possible
    expect(m.transitions.every((t: any) => typeof t.note === 'string' && t.note.length > 0 && t.at && t.by)).toBe(true);
    expect(m.transitions[3].note).toBe('both pre-reviews approved; topic published');
    expect(m.transitions[10].note).toBe(`voting until ${closesAt.toISOString()}: 六次协商议事会意见已吸收`);
    const result = m.publications.at(-1);
    expect(result.stage).toBe('RESULT');
    expect(result.content).toContain('PASSED');
    expect(result.content).toContain(`for ${heads('FOR')} owners`);
    expect(m.convention).toMatchObject({ status: 'ADOPTED', kind: 'PARKING', third: 'REMOVAL', fifth: 'REMOVAL' });
    expect(m.convention.rules.find((r: any) => r.code === 'MARKED_SPACES').quantity).toBe(72);
    conventionId = m.convention.id;
    expect(codes(await call(steward, CLOSE, { id: matterId }))).toEqual(['INVALID_TRANSITION']);
  });

  it('shows residents the published result and the adopted convention', async () => {
    const body = await call(
      residentToken(mengdaOwners[139]),
      `query($c: ID!) { conventions(compoundId: $c, status: ADOPTED) { edges { node { title escalation { breach action } matter { state publications { stage } } } } } }`,
      { c: DEMO_IDS.mengda },
    );
    expect(body.errors).toBeUndefined();
    const [edge] = body.data.conventions.edges;
    expect(edge.node.escalation).toEqual(PARKING_CONVENTION.escalation);
    expect(edge.node.matter.state).toBe('RESOLVED');
    expect(edge.node.matter.publications.at(-1).stage).toBe('RESULT');
    // once closed, residents see how the votes fell
    const closed = (await call(residentToken(mengdaOwners[139]), `query($id: ID!) { matter(id: $id) { tally { countsWithheld passed for { owners } } } }`, { id: matterId })).data.matter.tally;
    expect(closed).toEqual({ countsWithheld: false, passed: true, for: { owners: [...cast.values()].filter((c) => c === 'FOR').length } });
  });

  it('announces the decision and the adopted convention through the outbox', async () => {
    await hub.settle();
    const events = (await hub.subgraphs.community.ds.getRepository(OutboxEvent).find({ where: [{ topic: 'MatterDecided' }, { topic: 'ConventionAdopted' }], order: { id: 'ASC' } })).filter(
      (e) => JSON.parse(e.payload).compoundId === DEMO_IDS.mengda,
    );
    const decided = events.filter((e) => e.topic === 'MatterDecided').map((e) => JSON.parse(e.payload));
    const adopted = events.filter((e) => e.topic === 'ConventionAdopted').map((e) => JSON.parse(e.payload));
    expect(decided).toEqual([expect.objectContaining({ matterId, compoundId: DEMO_IDS.mengda, article278Item: 2, passed: true })]);
    expect(adopted).toEqual([expect.objectContaining({ compoundId: DEMO_IDS.mengda, kind: 'PARKING', escalation: PARKING_CONVENTION.escalation })]);
    expect(events.every((e) => e.publishedAt !== null)).toBe(true);
  });

  it('reaches the property subgraph: a plate is cautioned, warned, then removed as the owners decided', async () => {
    await hub.settle();
    const BREACH = `mutation($input: RecordParkingBreachInput!) { recordParkingBreach(input: $input) { plate breachNumber action conventionId } }`;
    const breach = (plate: string) => ({ compoundId: DEMO_IDS.mengda, plate, description: '外来车辆占用消防通道', occurredAt: new Date().toISOString() });
    const actions: { breachNumber: number; action: string; conventionId: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const body = await call(steward, BREACH, { input: breach('浙B2M001') });
      expect(body.errors).toBeUndefined();
      actions.push(body.data.recordParkingBreach);
    }
    expect(actions.map((a) => [a.breachNumber, a.action])).toEqual([
      [1, 'CAUTION'],
      [2, 'WARNING'],
      [3, 'REMOVAL'],
      [4, 'REMOVAL'],
    ]);
    expect(actions.every((a) => a.conventionId === conventionId)).toBe(true);
    // per vehicle: another plate starts at a caution
    expect((await call(steward, BREACH, { input: breach('浙B2M002') })).data.recordParkingBreach).toMatchObject({ breachNumber: 1, action: 'CAUTION', conventionId });
  });
});

describe('a matter that fails', () => {
  it('is rejected when the Party organisation refuses the pre-review, with its reason recorded', async () => {
    const proposed = await call(steward, PROPOSE, { input: { compoundId: DEMO_IDS.mengda, title: '楼顶出租广告位', description: '利用楼顶共有部分出租广告位', article278Item: 8 } });
    const id = proposed.data.proposeMatter.id;
    expect(codes(await call(party, PRE_REVIEW, { id, by: 'PARTY_ORGANISATION', approve: false }))).toEqual(['BAD_USER_INPUT']);
    expect((await call(party, PRE_REVIEW, { id, by: 'PARTY_ORGANISATION', approve: false, note: '消防安全隐患' })).data.preReviewMatter.state).toBe('REJECTED');
    expect(codes(await call(steward, PRE_REVIEW, { id, by: 'OWNERS_COMMITTEE', approve: true }))).toEqual(['INVALID_TRANSITION']);
    const seen = await call(official, MATTER, { id });
    expect(seen.data.matter).toMatchObject({ state: 'REJECTED', passed: false, tally: null });
    expect(seen.data.matter.transitions.at(-1)).toMatchObject({ action: 'PRE_REVIEW', to: 'REJECTED', note: expect.stringContaining('消防安全隐患') });
  });

  it('fails an item-8 vote without quorum however unanimous', async () => {
    const id = (await call(steward, PROPOSE, { input: { compoundId: DEMO_IDS.mengda, title: '一楼架空层出租', description: '架空层用于经营', article278Item: 8 } })).data.proposeMatter.id;
    await call(steward, PRE_REVIEW, { id, by: 'OWNERS_COMMITTEE', approve: true });
    await call(party, PRE_REVIEW, { id, by: 'PARTY_ORGANISATION', approve: true });
    await call(official, OPEN_CONSULTATION, { id });
    await call(official, RECORD_CONSULTATION, { id, input: { heldAt: new Date().toISOString(), parties: ['OWNERS'], participants: 12, summary: '意见分歧' } });
    const closesAt = new Date(Date.now() + 15_000);
    expect((await call(official, OPEN_VOTE, { id, closesAt: closesAt.toISOString() })).data.openVote.state).toBe('VOTING');
    // 93 of 140 owners: one short of two thirds; ten at a time, as owners vote side by side
    const voters = mengdaOwners.slice(0, 93);
    for (let i = 0; i < voters.length; i += 10) {
      const bodies = await Promise.all(voters.slice(i, i + 10).map((owner) => call(residentToken(owner), CAST, { matterId: id, choice: 'FOR' })));
      for (const body of bodies) expect(body.errors).toBeUndefined();
    }
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now() + 50)));
    // Nobody closes it: the community sweep does once the grace after the closing time is over.
    const ds = hub.subgraphs.community.ds;
    expect(await closeDueVotes(ds, new Date(closesAt.getTime() + AUTO_CLOSE_GRACE_MS - 1))).toBe(0);
    expect(await closeDueVotes(ds, new Date(closesAt.getTime() + AUTO_CLOSE_GRACE_MS))).toBe(1);
    expect(await closeDueVotes(ds, new Date(closesAt.getTime() + AUTO_CLOSE_GRACE_MS))).toBe(0);
    const closed = (await call(official, MATTER, { id })).data.matter;
    expect(closed.transitions.at(-1)).toMatchObject({ action: 'CLOSE_VOTE', to: 'REJECTED', by: 'SYSTEM' });
    expect(closed.tally).toMatchObject({ rule: 'THREE_QUARTERS_OF_PARTICIPANTS', quorumMet: false, passed: false, participating: { owners: 93 }, for: { owners: 93 } });
    expect(closed.state).toBe('REJECTED');
    expect(closed.publications.at(-1).content).toContain('quorum not reached');
  });
});

describe('listing matters costs one statement per entity type', () => {
  it('does not grow with the number of matters', async () => {
    const query = `query($c: ID!) { matters(compoundId: $c, first: 50) { edges { node { id compound { name } preReviews { reviewer } consultations { summary }
      transitions { action } publications { stage } tally { passed } convention { title } } } } }`;
    // The outbox relay and the community sweep (requests, and votes past their closing time) read
    // the same database all the time; the request's own statements are the ones that are neither.
    const background = /outbox|resident_?request|request_?step|processed_?event|votingClosesAt` <=/i;
    const count = async () => {
      const counter = hub.subgraphs.community.statements;
      const original = counter.logQuery;
      const seen: string[] = [];
      // TypeORM's logger hands the SQL text as the first argument.
      counter.logQuery = function (this: typeof counter, ...args: unknown[]) {
        seen.push(String(args[0]));
        return original.call(this);
      };
      try {
        const body = await call(official, query, { c: DEMO_IDS.mengda });
        expect(body.errors).toBeUndefined();
        return { n: body.data.matters.edges.length, statements: seen.filter((q) => !background.test(q)).length};
      } finally {
        counter.logQuery = original;
      }
    };
    const few = await count();
    for (let i = 0; i < 5; i++) await call(steward, PROPOSE, { input: { compoundId: DEMO_IDS.mengda, title: `议题${i}`, description: '说明', article278Item: 9 } });
    const more = await count();
    expect(more.n).toBe(few.n + 5);
    expect(more.statements).toBe(few.statements);
    // page, compound, and one each for pre-reviews, consultations, transitions, publications, conventions
    expect(more.statements).toBe(7);
  });
});

describe('a three-party joint meeting', () => {
  const SCHEDULE = `mutation($input: ScheduleJointMeetingInput!) { scheduleJointMeeting(input: $input) { id state agenda { position title matter { id state } } } }`;
  const RECORD = `mutation($id: ID!, $input: RecordJointMeetingInput!) { recordJointMeeting(id: $id, input: $input) { state minutes attendance { party attendee } decisions { id text responsibleParty dueOn status overdue } } }`;
  const OVERDUE = `query($r: ID) { overdueMeetingDecisions(regionCode: $r) { edges { node { id text overdue meeting { title } } } } }`;
  let meetingId: string;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  it('is scheduled with its agenda, and refuses an agenda matter of another compound', async () => {
    const [matter] = (await hub.subgraphs.community.ds.getRepository(MatterEntity).find({ where: { compoundId: DEMO_IDS.mengda, state: 'RESOLVED' } }));
    const input = {
      compoundId: DEMO_IDS.mengda,
      title: '梦达教师楼三方联席会议',
      scheduledAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
      place: '东方社区党群服务中心',
      agenda: [{ title: '停车公约执行情况', matterId: matter.id }, { title: '消防通道整治' }],
    };
    const other = await call(party, SCHEDULE, { input: { ...input, compoundId: DEMO_IDS.guangchangShangsha } });
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
    const body = await call(party, SCHEDULE, { input });
    expect(body.errors).toBeUndefined();
    meetingId = body.data.scheduleJointMeeting.id;
    expect(body.data.scheduleJointMeeting.agenda).toEqual([
      { position: 1, title: '停车公约执行情况', matter: { id: matter.id, state: 'RESOLVED' } },
      { position: 2, title: '消防通道整治', matter: null },
    ]);
    expect(codes(await call(elsewhereOfficial, SCHEDULE, { input }))).toEqual(['FORBIDDEN']);
  });

  it('is recorded as held with attendance, minutes and decisions; bad input changes nothing', async () => {
    const heldAt = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const input = {
      heldAt,
      attendance: [
        { party: 'PARTY_ORGANISATION', attendee: '东方社区党委书记' },
        { party: 'RESIDENTS_COMMITTEE', attendee: '东方社区居委会主任' },
        { party: 'OWNERS_COMMITTEE', attendee: '红管家治理小组组长' },
      ],
      minutes: '通报停车公约执行情况；消防通道由红管家小组每周巡查。',
      decisions: [
        { agendaPosition: 2, text: '清理消防通道堆物', responsibleParty: 'OWNERS_COMMITTEE', dueOn: day(-3) },
        { agendaPosition: 1, text: '公示第一季度停车费收支', responsibleParty: 'RESIDENTS_COMMITTEE', dueOn: day(20) },
      ],
    };
    const badDue = await call(party, RECORD, { id: meetingId, input: { ...input, decisions: [{ ...input.decisions[0], dueOn: day(-30) }] } });
    expect(codes(badDue)).toEqual(['BAD_USER_INPUT']);
    const badItem = await call(party, RECORD, { id: meetingId, input: { ...input, decisions: [{ ...input.decisions[0], agendaPosition: 7 }] } });
    expect(codes(badItem)).toEqual(['BAD_USER_INPUT']);
    // two parties, however many attendees, are no three-party meeting
    const twoParties = await call(party, RECORD, { id: meetingId, input: { ...input, attendance: [input.attendance[0], input.attendance[2], { party: 'OWNERS_COMMITTEE', attendee: '楼道志愿者' }] } });
    expect(codes(twoParties)).toEqual(['BAD_USER_INPUT']);
    expect((await hub.subgraphs.community.ds.getRepository(JointMeetingEntity).findOneByOrFail({ id: meetingId })).state).toBe('SCHEDULED');

    const body = await call(party, RECORD, { id: meetingId, input });
    expect(body.errors).toBeUndefined();
    const held = body.data.recordJointMeeting;
    expect(held.state).toBe('HELD');
    expect(held.attendance.map((a: any) => a.party)).toEqual(['PARTY_ORGANISATION', 'RESIDENTS_COMMITTEE', 'OWNERS_COMMITTEE']);
    expect(held.decisions.map((d: any) => d.overdue)).toEqual([true, false]);
    expect(codes(await call(party, RECORD, { id: meetingId, input }))).toEqual(['INVALID_TRANSITION']);
  });

  it('lists overdue decisions for the street, within scope, until done', async () => {
    // The street also holds the demo's Guangchang Shangsha meeting; this test looks at Mengda's.
    const mengdaOverdue = (body: any) => body.data.overdueMeetingDecisions.edges.map((e: any) => e.node).filter((n: any) => n.meeting.title === '梦达教师楼三方联席会议');
    const listed = await call(official, OVERDUE, { r: DEMO_REGIONS.shiqi });
    expect(listed.errors).toBeUndefined();
    const nodes = mengdaOverdue(listed);
    expect(nodes).toEqual([expect.objectContaining({ text: '清理消防通道堆物', overdue: true, meeting: { title: '梦达教师楼三方联席会议' } })]);
    expect(codes(await call(elsewhereOfficial, OVERDUE, { r: DEMO_REGIONS.shiqi }))).toEqual(['FORBIDDEN']);
    expect((await call(elsewhereOfficial, OVERDUE, { r: DEMO_REGIONS.minglou })).data.overdueMeetingDecisions.edges).toEqual([]);

    const done = await call(steward, `mutation($id: ID!) { completeMeetingDecision(id: $id, note: "通道已清理，照片已公示") { status overdue doneNote doneBy doneByRole } }`, { id: nodes[0].id });
    expect(done.data.completeMeetingDecision).toEqual({ status: 'DONE', overdue: false, doneNote: '通道已清理，照片已公示', doneBy: 'mengda-red-steward', doneByRole: 'OWNERS_COMMITTEE' });
    expect(codes(await call(steward, `mutation($id: ID!) { completeMeetingDecision(id: $id, note: "again") { status } }`, { id: nodes[0].id }))).toEqual(['INVALID_TRANSITION']);
    expect(mengdaOverdue(await call(official, OVERDUE, { r: DEMO_REGIONS.shiqi }))).toEqual([]);
  });

  it('shows the minutes to the compound\'s residents', async () => {
    const body = await call(residentToken(mengdaOwners[10]), `query($c: ID!) { jointMeetings(compoundId: $c) { edges { node { title minutes decisions { status } } } } }`, { c: DEMO_IDS.mengda });
    expect(body.errors).toBeUndefined();
    expect(body.data.jointMeetings.edges[0].node).toMatchObject({ minutes: expect.stringContaining('消防通道'), decisions: [{ status: 'DONE' }, { status: 'OPEN' }] });
    const tracked = await call(residentToken(mengdaOwners[10]), `query($c: ID!) { jointMeetings(compoundId: $c) { edges { node { decisions { status doneBy doneAt } } } } }`, { c: DEMO_IDS.mengda });
    expect(tracked.data.jointMeetings.edges[0].node.decisions).toEqual([
      { status: 'DONE', doneBy: 'mengda-red-steward', doneAt: expect.any(String) },
      { status: 'OPEN', doneBy: null, doneAt: null },
    ]);
  });
});

describe('the demo', () => {
  it('shows the Guangchang Shangsha parking matter decided by the seeded owners, and its convention adopted', async () => {
    const gcssCommittee = tokenFor({ sub: 'gcss-committee', role: 'OWNERS_COMMITTEE', compounds: [DEMO_IDS.guangchangShangsha] });
    const body = await call(gcssCommittee, `query($c: ID!) { matters(compoundId: $c, state: RESOLVED) { edges { node { title article278Item consultations { id }
      tally { rule passed final eligible { owners areaCentiM2 } participating { owners } } convention { status escalation { action } } publications { stage } } } } }`, { c: DEMO_IDS.guangchangShangsha });
    expect(body.errors).toBeUndefined();
    const [matter] = body.data.matters.edges.map((e: any) => e.node);
    const units = (demo.community.units ?? []).filter((u) => u.compoundId === DEMO_IDS.guangchangShangsha);
    const developer = new Set((demo.community.people ?? []).filter((p) => p.kind === 'DEVELOPER').map((p) => p.id));
    const heads = new Set(units.map((u) => (developer.has(u.ownerId!) ? 'developer' : u.ownerId)));
    expect(matter).toMatchObject({ article278Item: 8, tally: { rule: 'THREE_QUARTERS_OF_PARTICIPANTS', passed: true, final: true }, convention: { status: 'ADOPTED' } });
    expect(matter.tally.eligible).toEqual({ owners: heads.size, areaCentiM2: units.reduce((a, u) => a + u.areaCentiM2, 0) });
    expect(matter.consultations).toHaveLength(21);
    expect(matter.publications.at(-1).stage).toBe('RESULT');
    const adopted = (await hub.subgraphs.community.ds.getRepository(OutboxEvent).findBy({ topic: 'ConventionAdopted' })).map((e) => JSON.parse(e.payload));
    expect(adopted.filter((p) => p.compoundId === DEMO_IDS.guangchangShangsha)).toHaveLength(1);
  });
});

describe('scope, skipped steps and bad input on matters', () => {
  const otherResident = () => {
    const owner = (demo.community.units ?? []).find((u) => u.compoundId === DEMO_IDS.guangchangShangsha && u.use === 'RESIDENTIAL')!.ownerId!;
    return residentToken(owner, DEMO_IDS.guangchangShangsha);
  };
  const unknown = '019b76da-0000-7000-8000-00000000abcd';
  let id: string;

  it('proposes once when the same request key arrives twice at the same moment', async () => {
    const input = { compoundId: DEMO_IDS.mengda, title: '电动车充电桩', description: '在车棚加装电动车充电桩', article278Item: 9, requestKey: 'mengda-charging-2026' };
    const bodies = await Promise.all([0, 1, 2].map(() => call(steward, PROPOSE, { input })));
    expect(bodies.map((b) => b.errors)).toEqual([undefined, undefined, undefined]);
    const ids = new Set(bodies.map((b) => b.data.proposeMatter.id));
    expect(ids.size).toBe(1);
    [id] = [...ids];
    expect(await hub.subgraphs.community.ds.getRepository(MatterEntity).countBy({ compoundId: DEMO_IDS.mengda, requestKey: 'mengda-charging-2026' })).toBe(1);

    // a joint meeting scheduled twice at once by a retrying app, likewise
    const meeting = { compoundId: DEMO_IDS.mengda, title: '充电桩选址联席会', scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), place: '梦达教师楼车棚', agenda: [{ title: '充电桩选址', matterId: id }], requestKey: 'mengda-charging-meeting' };
    const scheduled = await Promise.all([0, 1, 2].map(() => call(party, `mutation($input: ScheduleJointMeetingInput!) { scheduleJointMeeting(input: $input) { id } }`, { input: meeting })));
    expect(scheduled.map((b) => b.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set(scheduled.map((b) => b.data.scheduleJointMeeting.id)).size).toBe(1);
    expect(await hub.subgraphs.community.ds.getRepository(JointMeetingEntity).countBy({ compoundId: DEMO_IDS.mengda, requestKey: 'mengda-charging-meeting' })).toBe(1);
  });

  it('refuses every step taken out of order with INVALID_TRANSITION and records nothing', async () => {
    const transitions = async () => (await call(official, MATTER, { id })).data.matter.transitions.length;
    const before = await transitions();
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(codes(await call(steward, RECORD_CONSULTATION, { id, input: { heldAt: new Date().toISOString(), parties: ['OWNERS'], participants: 5, summary: '提前记录' } }))).toEqual(['INVALID_TRANSITION']);
    expect(codes(await call(steward, OPEN_VOTE, { id, closesAt: future }))).toEqual(['INVALID_TRANSITION']);
    expect(codes(await call(steward, CLOSE, { id }))).toEqual(['INVALID_TRANSITION']);
    expect(await transitions()).toBe(before);

    await call(steward, PRE_REVIEW, { id, by: 'OWNERS_COMMITTEE', approve: true });
    await call(party, PRE_REVIEW, { id, by: 'PARTY_ORGANISATION', approve: true });
    expect((await call(steward, OPEN_CONSULTATION, { id })).data.openConsultation.state).toBe('IN_CONSULTATION');
    // the topic is public now, yet no owner votes before the vote is opened
    expect(codes(await call(residentToken(mengdaOwners[3]), CAST, { matterId: id, choice: 'FOR' }))).toEqual(['INVALID_TRANSITION']);
    expect(codes(await call(steward, OPEN_CONSULTATION, { id }))).toEqual(['INVALID_TRANSITION']);
    expect(codes(await call(steward, PRE_REVIEW, { id, by: 'OWNERS_COMMITTEE', approve: true }))).toEqual(['INVALID_TRANSITION']);
    const seen = (await call(residentToken(mengdaOwners[3]), MATTER, { id })).data.matter;
    expect(seen).toMatchObject({ state: 'IN_CONSULTATION', tally: null, myBallot: null });
  });

  it('answers NOT_FOUND for unknown matters, whatever the step', async () => {
    expect(codes(await call(official, MATTER, { id: unknown }))).toEqual(['NOT_FOUND']);
    expect(codes(await call(party, PRE_REVIEW, { id: unknown, by: 'PARTY_ORGANISATION', approve: true }))).toEqual(['NOT_FOUND']);
    expect(codes(await call(steward, OPEN_CONSULTATION, { id: unknown }))).toEqual(['NOT_FOUND']);
    expect(codes(await call(residentToken(mengdaOwners[3]), CAST, { matterId: unknown, choice: 'FOR' }))).toEqual(['NOT_FOUND']);
    expect(codes(await call(official, `query($c: ID!) { matters(compoundId: $c) { edges { node { id } } } }`, { c: unknown }))).toEqual(['NOT_FOUND']);
  });

  it('keeps matters, conventions and meetings from analysts and from residents and committees of other compounds', async () => {
    const MATTERS = `query($c: ID!) { matters(compoundId: $c) { edges { node { id } } } }`;
    const CONVENTIONS = `query($c: ID!) { conventions(compoundId: $c) { edges { node { id } } } }`;
    const MEETINGS = `query($c: ID!) { jointMeetings(compoundId: $c) { edges { node { id } } } }`;
    const gcssCommittee = tokenFor({ sub: 'gcss-committee', role: 'OWNERS_COMMITTEE', compounds: [DEMO_IDS.guangchangShangsha] });
    for (const token of [analyst, otherResident(), gcssCommittee, elsewhereOfficial]) {
      expect(codes(await call(token, MATTER, { id }))).toEqual(['FORBIDDEN']);
      for (const q of [MATTERS, CONVENTIONS, MEETINGS]) expect(codes(await call(token, q, { c: DEMO_IDS.mengda }))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await call(otherResident(), CAST, { matterId: id, choice: 'AGAINST' }))).toEqual(['FORBIDDEN']);
    expect(codes(await call(gcssCommittee, OPEN_VOTE, { id, closesAt: new Date(Date.now() + 60_000).toISOString() }))).toEqual(['FORBIDDEN']);
    expect(codes(await call(residentToken(mengdaOwners[3]), OPEN_VOTE, { id, closesAt: new Date(Date.now() + 60_000).toISOString() }))).toEqual(['FORBIDDEN']);
    // the compound's own residents and committee do see them
    expect((await call(residentToken(mengdaOwners[3]), MATTERS, { c: DEMO_IDS.mengda })).data.matters.edges.map((e: any) => e.node.id)).toContain(id);
    expect((await call(steward, MEETINGS, { c: DEMO_IDS.mengda })).errors).toBeUndefined();
  });

  it('lists joint meetings with agenda, attendance and decisions in as many statements for 2 meetings as for 6', async () => {
    const query = `query($c: ID!) { jointMeetings(compoundId: $c, first: 50) { edges { node { id compound { name } agenda { title matter { id } } attendance { party } decisions { text overdue } } } } }`;
    const background = /outbox|resident_?request|request_?step|processed_?event|votingClosesAt` <=/i;
    const count = async () => {
      const counter = hub.subgraphs.community.statements;
      const original = counter.logQuery;
      const seen: string[] = [];
      counter.logQuery = function (this: typeof counter, ...args: unknown[]) {
        seen.push(String(args[0]));
        return original.call(this);
      };
      try {
        const body = await call(official, query, { c: DEMO_IDS.mengda });
        expect(body.errors).toBeUndefined();
        return { n: body.data.jointMeetings.edges.length, statements: seen.filter((q) => !background.test(q)).length };
      } finally {
        counter.logQuery = original;
      }
    };
    const few = await count();
    for (let i = 0; i < 4; i++) {
      const input = { compoundId: DEMO_IDS.mengda, title: `月度联席会${i}`, scheduledAt: new Date(Date.now() + (i + 2) * 86_400_000).toISOString(), place: '东方社区党群服务中心', agenda: [{ title: '充电桩', matterId: id }, { title: '其他' }] };
      expect((await call(party, `mutation($input: ScheduleJointMeetingInput!) { scheduleJointMeeting(input: $input) { id } }`, { input })).errors).toBeUndefined();
    }
    const more = await count();
    expect(few.n).toBe(2);
    expect(more.n).toBe(6);
    expect(more.statements).toBe(few.statements);
    // compound scope, page, agenda, attendance, decisions, the agenda's matters
    expect(more.statements).toBe(6);
  });
});
