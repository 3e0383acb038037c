import { In } from 'typeorm';
import { createLogger, createQueue, createRedis, EVENT_JOB, eventQueueName, recordEvent, transaction, uuidv7, type EventEnvelope, type EventJob, type EventPayloads, type EventTopic, type SubgraphName } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_IDS, DEMO_REGIONS, demoId } from '../scripts/demo-data';
import { gql, tokenFor } from './client';
import { JournalEntryEntity } from '../subgraphs/finance/src/ledger/journal-entry.entity';
import { GovernancePostEntity } from '../subgraphs/finance/src/audits/governance-post.entity';
import { postEvents } from '../subgraphs/finance/src/audits/posts.events';

/**
 * The finance subgraph through the gateway, on MariaDB and Redis: revenue booked from property
 * events, spending through approved and co-signed requests, a published and audited statement,
 * a tampered row caught by verifyLedger, and an incentive payout booked once however often its
 * rating event arrives. Inbound events are recorded into the producing subgraph's outbox, so they
 * travel the real relay and queues.
 */
let env: TestEnvironment;
let hub: Hub;

const { mengda, guangchangShangsha: gcss, youhe, chunjiangFirm } = DEMO_IDS;
const committee = tokenFor({ sub: 'committee-mengda', role: 'OWNERS_COMMITTEE', compounds: [mengda] });
const youheCommittee = tokenFor({ sub: 'committee-youhe', role: 'OWNERS_COMMITTEE', compounds: [youhe] });
const supervisor = tokenFor({ sub: 'supervisor-dongfang', role: 'OFFICIAL', regions: [DEMO_REGIONS.dongfang] });
const yingfengSupervisor = tokenFor({ sub: 'supervisor-yingfeng', role: 'PARTY_ORGANISATION', regions: [DEMO_REGIONS.yingfeng] });
const yingfengOfficial = tokenFor({ sub: 'official-yingfeng', role: 'OFFICIAL', regions: [DEMO_REGIONS.yingfeng] });
const yuehuStreet = tokenFor({ sub: 'street-yuehu', role: 'OFFICIAL', regions: [DEMO_REGIONS.yuehu] });
/** Mengda owners (community Person ids): one on its owners' committee, one on its supervisory board, one whose board post ended, one with no post. */
const [repPerson, boardPerson, formerBoardPerson, plainOwner] = [2, 3, 4, 5].map((n) => demoId(`person/mengda/${n}`));
const ownerRep = tokenFor({ sub: repPerson, role: 'RESIDENT', compounds: [mengda] });
const board = tokenFor({ sub: boardPerson, role: 'RESIDENT', compounds: [mengda] });
const formerBoard = tokenFor({ sub: formerBoardPerson, role: 'RESIDENT', compounds: [mengda] });
const unentitled = tokenFor({ sub: plainOwner, role: 'RESIDENT', compounds: [mengda] });
const outsider = tokenFor({ sub: 'resident-youhe', role: 'RESIDENT', compounds: [youhe] });
const firm = tokenFor({ sub: 'firm-user', role: 'PROPERTY_FIRM', firm: chunjiangFirm });
const otherFirm = tokenFor({ sub: 'other-firm-user', role: 'PROPERTY_FIRM', firm: uuidv7() });
const analyst = tokenFor({ sub: 'analyst', role: 'ANALYST' });
const minglouOfficial = tokenFor({ sub: 'official-minglou', role: 'OFFICIAL', regions: [DEMO_REGIONS.minglou] });

/** The month before the current one: ended, so its statement can be published. */
const now = new Date();
const lastMonthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const lastMonth = lastMonthStart.toISOString().slice(0, 7);
const dayOfLastMonth = (day: number, hour = 9) => new Date(Date.UTC(lastMonthStart.getUTCFullYear(), lastMonthStart.getUTCMonth(), day, hour)).toISOString();

async function call(token: string | undefined, query: string, variables?: Record<string, unknown>) {
  const { body } = await gql(hub.gateway.url, query, { token, variables });
  return body;
}
async function ok(token: string | undefined, query: string, variables?: Record<string, unknown>) {
  const body = await call(token, query, variables);
  expect(body.errors).toBeUndefined();
  return body.data;
}
async function errorCode(token: string | undefined, query: string, variables?: Record<string, unknown>) {
  const body = await call(token, query, variables);
  expect(body.errors?.length).toBeGreaterThan(0);
  return body.errors![0].extensions?.code;
}

async function emit<T extends EventTopic>(from: SubgraphName, topic: T, aggregateId: string, payload: EventPayloads[T]): Promise<string> {
  return transaction(hub.subgraphs[from].ds, (m) => recordEvent(m, topic, aggregateId, payload));
}

const BALANCE = `query($id: ID!) { publicRevenueBalance(compoundId: $id) }`;
const balanceOf = async (id: string, token = committee) => (await ok(token, BALANCE, { id })).publicRevenueBalance as number;
const entryCount = (compoundId: string) => hub.subgraphs.finance.ds.getRepository(JournalEntryEntity).countBy({ compoundId });

const ENTRIES = `query($id: ID!, $first: Int, $after: String) { journalEntries(compoundId: $id, first: $first, after: $after) {
  edges { node { id sequence kind bookedAt valueAt sourceReference reversesEntryId correctsEntryId spendingRequestId ratingResultId prevHash hash
    postings { amountFen category account { id kind buildingRef } } } }
  pageInfo { hasNextPage endCursor } } }`;
async function allEntries(compoundId: string, token = committee, first = 100) {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = (await ok(token, ENTRIES, { id: compoundId, first, after })).journalEntries;
    out.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

const supervisorOf = (compoundId: string) => (compoundId === youhe ? yingfengSupervisor : supervisor);
const VERIFY = `query($id: ID!) { verifyLedger(compoundId: $id) { ok entriesChecked headSequence firstBroken { sequence entryId reason } balanceMismatches { accountId recordedFen fromPostingsFen } } }`;

const REQUEST_FIELDS = 'id status basis approvedBy filedWithCommunityAt coSignedBy emergencyApprovedBy paidAt entryId';
const RAISE = `mutation($input: RaiseSpendingRequestInput!) { raiseSpendingRequest(input: $input) { ${REQUEST_FIELDS} } }`;
const APPROVE = `mutation($id: ID!) { approveSpendingRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const CO_SIGN = `mutation($id: ID!) { coSignSpendingRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const PAY = `mutation($id: ID!) { paySpendingRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectSpendingRequest(id: $id, reason: $reason) { ${REQUEST_FIELDS} } }`;
const EMERGENCY = `mutation($id: ID!) { approveEmergencyUse(id: $id) { ${REQUEST_FIELDS} } }`;

const STATEMENT_FIELDS = `id period firstDay lastDay hash publishedAt ledgerSequence csv
  sections { fund buildingRef openingFen closingFen income { category amountFen } costs { category amountFen }
    spending { category amountFen payments { requestId amountFen basis approvedBy coSignedBy matterId } } }
  audit { status missing signOffs { auditorRole auditorId } findings { id status description } }`;

async function decideMatter(compoundId: string, article278Item: number, passed = true): Promise<string> {
  const matterId = uuidv7();
  await emit('community', 'MatterDecided', matterId, { matterId, compoundId, article278Item, title: `第${article278Item}项表决`, passed, decidedAt: new Date().toISOString() });
  return matterId;
}

const parkingFees = Array.from({ length: 30 }, (_, i) => ({
  feeId: uuidv7(),
  compoundId: mengda,
  plateClass: (i % 5 === 0 ? 'VISITOR' : 'OWNER') as 'VISITOR' | 'OWNER',
  amountFen: i % 5 === 0 ? 1_500 : 500 + i * 10,
  collectedAt: dayOfLastMonth(1 + (i % 28), 8 + (i % 10)),
}));
const parkingTotal = parkingFees.reduce((s, f) => s + f.amountFen, 0);
const MENGDA_OPENING = 1_286_050;
const REPAIR_FEN = 45_000;
/** Eight room lettings of 1,000 to 1,007 fen at Guangchang Shangsha. */
const ROOMS_FEN = 8_028;

/** Mengda's owners' committee and supervisory board with their posts, appointed in the community; finance learns them from PostChanged. */
async function appointMengdaAuditors(): Promise<void> {
  const official = tokenFor({ sub: 'official-dongfang', role: 'OFFICIAL', regions: [DEMO_REGIONS.dongfang] });
  const CREATE = `mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }`;
  const APPOINT = `mutation($i: AppointPostInput!) { appointPost(input: $i) { id } }`;
  const committeeOrg = (await ok(official, CREATE, { i: { kind: 'OWNERS_COMMITTEE', name: '梦达教师楼业主委员会', compoundIds: [mengda] } })).createOrganisation.id;
  const boardOrg = (await ok(official, CREATE, { i: { kind: 'SUPERVISORY_BOARD', name: '梦达教师楼业主监事会', compoundIds: [mengda] } })).createOrganisation.id;
  await ok(official, APPOINT, { i: { personId: repPerson, organisationId: committeeOrg, role: '委员', memberType: 'OWNER', startsOn: '2026-01-01' } });
  await ok(official, APPOINT, { i: { personId: boardPerson, organisationId: boardOrg, role: '监事', memberType: 'OWNER', startsOn: '2026-01-01' } });
  const former = (await ok(official, APPOINT, { i: { personId: formerBoardPerson, organisationId: boardOrg, role: '监事', memberType: 'OWNER', startsOn: '2026-01-01' } })).appointPost.id;
  await ok(official, `mutation($id: ID!) { endPost(id: $id) { endsOn } }`, { id: former });
}

beforeAll(async () => {
  env = testEnvironment();
  hub = await startHub(env.config, { seed: true, ephemeralPorts: true });
  await hub.settle();
  await appointMengdaAuditors();
  await hub.settle();
});

afterAll(async () => {
  await hub?.stop();
  await env?.cleanup();
});

describe('a month of Mengda parking revenue, booked from property events', () => {
  it('starts from the demo opening balance, itself an entry of the ledger', async () => {
    expect(await balanceOf(mengda)).toBe(MENGDA_OPENING);
    const [opening] = await allEntries(mengda);
    expect(opening).toMatchObject({ sequence: 1, kind: 'OPENING_BALANCE', prevHash: '0'.repeat(64) });
    expect(opening.postings.map((p: any) => [p.account.kind, p.amountFen])).toEqual([['BANK', MENGDA_OPENING], ['PUBLIC_REVENUE', -MENGDA_OPENING]]);
  });

  it('books every fee once, even when some are delivered twice', async () => {
    for (const fee of parkingFees) await emit('property', 'ParkingFeeCollected', fee.feeId, fee);
    // The property side announces three fees a second time (a retried ERP push).
    for (const fee of parkingFees.slice(0, 3)) await emit('property', 'ParkingFeeCollected', fee.feeId, fee);
    await hub.settle(20_000);
    expect(await balanceOf(mengda)).toBe(MENGDA_OPENING + parkingTotal);
    const entries = await allEntries(mengda);
    expect(entries).toHaveLength(1 + parkingFees.length);
    const revenue = entries.filter((e) => e.kind === 'REVENUE');
    expect(new Set(revenue.map((e) => e.sourceReference))).toEqual(new Set(parkingFees.map((f) => `parking-fee:${f.feeId}`)));
    // Dated when collected, so they fall into last month's statement.
    expect(revenue.every((e) => e.bookedAt.startsWith(lastMonth))).toBe(true);
    // Income is its own line: credited to public revenue under PARKING, against the bank.
    expect(revenue[0].postings.map((p: any) => [p.account.kind, p.category, Math.sign(p.amountFen)])).toEqual([['BANK', 'PARKING', 1], ['PUBLIC_REVENUE', 'PARKING', -1]]);
  });

  it('chains every entry to the one before it', async () => {
    const entries = await allEntries(mengda);
    // Paging by cursor walks the same ledger order.
    expect((await allEntries(mengda, committee, 7)).map((e) => e.id)).toEqual(entries.map((e) => e.id));
    entries.forEach((e, i) => {
      expect(e.sequence).toBe(i + 1);
      if (i > 0) expect(e.prevHash).toBe(entries[i - 1].hash);
    });
    expect(await ok(committee, VERIFY, { id: mengda })).toEqual({
      verifyLedger: { ok: true, entriesChecked: entries.length, headSequence: entries.length, firstBroken: null, balanceMismatches: [] },
    });
  });

  it('reads a page of entries with their postings and accounts in a fixed number of statements', async () => {
    // The outbox relay polls the same database meanwhile: count only the request's own statements.
    const counter = hub.subgraphs.finance.statements as unknown as { logQuery: (query: string) => void };
    const spent = async (first: number) => {
      let own = 0;
      const original = counter.logQuery;
      counter.logQuery = (query: string) => {
        if (!/FROM `outbox`/.test(query)) own++;
      };
      try {
        await ok(committee, ENTRIES, { id: mengda, first });
      } finally {
        counter.logQuery = original;
      }
      return own;
    };
    const small = await spent(2);
    expect(small).toBe(3); // entries, their postings, the accounts
    expect(await spent(31)).toBe(small);
  });
});

describe('a repair paid through an approved and co-signed request', () => {
  let requestId: string;
  let limitMatter: string;

  it('records the limit the owners\' assembly authorised, by a passed matter', async () => {
    limitMatter = await decideMatter(mengda, 9);
    const rejected = await decideMatter(mengda, 9, false);
    await hub.settle();
    const grant = `mutation($id: ID!, $limit: Fen!, $matter: ID!) { authoriseSpendingLimit(compoundId: $id, limitFen: $limit, matterId: $matter) { limitFen matterId } }`;
    expect(await errorCode(committee, grant, { id: mengda, limit: 50_000, matter: rejected })).toBe('INVALID_TRANSITION');
    expect(await errorCode(youheCommittee, grant, { id: mengda, limit: 50_000, matter: limitMatter })).toBe('FORBIDDEN');
    expect((await ok(committee, grant, { id: mengda, limit: 50_000, matter: limitMatter })).authoriseSpendingLimit).toEqual({ limitFen: 50_000, matterId: limitMatter });
  });

  it('raises the request once per idempotency key', async () => {
    const input = { compoundId: mengda, fund: 'PUBLIC_REVENUE', category: 'REPAIR', amountFen: REPAIR_FEN, payee: '宁波某维修队', purpose: '3幢雨棚修缮', idempotencyKey: 'mengda-repair-1' };
    const first = (await ok(committee, RAISE, { input })).raiseSpendingRequest;
    const again = (await ok(committee, RAISE, { input })).raiseSpendingRequest;
    expect(again.id).toBe(first.id);
    expect(first.status).toBe('RAISED');
    requestId = first.id;
  });

  it('cannot be paid before approval and co-signature, and nothing is booked by trying', async () => {
    const before = await entryCount(mengda);
    expect(await errorCode(committee, PAY, { id: requestId })).toBe('INVALID_TRANSITION');
    expect(await errorCode(supervisor, CO_SIGN, { id: requestId })).toBe('INVALID_TRANSITION');
    const approved = (await ok(committee, APPROVE, { id: requestId })).approveSpendingRequest;
    expect(approved).toMatchObject({ status: 'APPROVED', basis: 'WITHIN_LIMIT', approvedBy: 'committee-mengda' });
    expect(approved.filedWithCommunityAt).toEqual(expect.any(String));
    expect(await errorCode(committee, PAY, { id: requestId })).toBe('INVALID_TRANSITION');
    // The owners' side cannot co-sign for the community; a supervisor elsewhere cannot either.
    expect(await errorCode(committee, CO_SIGN, { id: requestId })).toBe('FORBIDDEN');
    expect(await errorCode(yingfengSupervisor, CO_SIGN, { id: requestId })).toBe('NOT_FOUND');
    expect(await entryCount(mengda)).toBe(before);
    expect(await balanceOf(mengda)).toBe(MENGDA_OPENING + parkingTotal);
  });

  it('is paid once co-signed by the community supervisor, from public revenue against the bank', async () => {
    expect((await ok(supervisor, CO_SIGN, { id: requestId })).coSignSpendingRequest).toMatchObject({ status: 'CO_SIGNED', coSignedBy: 'supervisor-dongfang' });
    const paid = (await ok(committee, PAY, { id: requestId })).paySpendingRequest;
    expect(paid).toMatchObject({ status: 'PAID', entryId: expect.any(String) });
    expect(await errorCode(committee, PAY, { id: requestId })).toBe('INVALID_TRANSITION');
    expect(await balanceOf(mengda)).toBe(MENGDA_OPENING + parkingTotal - REPAIR_FEN);
    const entry = (await allEntries(mengda)).find((e) => e.id === paid.entryId);
    expect(entry).toMatchObject({ kind: 'SPENDING', spendingRequestId: requestId });
    expect(entry.postings.map((p: any) => [p.account.kind, p.category, p.amountFen])).toEqual([['PUBLIC_REVENUE', 'REPAIR', REPAIR_FEN], ['BANK', 'REPAIR', -REPAIR_FEN]]);
  });

  it('shows the payment with its approvals on the statement of the month it was paid in', async () => {
    const thisMonth = now.toISOString().slice(0, 7);
    const preview = (await ok(committee, `query($id: ID!, $p: String!) { statementPreview(compoundId: $id, period: $p) { id hash ${STATEMENT_FIELDS.replace(/audit \{[^]*$/, '')} } }`, { id: mengda, p: thisMonth })).statementPreview;
    expect(preview.id).toBeNull();
    const section = preview.sections.find((s: any) => s.fund === 'PUBLIC_REVENUE');
    expect(section.spending).toEqual([
      { category: 'REPAIR', amountFen: REPAIR_FEN, payments: [{ requestId, amountFen: REPAIR_FEN, basis: 'WITHIN_LIMIT', approvedBy: 'committee-mengda', coSignedBy: 'supervisor-dongfang', matterId: null }] },
    ]);
    expect(section.closingFen).toBe(MENGDA_OPENING + parkingTotal - REPAIR_FEN);
  });

  it('needs a passed matter above the authorised limit, and never overdraws the fund', async () => {
    const input = { compoundId: mengda, fund: 'PUBLIC_REVENUE', category: 'FACILITY', amountFen: 99_000_000, payee: '某公司', purpose: '新建车棚', idempotencyKey: 'mengda-big-1' };
    const big = (await ok(committee, RAISE, { input })).raiseSpendingRequest;
    expect(await errorCode(committee, APPROVE, { id: big.id })).toBe('INVALID_TRANSITION');
    const matter = await decideMatter(mengda, 9);
    await hub.settle();
    const cited = (await ok(committee, RAISE, { input: { ...input, idempotencyKey: 'mengda-big-2', matterId: matter } })).raiseSpendingRequest;
    expect((await ok(committee, APPROVE, { id: cited.id })).approveSpendingRequest.basis).toBe('ASSEMBLY_MATTER');
    await ok(supervisor, CO_SIGN, { id: cited.id });
    const before = { balance: await balanceOf(mengda), entries: await entryCount(mengda) };
    expect(await errorCode(committee, PAY, { id: cited.id })).toBe('CONFLICT');
    expect({ balance: await balanceOf(mengda), entries: await entryCount(mengda) }).toEqual(before);
    const still = (await ok(committee, `query($id: ID!) { spendingRequest(id: $id) { status paidAt } }`, { id: cited.id })).spendingRequest;
    expect(still).toEqual({ status: 'CO_SIGNED', paidAt: null });
    // A rejected request cannot be paid either.
    expect((await ok(supervisor, REJECT, { id: cited.id, reason: '超出公共收益余额' })).rejectSpendingRequest.status).toBe('REJECTED');
    expect(await errorCode(committee, PAY, { id: cited.id })).toBe('INVALID_TRANSITION');
  });
});

describe('the monthly statement, published and audited', () => {
  let statementId: string;
  const PUBLISH = `mutation($id: ID!, $p: String!) { publishStatement(compoundId: $id, period: $p) { ${STATEMENT_FIELDS} } }`;

  it('is published frozen with its hash: opening, parking income by category, closing', async () => {
    expect(await errorCode(ownerRep, PUBLISH, { id: mengda, p: lastMonth })).toBe('FORBIDDEN');
    expect(await errorCode(committee, PUBLISH, { id: mengda, p: now.toISOString().slice(0, 7) })).toBe('INVALID_TRANSITION');
    const s = (await ok(committee, PUBLISH, { id: mengda, p: lastMonth })).publishStatement;
    statementId = s.id;
    expect(s.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(s.sections).toEqual([
      { fund: 'PUBLIC_REVENUE', buildingRef: null, openingFen: MENGDA_OPENING, closingFen: MENGDA_OPENING + parkingTotal, income: [{ category: 'PARKING', amountFen: parkingTotal }], costs: [], spending: [] },
    ]);
    expect(s.audit).toMatchObject({ status: 'UNAUDITED', missing: ['COMMUNITY', 'OWNER_REPRESENTATIVE', 'SUPERVISORY_BOARD'] });
    expect(s.csv).toContain(`${lastMonth},PUBLIC_REVENUE,,INCOME,PARKING,,${(parkingTotal / 100).toFixed(2)},${parkingTotal}`);
    expect(s.csv.trim().split('\n').at(-1)).toContain(s.hash);
    expect(await errorCode(committee, PUBLISH, { id: mengda, p: lastMonth })).toBe('CONFLICT');
  });

  it('is visible to the compound\'s residents, not to other compounds\' or to analysts', async () => {
    const list = `query($id: ID!) { statements(compoundId: $id) { edges { node { id period hash } } } }`;
    const seen = (await ok(ownerRep, list, { id: mengda })).statements.edges.map((e: any) => e.node);
    expect(seen).toEqual([{ id: statementId, period: lastMonth, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(await errorCode(outsider, list, { id: mengda })).toBe('FORBIDDEN');
    expect(await errorCode(analyst, list, { id: mengda })).toBe('FORBIDDEN');
    expect(await errorCode(undefined, list, { id: mengda })).toBe('UNAUTHENTICATED');
    // Residents see published statements, not the accounts behind them.
    expect(await errorCode(ownerRep, `query($id: ID!) { financeAccounts(compoundId: $id) { id } }`, { id: mengda })).toBe('FORBIDDEN');
    // But they may re-verify the ledger the statement was computed from; others may not.
    const verified = (await ok(ownerRep, VERIFY, { id: mengda })).verifyLedger;
    expect(verified).toMatchObject({ ok: true, firstBroken: null, balanceMismatches: [], entriesChecked: await entryCount(mengda) });
    for (const stranger of [outsider, analyst, firm]) expect(await errorCode(stranger, VERIFY, { id: mengda })).toBe('FORBIDDEN');
  });

  it('closes its period: an API posting dated in it is refused, a late event is booked today', async () => {
    const before = await entryCount(mengda);
    const record = `mutation($input: RecordRevenueInput!) { recordRevenue(input: $input) { id bookedAt } }`;
    const late = { compoundId: mengda, category: 'ADVERTISING', amountFen: 20_000, costFen: 2_000, receivedAt: dayOfLastMonth(20), description: '电梯广告', sourceReference: 'ad-2026-001' };
    expect(await errorCode(committee, record, { input: late })).toBe('CONFLICT');
    expect(await entryCount(mengda)).toBe(before);
    const fee = { feeId: uuidv7(), compoundId: mengda, plateClass: 'VISITOR' as const, amountFen: 800, collectedAt: dayOfLastMonth(28, 23) };
    await emit('property', 'ParkingFeeCollected', fee.feeId, fee);
    await hub.settle();
    const booked = (await allEntries(mengda)).find((e) => e.sourceReference === `parking-fee:${fee.feeId}`);
    expect(booked.valueAt).toBe(new Date(fee.collectedAt).toISOString());
    expect(booked.bookedAt > `${now.toISOString().slice(0, 7)}`).toBe(true);
    // Revenue with its reasonable costs beside it, dated today, is accepted.
    const ad = (await ok(committee, record, { input: { ...late, receivedAt: null } })).recordRevenue;
    const again = (await ok(committee, record, { input: { ...late, receivedAt: null } })).recordRevenue;
    expect(again.id).toBe(ad.id);
    expect(await balanceOf(mengda)).toBe(MENGDA_OPENING + parkingTotal - REPAIR_FEN + 800 + 18_000);
  });

  it('is audited jointly: findings hold it until resolved, then all three sign off', async () => {
    const SIGN = `mutation($s: ID!, $as: AuditorRole!) { signOffStatement(statementId: $s, as: $as) { audit { status missing } } }`;
    const RAISE_FINDING = `mutation($s: ID!, $as: AuditorRole!, $d: String!) { raiseAuditFinding(statementId: $s, as: $as, description: $d) { id status } }`;
    // What an analyst counts follows every step: the statement's status is kept as it is audited.
    const LISTED = `query($r: ID!, $from: String!, $to: String!) { financeStats(regionCode: $r, from: $from, to: $to) {
      unauditedStatements { totalCount byStatus { status count } edges { node { statementId status } } } } }`;
    const listed = async () => (await ok(analyst, LISTED, { r: DEMO_REGIONS.shiqi, from: lastMonthStart.toISOString(), to: new Date(Date.now() + 60_000).toISOString() })).financeStats.unauditedStatements;
    const listedAs = (status: string) => ({ totalCount: 1, byStatus: [{ status, count: 1 }], edges: [{ node: { statementId, status } }] });
    expect(await listed()).toEqual(listedAs('UNAUDITED'));
    expect(await errorCode(committee, SIGN, { s: statementId, as: 'OWNER_REPRESENTATIVE' })).toBe('FORBIDDEN');
    expect(await errorCode(ownerRep, SIGN, { s: statementId, as: 'COMMUNITY' })).toBe('FORBIDDEN');
    // Owner representatives and the supervisory board sign by a current post in the compound's bodies, not by living there.
    expect(await errorCode(unentitled, SIGN, { s: statementId, as: 'OWNER_REPRESENTATIVE' })).toBe('FORBIDDEN');
    expect(await errorCode(unentitled, SIGN, { s: statementId, as: 'SUPERVISORY_BOARD' })).toBe('FORBIDDEN');
    expect(await errorCode(unentitled, RAISE_FINDING, { s: statementId, as: 'SUPERVISORY_BOARD', d: '无权提出' })).toBe('FORBIDDEN');
    expect(await errorCode(formerBoard, SIGN, { s: statementId, as: 'SUPERVISORY_BOARD' })).toBe('FORBIDDEN');
    expect(await errorCode(board, SIGN, { s: statementId, as: 'OWNER_REPRESENTATIVE' })).toBe('FORBIDDEN');
    expect(await errorCode(ownerRep, SIGN, { s: statementId, as: 'SUPERVISORY_BOARD' })).toBe('FORBIDDEN');
    expect(await errorCode(tokenFor({ sub: boardPerson, role: 'RESIDENT', compounds: [youhe] }), SIGN, { s: statementId, as: 'SUPERVISORY_BOARD' })).toBe('NOT_FOUND');
    expect((await ok(supervisor, SIGN, { s: statementId, as: 'COMMUNITY' })).signOffStatement.audit).toEqual({ status: 'IN_AUDIT', missing: ['OWNER_REPRESENTATIVE', 'SUPERVISORY_BOARD'] });
    expect(await errorCode(supervisor, SIGN, { s: statementId, as: 'COMMUNITY' })).toBe('CONFLICT');
    expect(await listed()).toEqual(listedAs('IN_AUDIT'));
    await ok(ownerRep, SIGN, { s: statementId, as: 'OWNER_REPRESENTATIVE' });
    const finding = (await ok(board, RAISE_FINDING, { s: statementId, as: 'SUPERVISORY_BOARD', d: '9日访客停车费收据缺失' })).raiseAuditFinding;
    const open = `query($id: ID!) { auditFindings(compoundId: $id) { id description status } }`;
    expect((await ok(supervisor, open, { id: mengda })).auditFindings).toEqual([{ id: finding.id, description: '9日访客停车费收据缺失', status: 'OPEN' }]);
    expect(await listed()).toEqual(listedAs('FINDINGS_OPEN'));
    expect((await ok(board, SIGN, { s: statementId, as: 'SUPERVISORY_BOARD' })).signOffStatement.audit).toEqual({ status: 'FINDINGS_OPEN', missing: [] });
    const RESOLVE = `mutation($f: ID!, $r: String!) { resolveAuditFinding(findingId: $f, resolution: $r) { status resolvedBy } }`;
    expect(await errorCode(board, RESOLVE, { f: finding.id, r: '已补' })).toBe('FORBIDDEN');
    expect((await ok(committee, RESOLVE, { f: finding.id, r: '收据已补交并公示' })).resolveAuditFinding).toEqual({ status: 'RESOLVED', resolvedBy: 'committee-mengda' });
    expect(await errorCode(committee, RESOLVE, { f: finding.id, r: '再次' })).toBe('INVALID_TRANSITION');
    expect(await listed()).toEqual({ totalCount: 0, byStatus: [], edges: [] });
    expect((await ok(supervisor, open, { id: mengda })).auditFindings).toEqual([]);
    const final = (await ok(ownerRep, `query($s: ID!) { statement(id: $s) { contentIntact audit { status missing findings { status } signOffs { auditorRole } } } }`, { s: statementId })).statement;
    expect(final.contentIntact).toBe(true);
    const audited = final.audit;
    expect(audited).toEqual({ status: 'AUDITED', missing: [], findings: [{ status: 'RESOLVED' }], signOffs: [{ auditorRole: 'COMMUNITY' }, { auditorRole: 'OWNER_REPRESENTATIVE' }, { auditorRole: 'SUPERVISORY_BOARD' }] });
  });

  it('is published for a quarter too, closing the whole quarter', async () => {
    // The quarter before the current one has always ended.
    const q = Math.floor(now.getUTCMonth() / 3);
    const year = q === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
    const quarter = `${year}-Q${q === 0 ? 4 : q}`;
    const firstDay = `${year}-${String((q === 0 ? 9 : (q - 1) * 3) + 1).padStart(2, '0')}-01`;
    const thisQuarterStart = new Date(Date.UTC(now.getUTCFullYear(), q * 3, 1));
    const lastDay = new Date(thisQuarterStart.getTime() - 86_400_000).toISOString().slice(0, 10);
    const preview = (await ok(youheCommittee, `query($id: ID!, $p: String!) { statementPreview(compoundId: $id, period: $p) { sections { openingFen closingFen } } }`, { id: youhe, p: quarter })).statementPreview;
    const s = (await ok(youheCommittee, PUBLISH, { id: youhe, p: quarter })).publishStatement;
    expect(s).toMatchObject({ period: quarter, firstDay, lastDay, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(s.sections.map((x: any) => ({ openingFen: x.openingFen, closingFen: x.closingFen }))).toEqual(preview.sections);
    for (const x of s.sections) {
      const sum = (lines: { amountFen: number }[]) => lines.reduce((t, l) => t + l.amountFen, 0);
      expect(x.closingFen).toBe(x.openingFen + sum(x.income) - sum(x.costs) - sum(x.spending));
    }
    expect(s.csv.trim().split('\n').at(-1)).toContain(s.hash);
    expect(await errorCode(youheCommittee, PUBLISH, { id: youhe, p: quarter })).toBe('CONFLICT');
    // The quarter's first day is closed as well as its last.
    const record = `mutation($input: RecordRevenueInput!) { recordRevenue(input: $input) { id } }`;
    const count = await entryCount(youhe);
    for (const day of [firstDay, lastDay]) {
      const input = { compoundId: youhe, category: 'ROOM_RENTAL', amountFen: 1_000, receivedAt: `${day}T12:00:00Z`, description: '补记场地费', sourceReference: `late-${day}` };
      expect(await errorCode(youheCommittee, record, { input })).toBe('CONFLICT');
    }
    expect(await entryCount(youhe)).toBe(count);
  });
});

describe('posted entries never change', () => {
  it('are refused UPDATE and DELETE by the database and by the ORM', async () => {
    const ds = hub.subgraphs.finance.ds;
    const entry = await ds.getRepository(JournalEntryEntity).findOneByOrFail({ compoundId: mengda, sequence: 2 });
    await expect(ds.query('UPDATE journal_entry SET description = ? WHERE id = ?', ['changed', entry.id])).rejects.toThrow(/never change/);
    await expect(ds.query('DELETE FROM posting WHERE entryId = ?', [entry.id])).rejects.toThrow(/never change/);
    const original = entry.description;
    entry.description = 'changed';
    await expect(ds.getRepository(JournalEntryEntity).save(entry)).rejects.toThrow(/never changed/);
    await expect(ds.getRepository(JournalEntryEntity).remove(entry)).rejects.toThrow(/never changed/);
    expect((await ds.getRepository(JournalEntryEntity).findOneByOrFail({ id: entry.id })).description).toBe(original);
    // Everything the API did above ran with these guards in place: no code path changed an entry.
    expect((await ok(committee, VERIFY, { id: mengda })).verifyLedger.ok).toBe(true);
  });

  it('corrects by a reversing entry linking the original, then the corrected entry', async () => {
    const record = `mutation($input: RecordRevenueInput!) { recordRevenue(input: $input) { id sequence postings { amountFen category account { id kind } } } }`;
    const wrong = (await ok(youheCommittee, record, { input: { compoundId: youhe, category: 'ROOM_RENTAL', amountFen: 12_000, description: '活动室出租', sourceReference: 'room-2026-07' } })).recordRevenue;
    const balance = await balanceOf(youhe, youheCommittee);
    const [bank, revenue] = wrong.postings.map((p: any) => p.account.id);
    const CORRECT = `mutation($input: CorrectEntryInput!) { correctEntry(input: $input) { reversal { id kind reversesEntryId postings { amountFen } } corrected { id kind correctsEntryId } } }`;
    // Unbalanced corrected postings: refused, and not even the reversal is written.
    const count = await entryCount(youhe);
    const unbalanced = [{ accountId: bank, amountFen: 10_000, category: 'ROOM_RENTAL' }, { accountId: revenue, amountFen: -10_001, category: 'ROOM_RENTAL' }];
    expect(await errorCode(youheCommittee, CORRECT, { input: { entryId: wrong.id, reason: '金额录错', postings: unbalanced } })).toBe('BAD_USER_INPUT');
    expect(await entryCount(youhe)).toBe(count);
    // A payment dressed up as a correction (public revenue debited, the bank credited): refused,
    // money leaves the fund only through a spending request; nothing is written, not even the reversal.
    const payout = [{ accountId: revenue, amountFen: 5_000, category: 'REPAIR' }, { accountId: bank, amountFen: -5_000, category: 'REPAIR' }];
    expect(await errorCode(youheCommittee, CORRECT, { input: { entryId: wrong.id, reason: '更正为维修支出', postings: payout } })).toBe('BAD_USER_INPUT');
    expect({ entries: await entryCount(youhe), balance: await balanceOf(youhe, youheCommittee) }).toEqual({ entries: count, balance });
    const fixed = [{ accountId: bank, amountFen: 10_000, category: 'ROOM_RENTAL' }, { accountId: revenue, amountFen: -10_000, category: 'ROOM_RENTAL' }];
    const c = (await ok(youheCommittee, CORRECT, { input: { entryId: wrong.id, reason: '金额录错', postings: fixed } })).correctEntry;
    expect(c.reversal).toMatchObject({ kind: 'REVERSAL', reversesEntryId: wrong.id, postings: wrong.postings.map((p: any) => ({ amountFen: -p.amountFen })) });
    expect(c.corrected).toMatchObject({ kind: 'CORRECTION', correctsEntryId: wrong.id });
    expect(await balanceOf(youhe, youheCommittee)).toBe(balance - 2_000);
    expect(await errorCode(youheCommittee, CORRECT, { input: { entryId: wrong.id, reason: '再次更正' } })).toBe('CONFLICT');
  });

  it('restates a receipt the fund has already spent from, as long as the fund ends at or above zero', async () => {
    const record = `mutation($input: RecordRevenueInput!) { recordRevenue(input: $input) { id postings { account { id } } } }`;
    const receipt = (await ok(youheCommittee, record, { input: { compoundId: youhe, category: 'ADVERTISING', amountFen: 30_000, description: '道闸广告', sourceReference: 'ad-youhe-2026' } })).recordRevenue;
    const [bank, revenue] = receipt.postings.map((p: any) => p.account.id);
    // All but 100 fen of the public revenue is paid out through an approved, co-signed request.
    const left = 100;
    const matter = await decideMatter(youhe, 9);
    await hub.settle();
    const input = { compoundId: youhe, fund: 'PUBLIC_REVENUE', category: 'FACILITY', amountFen: (await balanceOf(youhe, youheCommittee)) - left, payee: '某门禁公司', purpose: '更换门禁系统', matterId: matter, idempotencyKey: 'youhe-gates' };
    const r = (await ok(youheCommittee, RAISE, { input })).raiseSpendingRequest;
    await ok(youheCommittee, APPROVE, { id: r.id });
    await ok(yingfengSupervisor, CO_SIGN, { id: r.id });
    await ok(youheCommittee, PAY, { id: r.id });
    expect(await balanceOf(youhe, youheCommittee)).toBe(left);

    const CORRECT = `mutation($input: CorrectEntryInput!) { correctEntry(input: $input) { reversal { kind } corrected { kind correctsEntryId } } }`;
    const restated = (fen: number) => [{ accountId: bank, amountFen: fen, category: 'ADVERTISING' }, { accountId: revenue, amountFen: -fen, category: 'ADVERTISING' }];
    const count = await entryCount(youhe);
    // Undoing the whole receipt, or restating it 200 fen lower, would leave the fund below zero: refused, nothing written.
    expect(await errorCode(youheCommittee, CORRECT, { input: { entryId: receipt.id, reason: '广告合同作废' } })).toBe('CONFLICT');
    expect(await errorCode(youheCommittee, CORRECT, { input: { entryId: receipt.id, reason: '金额多记200分', postings: restated(29_800) } })).toBe('CONFLICT');
    expect({ entries: await entryCount(youhe), balance: await balanceOf(youhe, youheCommittee) }).toEqual({ entries: count, balance: left });
    // 40 fen over-stated: the reversal alone would overdraw the fund, reversal and corrected entry together leave 60 fen.
    const c = (await ok(youheCommittee, CORRECT, { input: { entryId: receipt.id, reason: '金额多记40分', postings: restated(29_960) } })).correctEntry;
    expect(c).toEqual({ reversal: { kind: 'REVERSAL' }, corrected: { kind: 'CORRECTION', correctsEntryId: receipt.id } });
    expect({ entries: await entryCount(youhe), balance: await balanceOf(youhe, youheCommittee) }).toEqual({ entries: count + 2, balance: left - 40 });
    expect((await ok(youheCommittee, VERIFY, { id: youhe })).verifyLedger).toMatchObject({ ok: true, balanceMismatches: [] });
  });
});

describe('the maintenance fund', () => {
  const RAISE_FUND = `mutation($input: RaiseMaintenanceFundInput!) { raiseMaintenanceFund(input: $input) { id kind postings { amountFen account { kind buildingRef balanceFen } } } }`;
  it('is raised only under a passed item 6 matter, per building', async () => {
    const item5 = await decideMatter(youhe, 5);
    const item6 = await decideMatter(youhe, 6);
    await hub.settle();
    const input = { compoundId: youhe, buildingRef: '3幢', amountFen: 500_000, matterId: item5, sourceReference: 'fund-3-2026' };
    expect(await errorCode(youheCommittee, RAISE_FUND, { input })).toBe('INVALID_TRANSITION');
    const e = (await ok(youheCommittee, RAISE_FUND, { input: { ...input, matterId: item6 } })).raiseMaintenanceFund;
    expect(e.postings.map((p: any) => [p.account.kind, p.account.buildingRef, p.amountFen])).toEqual([['BANK', null, 500_000], ['MAINTENANCE_FUND', '3幢', -500_000]]);
    const accounts = (await ok(yingfengSupervisor, `query($id: ID!) { financeAccounts(compoundId: $id) { kind buildingRef balanceFen } }`, { id: youhe })).financeAccounts;
    expect(accounts).toContainEqual({ kind: 'MAINTENANCE_FUND', buildingRef: '3幢', balanceFen: 500_000 });
  });

  it('is used under an item 5 matter, or on the emergency path with the street\'s approval', async () => {
    const base = { compoundId: youhe, fund: 'MAINTENANCE_FUND', buildingRef: '3幢', category: 'REPAIR', payee: '电梯维保公司', purpose: '3幢电梯钢丝绳更换' };
    const plain = (await ok(youheCommittee, RAISE, { input: { ...base, amountFen: 100_000, idempotencyKey: 'lift-1' } })).raiseSpendingRequest;
    expect(await errorCode(youheCommittee, APPROVE, { id: plain.id })).toBe('INVALID_TRANSITION');

    const urgent = (await ok(youheCommittee, RAISE, { input: { ...base, amountFen: 80_000, emergency: true, idempotencyKey: 'lift-2' } })).raiseSpendingRequest;
    expect((await ok(youheCommittee, APPROVE, { id: urgent.id })).approveSpendingRequest.basis).toBe('EMERGENCY');
    await ok(yingfengSupervisor, CO_SIGN, { id: urgent.id });
    expect(await errorCode(youheCommittee, PAY, { id: urgent.id })).toBe('INVALID_TRANSITION');
    // The community supervises; the emergency use itself is the street's to approve.
    expect(await errorCode(yingfengOfficial, EMERGENCY, { id: urgent.id })).toBe('FORBIDDEN');
    expect((await ok(yuehuStreet, EMERGENCY, { id: urgent.id })).approveEmergencyUse.emergencyApprovedBy).toBe('street-yuehu');
    expect((await ok(youheCommittee, PAY, { id: urgent.id })).paySpendingRequest.status).toBe('PAID');
    const accounts = (await ok(youheCommittee, `query($id: ID!) { financeAccounts(compoundId: $id) { kind buildingRef balanceFen } }`, { id: youhe })).financeAccounts;
    expect(accounts).toContainEqual({ kind: 'MAINTENANCE_FUND', buildingRef: '3幢', balanceFen: 420_000 });
  });
});

describe('incentive payouts from published ratings', () => {
  const resultId = uuidv7();
  const rating: EventPayloads['RatingPublished'] = {
    resultId,
    roundId: uuidv7(),
    compoundId: gcss,
    firmId: chunjiangFirm,
    period: '2026-Q3',
    scoreCentipoints: 8_810,
    regionPath: [DEMO_REGIONS.dongfang, DEMO_REGIONS.shiqi, DEMO_REGIONS.haishu],
    publishedAt: new Date(Date.now() - 60_000).toISOString(),
  };
  const PAYOUTS = `query($firm: ID, $compound: ID) { incentivePayouts(firmId: $firm, compoundId: $compound) { edges { node { ratingResultId amountFen shareBasisPoints poolFen scoreCentipoints entryId firm { id } } } } }`;
  const POOL = `mutation($c: ID!, $f: ID!, $p: String!, $fen: Fen!) { setIncentivePool(compoundId: $c, firmId: $f, period: $p, poolFen: $fen) { period poolFen } }`;

  it('books exactly one payout even when the rating event is delivered twice', async () => {
    const first = await emit('rating', 'RatingPublished', resultId, rating);
    await emit('rating', 'RatingPublished', resultId, rating);
    await hub.settle();
    // And the very same event once more, as a queue would redeliver it.
    const connection = createRedis(env.config.redisUrl, 'worker');
    const queue = createQueue<EventJob>(eventQueueName('finance'), connection, env.config.queuePrefix, createLogger('finance-ledger-spec', 'silent'));
    await queue.add(EVENT_JOB, { events: [{ id: first, topic: 'RatingPublished', aggregateId: resultId, occurredAt: new Date().toISOString(), payload: rating }] }, { jobId: `${first}-again` });
    await queue.close();
    await connection.quit();
    await hub.settle();

    const payouts = (await ok(firm, PAYOUTS, {})).incentivePayouts.edges.map((e: any) => e.node);
    // 88.10 points reaches the 80.00 band of the default schedule: 70% of the 2,000,000 fen pool.
    expect(payouts).toEqual([{ ratingResultId: resultId, amountFen: 1_400_000, shareBasisPoints: 7_000, poolFen: 2_000_000, scoreCentipoints: 8_810, entryId: expect.any(String), firm: { id: chunjiangFirm } }]);
    const entries = (await allEntries(gcss, supervisor)).filter((e) => e.kind === 'INCENTIVE_PAYOUT');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: payouts[0].entryId, ratingResultId: resultId });
    expect(entries[0].postings.map((p: any) => [p.account.kind, p.amountFen])).toEqual([['INCENTIVE_FUND_RECEIVABLE', 1_400_000], ['INCENTIVE_PAYABLE', -1_400_000]]);
    // The owners' public revenue is untouched by the district's incentive.
    expect(await balanceOf(gcss, supervisor)).toBe(3_472_800);
  });

  it('pays by the schedule in force, and shows a firm only its own payouts', async () => {
    const SCHEDULE = `mutation($bands: [IncentiveBandInput!]!) { setIncentiveSchedule(bands: $bands) { id bands { minScoreCentipoints shareBasisPoints } } }`;
    const bands = [{ minScoreCentipoints: 8_500, shareBasisPoints: 9_000 }, { minScoreCentipoints: 7_000, shareBasisPoints: 5_000 }];
    expect(await errorCode(supervisor, SCHEDULE, { bands })).toBe('FORBIDDEN');
    expect(await errorCode(tokenFor({ sub: 'admin', role: 'ADMIN' }), SCHEDULE, { bands: [{ minScoreCentipoints: 8_500, shareBasisPoints: 20_000 }] })).toBe('BAD_USER_INPUT');
    await ok(tokenFor({ sub: 'admin', role: 'ADMIN' }), SCHEDULE, { bands });
    // Pools are per rating period: the demo's is for 2026-Q3, the district sets 2026-Q4's.
    expect((await ok(supervisor, POOL, { c: gcss, f: chunjiangFirm, p: '2026-Q4', fen: 2_000_000 })).setIncentivePool).toEqual({ period: '2026-Q4', poolFen: 2_000_000 });
    const next = { ...rating, resultId: uuidv7(), period: '2026-Q4' };
    await emit('rating', 'RatingPublished', next.resultId, next);
    await hub.settle();
    const payouts = (await ok(firm, PAYOUTS, {})).incentivePayouts.edges.map((e: any) => e.node);
    expect(payouts.map((p: any) => [p.ratingResultId, p.amountFen])).toEqual([[resultId, 1_400_000], [next.resultId, 1_800_000]]);
    expect((await ok(otherFirm, PAYOUTS, {})).incentivePayouts.edges).toEqual([]);
    expect(await errorCode(otherFirm, PAYOUTS, { firm: chunjiangFirm })).toBe('FORBIDDEN');
    expect(await errorCode(committee, PAYOUTS, { compound: gcss })).toBe('FORBIDDEN');
    expect((await ok(supervisor, PAYOUTS, { compound: gcss })).incentivePayouts.edges).toHaveLength(2);
  });

  it('books nothing for a rating period without a pool, and tells the firm and officials why', async () => {
    const entriesBefore = (await allEntries(gcss, supervisor)).filter((e) => e.kind === 'INCENTIVE_PAYOUT').length;
    const unfunded = { ...rating, resultId: uuidv7(), period: '2027-Q1', scoreCentipoints: 9_600 };
    await emit('rating', 'RatingPublished', unfunded.resultId, unfunded);
    await hub.settle();
    const WHY = `query($firm: ID, $compound: ID) { incentivePayouts(firmId: $firm, compoundId: $compound) { edges { node { ratingResultId period outcome reason amountFen poolFen entryId } } } }`;
    const forFirm = (await ok(firm, WHY, {})).incentivePayouts.edges.map((e: any) => e.node);
    expect(forFirm.map((p: any) => [p.period, p.outcome, p.amountFen])).toEqual([['2026-Q3', 'BOOKED', 1_400_000], ['2026-Q4', 'BOOKED', 1_800_000], ['2027-Q1', 'NO_POOL', 0]]);
    const none = forFirm[2];
    expect(none).toMatchObject({ ratingResultId: unfunded.resultId, poolFen: 0, entryId: null });
    expect(none.reason).toMatch(/No incentive pool was set .* for 2027-Q1; nothing is booked/);
    expect((await ok(supervisor, WHY, { compound: gcss })).incentivePayouts.edges.map((e: any) => e.node)).toContainEqual(none);
    expect((await allEntries(gcss, supervisor)).filter((e) => e.kind === 'INCENTIVE_PAYOUT')).toHaveLength(entriesBefore);
    // Once a period's results are decided its pool stays; a malformed period changes nothing.
    expect(await errorCode(supervisor, POOL, { c: gcss, f: chunjiangFirm, p: '2027-Q1', fen: 1_000_000 })).toBe('CONFLICT');
    expect(await errorCode(supervisor, POOL, { c: gcss, f: chunjiangFirm, p: '2026-Q3', fen: 3_000_000 })).toBe('CONFLICT');
    expect(await errorCode(supervisor, POOL, { c: gcss, f: chunjiangFirm, p: '2027-03', fen: 1_000_000 })).toBe('BAD_USER_INPUT');
    expect(await errorCode(firm, POOL, { c: gcss, f: chunjiangFirm, p: '2027-Q2', fen: 1_000_000 })).toBe('FORBIDDEN');
    expect(await errorCode(yingfengOfficial, POOL, { c: gcss, f: chunjiangFirm, p: '2027-Q2', fen: 1_000_000 })).toBe('FORBIDDEN');
    expect((await ok(supervisor, POOL, { c: gcss, f: chunjiangFirm, p: '2027-Q2', fen: 1_000_000 })).setIncentivePool).toEqual({ period: '2027-Q2', poolFen: 1_000_000 });
    const POOLS = `query($c: ID) { incentivePools(compoundId: $c) { edges { node { period poolFen firm { id } } } } }`;
    const funded = [['2026-Q3', 2_000_000], ['2026-Q4', 2_000_000], ['2027-Q2', 1_000_000]];
    expect((await ok(firm, POOLS, {})).incentivePools.edges.map((e: any) => [e.node.period, e.node.poolFen])).toEqual(funded);
    expect((await ok(supervisor, POOLS, { c: gcss })).incentivePools.edges.map((e: any) => [e.node.period, e.node.poolFen])).toEqual(funded);
    expect((await ok(otherFirm, POOLS, {})).incentivePools.edges).toEqual([]);
    expect(await errorCode(yingfengOfficial, POOLS, { c: gcss })).toBe('FORBIDDEN');
  });
});

describe('posts announced by the community', () => {
  it('stay ended when the appointment and the end of a post are applied at the same time', async () => {
    const finance = hub.subgraphs.finance.ds;
    const posts = Array.from({ length: 12 }, () => uuidv7());
    const announce = (postId: string, endsOn: string | null): EventEnvelope<'PostChanged'> => ({
      id: uuidv7(),
      topic: 'PostChanged',
      aggregateId: postId,
      occurredAt: new Date().toISOString(),
      payload: { postId, personId: uuidv7(), organisationId: uuidv7(), organisationKind: 'SUPERVISORY_BOARD', compoundId: mengda, role: '监事', startsOn: '2026-01-01', endsOn },
    });
    // As the event consumers do: each event in its own transaction, tried again when it fails.
    const apply = async (event: EventEnvelope<'PostChanged'>) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await transaction(finance, (m) => postEvents.PostChanged!({ ds: finance } as never, m, event));
        } catch (error) {
          if (attempt === 5) throw error;
        }
      }
    };
    await Promise.all(posts.flatMap((id) => [apply(announce(id, null)), apply(announce(id, '2026-06-30'))]));
    const rows = await finance.getRepository(GovernancePostEntity).findBy({ id: In(posts) });
    expect(rows.map((r) => r.endsOn)).toEqual(posts.map(() => '2026-06-30'));
  });
});

describe('concurrent postings', () => {
  it('append to one compound without gaps, forks or double bookings', async () => {
    const gcssCommittee = tokenFor({ sub: 'committee-gcss', role: 'OWNERS_COMMITTEE', compounds: [gcss] });
    const record = `mutation($input: RecordRevenueInput!) { recordRevenue(input: $input) { id sequence } }`;
    const before = await balanceOf(gcss, gcssCommittee);
    const inputs = Array.from({ length: 12 }, (_, i) => ({ compoundId: gcss, category: 'ROOM_RENTAL', amountFen: 1_000 + (i % 8), description: `会议室出租 ${i % 8}`, sourceReference: `gcss-room-${i % 8}` }));
    const answers = await Promise.all(inputs.map((input) => call(gcssCommittee, record, { input })));
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    // Twelve calls, eight distinct receipts: the four repeats return the entry of their first call.
    const booked = new Map(answers.map((a) => [a.data.recordRevenue.id, a.data.recordRevenue.sequence]));
    expect(booked.size).toBe(8);
    const entries = await allEntries(gcss, gcssCommittee);
    const rooms = entries.filter((e) => e.sourceReference.startsWith('revenue:gcss-room-'));
    expect(rooms).toHaveLength(8);
    expect(await balanceOf(gcss, gcssCommittee)).toBe(before + ROOMS_FEN);
    // One chain: sequences 1..n without gaps, each entry pointing at the one before.
    entries.forEach((e, i) => expect([e.sequence, i === 0 || e.prevHash === entries[i - 1].hash]).toEqual([i + 1, true]));
    expect((await ok(gcssCommittee, VERIFY, { id: gcss })).verifyLedger).toMatchObject({ ok: true, entriesChecked: entries.length, headSequence: entries.length });
  });

  it('pay a request once, however many payments race', async () => {
    const gcssCommittee = tokenFor({ sub: 'committee-gcss', role: 'OWNERS_COMMITTEE', compounds: [gcss] });
    const matter = await decideMatter(gcss, 9);
    await hub.settle();
    const input = { compoundId: gcss, fund: 'PUBLIC_REVENUE', category: 'CLEANING', amountFen: 30_000, payee: '保洁队', purpose: '楼道清洗', matterId: matter, idempotencyKey: 'gcss-clean-1' };
    const r = (await ok(gcssCommittee, RAISE, { input })).raiseSpendingRequest;
    await ok(gcssCommittee, APPROVE, { id: r.id });
    await ok(supervisor, CO_SIGN, { id: r.id });
    const before = await balanceOf(gcss, gcssCommittee);
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(gcssCommittee, PAY, { id: r.id })));
    expect(answers.filter((a) => !a.errors).length).toBe(1);
    expect(answers.flatMap((a) => (a.errors ?? []).map((e) => e.extensions?.code))).toEqual(Array(4).fill('INVALID_TRANSITION'));
    expect(await balanceOf(gcss, gcssCommittee)).toBe(before - 30_000);
  });
});

describe('bad input changes nothing', () => {
  it('refuses fractions of a fen, bad periods and costs above the income', async () => {
    const record = `mutation($input: RecordRevenueInput!) { recordRevenue(input: $input) { id } }`;
    const before = await entryCount(mengda);
    const input = { compoundId: mengda, category: 'ADVERTISING', amountFen: 10.5, description: '广告', sourceReference: 'x-1' };
    expect(await errorCode(committee, record, { input })).toBe('BAD_USER_INPUT');
    expect(await errorCode(committee, record, { input: { ...input, amountFen: 1_000, costFen: 1_000 } })).toBe('BAD_USER_INPUT');
    expect(await errorCode(committee, record, { input: { ...input, amountFen: 1_000, receivedAt: 'yesterday' } })).toBe('BAD_USER_INPUT');
    expect(await errorCode(committee, RAISE, { input: { compoundId: mengda, fund: 'PUBLIC_REVENUE', category: 'REPAIR', amountFen: -5, payee: 'x', purpose: 'x', idempotencyKey: 'neg' } })).toBe('BAD_USER_INPUT');
    expect(await errorCode(committee, `query($id: ID!) { statementPreview(compoundId: $id, period: "2026-13") { period } }`, { id: mengda })).toBe('BAD_USER_INPUT');
    expect(await errorCode(youheCommittee, record, { input: { ...input, amountFen: 1_000 } })).toBe('FORBIDDEN');
    expect(await entryCount(mengda)).toBe(before);
    // A compound the community never registered (a mistyped id) gets no ledger, whoever books.
    const stray = uuidv7();
    const admin = tokenFor({ sub: 'admin', role: 'ADMIN' });
    const erp = tokenFor({ sub: 'erp', role: 'INTEGRATION', source: 'erp' });
    expect(await errorCode(admin, record, { input: { ...input, compoundId: stray, amountFen: 1_000 } })).toBe('NOT_FOUND');
    expect(await errorCode(erp, record, { input: { ...input, compoundId: stray, amountFen: 1_000 } })).toBe('NOT_FOUND');
    const fund = { compoundId: stray, amountFen: 1_000, matterId: uuidv7(), sourceReference: 'stray-fund' };
    expect(await errorCode(admin, `mutation($input: RaiseMaintenanceFundInput!) { raiseMaintenanceFund(input: $input) { id } }`, { input: fund })).toBe('NOT_FOUND');
    expect(await errorCode(admin, RAISE, { input: { compoundId: stray, fund: 'PUBLIC_REVENUE', category: 'REPAIR', amountFen: 100, payee: 'x', purpose: 'x', idempotencyKey: 'stray' } })).toBe('NOT_FOUND');
    expect(Number((await hub.subgraphs.finance.ds.query('SELECT COUNT(*) AS n FROM account WHERE compoundId = ?', [stray]))[0].n)).toBe(0);
    expect(await hub.subgraphs.finance.ds.query('SELECT id FROM spending_request WHERE compoundId = ?', [stray])).toEqual([]);
    expect(await entryCount(stray)).toBe(0);
  });
});

describe('analysts', () => {
  it('get revenue and spending by category, overdue and unaudited statements and incentives per firm, without people', async () => {
    const STATS = `query($r: ID!, $from: String!, $to: String!) { financeStats(regionCode: $r, from: $from, to: $to) {
      compounds revenueByCategory { category amountFen } costsByCategory { category amountFen } spendingByCategory { category amountFen }
      overdueStatements { totalCount periods edges { node { compoundId periods } } }
      unauditedStatements { totalCount byStatus { status count } edges { node { compoundId period status } } } incentivesByFirm { firm { id } payouts amountFen } } }`;
    const vars = { r: DEMO_REGIONS.shiqi, from: lastMonthStart.toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const stats = (await ok(analyst, STATS, vars)).financeStats;
    expect(stats.compounds).toBe(2); // Mengda and Guangchang Shangsha are in Shiqi street; Youhe is not
    expect(stats.revenueByCategory).toEqual([{ category: 'ADVERTISING', amountFen: 20_000 }, { category: 'PARKING', amountFen: parkingTotal + 800 }, { category: 'ROOM_RENTAL', amountFen: ROOMS_FEN }]);
    expect(stats.costsByCategory).toEqual([{ category: 'REVENUE_COST', amountFen: 2_000 }]);
    expect(stats.spendingByCategory).toEqual([{ category: 'CLEANING', amountFen: 30_000 }, { category: 'REPAIR', amountFen: REPAIR_FEN }]);
    // Mengda's statement is published and audited; Guangchang Shangsha's is overdue once 15 days have passed.
    const overdueNow = Date.now() >= Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 16);
    expect(stats.overdueStatements).toEqual(
      overdueNow ? { totalCount: 1, periods: 1, edges: [{ node: { compoundId: gcss, periods: [lastMonth] } }] } : { totalCount: 0, periods: 0, edges: [] },
    );
    expect(stats.unauditedStatements).toEqual({ totalCount: 0, byStatus: [], edges: [] });
    expect(stats.incentivesByFirm).toEqual([{ firm: { id: chunjiangFirm }, payouts: 2, amountFen: 3_200_000 }]);
    expect(await errorCode(minglouOfficial, STATS, vars)).toBe('FORBIDDEN');
    // A district official reads a street inside the district; a street official not the district above it.
    const haishu = tokenFor({ sub: 'official-haishu', role: 'OFFICIAL', regions: [DEMO_REGIONS.haishu] });
    expect((await ok(haishu, STATS, vars)).financeStats.revenueByCategory).toEqual(stats.revenueByCategory);
    const shiqi = tokenFor({ sub: 'official-shiqi', role: 'OFFICIAL', regions: [DEMO_REGIONS.shiqi] });
    expect(await errorCode(shiqi, STATS, { ...vars, r: DEMO_REGIONS.haishu })).toBe('FORBIDDEN');
    expect(await errorCode(analyst, STATS, { ...vars, from: vars.to, to: vars.from })).toBe('BAD_USER_INPUT');
    expect(await errorCode(analyst, `query($id: ID!) { financeAccounts(compoundId: $id) { id } }`, { id: mengda })).toBe('FORBIDDEN');
  });
});

describe('an ERP import\'s parking fees, delivered as one job', () => {
  it('books every fee of every compound once, in one append, and a redelivery books nothing', async () => {
    const compounds = [mengda, gcss, youhe];
    const tokens = new Map([[mengda, committee], [gcss, supervisor], [youhe, youheCommittee]]);
    const fees = Array.from({ length: 90 }, (_, i) => ({
      feeId: uuidv7(),
      compoundId: compounds[i % 3],
      plateClass: (i % 4 === 0 ? 'VISITOR' : 'OWNER') as 'VISITOR' | 'OWNER',
      amountFen: 300 + 7 * i,
      collectedAt: new Date(Date.now() - 3_600_000 + i * 1_000).toISOString(),
    }));
    // The property side announced five of them twice (a retried ERP push): other events, the same fees.
    const announced = [...fees, ...fees.slice(10, 15)];
    const events: EventEnvelope[] = announced.map((fee) => ({ id: uuidv7(), topic: 'ParkingFeeCollected', aggregateId: fee.compoundId, occurredAt: new Date().toISOString(), payload: fee }));
    const before = new Map<string, { balance: number; entries: number }>();
    for (const c of compounds) before.set(c, { balance: await balanceOf(c, tokens.get(c)), entries: await entryCount(c) });

    const connection = createRedis(env.config.redisUrl, 'worker');
    const queue = createQueue<EventJob>(eventQueueName('finance'), connection, env.config.queuePrefix, createLogger('finance-ledger-spec', 'silent'));
    try {
      await queue.add(EVENT_JOB, { events }, { jobId: `import-${events[0].id}` });
      await hub.settle(20_000);
      for (const c of compounds) {
        const own = fees.filter((f) => f.compoundId === c);
        expect(await balanceOf(c, tokens.get(c))).toBe(before.get(c)!.balance + own.reduce((sum, f) => sum + f.amountFen, 0));
        expect(await entryCount(c)).toBe(before.get(c)!.entries + own.length);
        expect((await ok(supervisorOf(c), VERIFY, { id: c })).verifyLedger).toMatchObject({ ok: true, firstBroken: null, balanceMismatches: [] });
      }
      // In the order delivered: each compound's fees follow one another on its chain.
      const mengdaFees = (await allEntries(mengda)).slice(-30).map((e) => e.sourceReference);
      expect(mengdaFees).toEqual(fees.filter((f) => f.compoundId === mengda).map((f) => `parking-fee:${f.feeId}`));
      // Written together: one INSERT for the job's entries, so one creation instant for all 90.
      const [{ instants }] = await hub.subgraphs.finance.ds.query(
        `SELECT COUNT(DISTINCT createdAt) AS instants FROM journal_entry WHERE sourceReference IN (${fees.map(() => '?').join(', ')})`,
        fees.map((f) => `parking-fee:${f.feeId}`),
      );
      expect(Number(instants)).toBe(1);

      // The very same job once more, as a queue would redeliver it: nothing is booked twice.
      await queue.add(EVENT_JOB, { events }, { jobId: `import-${events[0].id}-again` });
      await hub.settle(20_000);
      for (const c of compounds) expect(await entryCount(c)).toBe(before.get(c)!.entries + fees.filter((f) => f.compoundId === c).length);
    } finally {
      await queue.close();
      await connection.quit();
    }
  });
});

describe('a row edited behind the API\'s back', () => {
  // Last in the file: every flow above ran with the database's guards in place.
  it('is caught by verifyLedger, at that entry', async () => {
    const ds = hub.subgraphs.finance.ds;
    for (const id of [mengda, gcss, youhe]) expect((await ok(supervisorOf(id), VERIFY, { id })).verifyLedger).toMatchObject({ ok: true, firstBroken: null, balanceMismatches: [] });
    const target = await ds.getRepository(JournalEntryEntity).findOneByOrFail({ compoundId: youhe, sequence: 2 });
    // Someone with rights to drop the guard edits a posting: 100 fen more income than was received.
    await ds.query('DROP TRIGGER posting_no_update');
    await ds.query('UPDATE posting SET amountFen = amountFen - 100 WHERE entryId = ? AND position = 1', [target.id]);
    const result = (await ok(yingfengSupervisor, VERIFY, { id: youhe })).verifyLedger;
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ sequence: 2, entryId: target.id, reason: 'HASH_MISMATCH' });
    expect(result.balanceMismatches).toHaveLength(1);
    // The compound's residents see the same break for themselves.
    expect((await ok(outsider, VERIFY, { id: youhe })).verifyLedger.firstBroken).toEqual(result.firstBroken);
    // Mengda's ledger is untouched.
    expect((await ok(committee, VERIFY, { id: mengda })).verifyLedger.ok).toBe(true);
  });

  it('in a published statement shows as content that no longer gives its hash', async () => {
    const ds = hub.subgraphs.finance.ds;
    const list = `query($id: ID!) { statements(compoundId: $id) { edges { node { period contentIntact } } } }`;
    expect((await ok(ownerRep, list, { id: mengda })).statements.edges).toEqual([{ node: { period: lastMonth, contentIntact: true } }]);
    await ds.query('DROP TRIGGER statement_no_update');
    await ds.query(`UPDATE statement SET content = REPLACE(content, '"closingFen":', '"closingFen":1') WHERE compoundId = ?`, [mengda]);
    expect((await ok(ownerRep, list, { id: mengda })).statements.edges).toEqual([{ node: { period: lastMonth, contentIntact: false } }]);
  });
});
