import { CompoundScopeEntity, SUBGRAPHS, transaction, uuidv7, type SubgraphName } from '@hub/platform';
import { TEST_JWT_SECRET, testEnvironment } from '@hub/platform/dist/testing';
import { signDevToken } from '@hub/gateway';
import { RequestStepEntity } from '@hub/community/dist/requests/request-step.entity';
import { MatterEntity, MatterPublicationEntity, MatterTransitionEntity } from '@hub/community/dist/matters/matter.entity';
import {
  JointMeetingAgendaItemEntity,
  JointMeetingAttendanceEntity,
  JointMeetingDecisionEntity,
  JointMeetingEntity,
} from '@hub/community/dist/meetings/joint-meeting.entity';
import { ActivityRoomEntity, ElevatorEntity, FireLaneEntity } from '@hub/property/dist/facilities/facility.entity';
import { ParkingAreaEntity, ParkingEntranceEntity, ParkingSpaceEntity } from '@hub/property/dist/facilities/parking-area.entity';
import { UtilityCoverageEntity, UtilityNoticeEntity } from '@hub/property/dist/utilities/utility.entity';
import { WorkOrderEntity, WorkOrderTransitionEntity } from '@hub/property/dist/work-orders/work-order.entity';
import { ParkingPermitEntity, ParkingSessionEntity } from '@hub/property/dist/parking/parking.entities';
import { AccountEntity } from '@hub/finance/dist/accounts/account.entity';
import { JournalEntryEntity } from '@hub/finance/dist/ledger/journal-entry.entity';
import { PostingEntity } from '@hub/finance/dist/ledger/posting.entity';
import { RatingResultEntity } from '@hub/rating/dist/results/rating-result.entity';
import { ListEntryEntity, RedBlackListEntity } from '@hub/rating/dist/lists/red-black-list.entity';
import { recordRatingUpdates } from '@hub/rating/dist/partners/rating-updates';
import { startHub, type Hub } from '../scripts/hub';
import { DEMO_REGIONS } from '../scripts/demo-data';
import { addCompoundsOfOneFirm, addResidentsAndWorkOrders } from './fixtures';
import { runStandalone, type BenchRow } from './feature-bench';

/**
 * SQL statements per request: every list-shaped operation an app or analyst runs through the
 * gateway, at list lengths 1, 10 and 100, counted per subgraph database. A count that grows with
 * the list is an N+1 (a statement per item) and a defect. Run after `npm run build`:
 * `node -r @swc-node/register bench/statements.ts`; 20–45 s.
 *
 * The hub runs without its workers (no outbox relay polls share the counters), and each count
 * is the fewest over three tries all the same, as the rating subgraph's live feed may poll.
 */
export const LENGTHS = [1, 10, 100] as const;
const TRIES = 3;

type Counts = Record<SubgraphName, number>;

interface StatementCase {
  name: string;
  token: string;
  query: (n: number) => string;
  /** The list the operation returned, to check it really had n items. */
  list: (data: any) => unknown[];
}

interface Fixture {
  compoundIds: string[];
  firmId: string;
  tokens: { official: string; admin: string; firm: string; partner: string };
}

const R = DEMO_REGIONS;
const PATH = [R.dongfang, R.shiqi, R.haishu];
const LIST_PERIOD = '2025-Q4';

/** 100 compounds with a child of every kind, and 100 of each list-shaped record in the first one. */
async function seed(hub: Hub): Promise<Fixture> {
  const { compoundIds, firmId } = await addCompoundsOfOneFirm(hub, 100);
  const first = compoundIds[0];
  await addResidentsAndWorkOrders(hub, compoundIds, firmId, { perResident: 1, perCompound: 1 });
  const { community, property, finance, rating } = hub.subgraphs;
  const now = new Date();
  const day = 86_400_000;

  // community: one step per request; 100 matters and 100 joint meetings in the first compound
  const requests = await community.ds.query('SELECT id FROM resident_request WHERE compoundId IN (?)', [compoundIds]);
  await community.ds.getRepository(RequestStepEntity).insert(
    requests.map((r: { id: string }) => ({ id: uuidv7(), requestId: r.id, action: 'SUBMIT', state: 'SUBMITTED', level: 'COMPOUND', actorRole: 'RESIDENT', actorId: null, note: null, photoUrls: [], at: now })),
  );
  const matterIds = compoundIds.map(() => uuidv7());
  await community.ds.getRepository(MatterEntity).insert(
    matterIds.map((id, i) => ({ id, compoundId: first, title: `议题${i}`, description: '更换电梯', article278Item: 9, kind: 'GENERAL', state: 'PROPOSED', requestKey: null, proposedBy: 'committee', proposedByRole: 'OWNERS_COMMITTEE', finalTally: null }) as never),
  );
  await community.ds.getRepository(MatterTransitionEntity).insert(
    matterIds.map((matterId) => ({ id: uuidv7(), matterId, action: 'PROPOSE', fromState: null, toState: 'PROPOSED', actor: 'committee', actorRole: 'OWNERS_COMMITTEE', note: null })),
  );
  await community.ds.getRepository(MatterPublicationEntity).insert(matterIds.map((matterId) => ({ id: uuidv7(), matterId, stage: 'TOPIC', content: '议题公示' })));
  const meetingIds = compoundIds.map(() => uuidv7());
  await community.ds.getRepository(JointMeetingEntity).insert(
    meetingIds.map((id, i) => ({ id, compoundId: first, title: `联席会议${i}`, scheduledAt: new Date(now.getTime() - (i + 2) * day), place: '党群服务中心', state: 'HELD', requestKey: null, minutes: '纪要', heldAt: new Date(now.getTime() - (i + 2) * day), convenedBy: 'official' })),
  );
  await community.ds.getRepository(JointMeetingAgendaItemEntity).insert(meetingIds.map((meetingId, i) => ({ id: uuidv7(), meetingId, position: 1, title: '议程', matterId: matterIds[i] })));
  await community.ds.getRepository(JointMeetingAttendanceEntity).insert(meetingIds.map((meetingId) => ({ id: uuidv7(), meetingId, party: 'PROPERTY_FIRM', attendee: '项目经理', personId: null })));
  await community.ds.getRepository(JointMeetingDecisionEntity).insert(
    meetingIds.map((meetingId) => ({ id: uuidv7(), meetingId, compoundId: first, agendaPosition: 1, text: '一周内修复', responsibleParty: 'PROPERTY_FIRM', dueOn: '2026-01-10', status: 'OPEN', doneAt: null, doneNote: null, doneBy: null, doneByRole: null })),
  );

  // property: the scope officials are checked against, and one facility of each kind per compound
  await property.ds.getRepository(CompoundScopeEntity).insert(compoundIds.map((compoundId) => ({ compoundId, regionPath: PATH.join(',') })));
  const areas = compoundIds.map((compoundId) => ({ id: uuidv7(), compoundId, name: '地面停车场', underground: false }));
  await property.ds.getRepository(ParkingAreaEntity).insert(areas);
  await property.ds.getRepository(ParkingEntranceEntity).insert(areas.map((a, i) => ({ id: uuidv7(), areaId: a.id, compoundId: a.compoundId, name: '东门', gateCode: `g${i}` })));
  await property.ds.getRepository(ParkingSpaceEntity).insert(areas.map((a) => ({ id: uuidv7(), areaId: a.id, number: 'A-001', kind: 'OWNER' as never })));
  await property.ds.getRepository(ElevatorEntity).insert(compoundIds.map((compoundId) => ({ id: uuidv7(), compoundId, building: '1幢', installedYear: 2005, status: 'IN_SERVICE' as never })));
  await property.ds.getRepository(FireLaneEntity).insert(compoundIds.map((compoundId) => ({ id: uuidv7(), compoundId, name: '消防通道', lengthM: 80, clear: true })));
  await property.ds.getRepository(ActivityRoomEntity).insert(compoundIds.map((compoundId) => ({ id: uuidv7(), compoundId, name: '活动室', areaCentiM2: 5_000, freeOfCharge: true, usedBy: null })));
  await property.ds.getRepository(UtilityCoverageEntity).insert(
    compoundIds.map((compoundId) => ({ id: uuidv7(), compoundId, utility: 'GAS' as never, provider: '宁波兴光燃气', householdsConnected: 90, householdsTotal: 100, reportedAt: now })),
  );
  await property.ds.getRepository(UtilityNoticeEntity).insert(
    compoundIds.map((compoundId, i) => ({ id: uuidv7(), compoundId, utility: 'WATER' as never, kind: 'PLANNED_OUTAGE' as never, title: '计划停水', startsAt: new Date(now.getTime() + day), endsAt: null, source: 'bench', externalId: `n${i}` })),
  );
  const orders = await property.ds.getRepository(WorkOrderEntity).find({ select: { id: true }, where: { firmId } });
  await property.ds.getRepository(WorkOrderTransitionEntity).insert(orders.map((o) => ({ id: uuidv7(), workOrderId: o.id, fromStatus: null, toStatus: 'NEW' as never, byRole: 'SYSTEM', bySub: null, note: null })));

  // property: 100 permits in the first compound, each with one stay
  const permits = compoundIds.map((_, i) => {
    const plate = `浙B${String(10000 + i)}`;
    return { id: uuidv7(), compoundId: first, plate, activePlate: plate, plateClass: 'OWNER' as const, unitId: null, validFrom: '2026-01-01', validTo: null, status: 'ACTIVE' as const, revokedReason: null };
  });
  await property.ds.getRepository(ParkingPermitEntity).insert(permits);
  await property.ds.getRepository(ParkingSessionEntity).insert(
    permits.map((p, i) => ({ id: uuidv7(), compoundId: first, plate: p.plate, plateClass: 'OWNER' as const, permitId: p.id, enteredAt: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000), exitedAt: null, entryGate: 'g0', exitGate: null, status: 'OPEN' as const, feeFen: null })),
  );

  // finance: 100 journal entries of two postings each in the first compound
  const account = await finance.ds.getRepository(AccountEntity).findOneByOrFail({ compoundId: first });
  const entries = compoundIds.map((_, i) => ({
    id: uuidv7(),
    compoundId: first,
    sequence: i + 1,
    kind: 'REVENUE' as never,
    bookedAt: now,
    valueAt: now,
    sourceReference: `bench:${i}`,
    description: '停车费收入',
    reversesEntryId: null,
    correctsEntryId: null,
    spendingRequestId: null,
    ratingResultId: null,
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  }));
  await finance.ds.getRepository(JournalEntryEntity).insert(entries);
  await finance.ds.getRepository(PostingEntity).insert(
    entries.flatMap((e) => [0, 1].map((position) => ({ id: uuidv7(), entryId: e.id, compoundId: first, entrySequence: e.sequence, position, accountId: account.id, amountFen: position ? -100 : 100, category: 'PARKING', bookedAt: now }))),
  );

  // rating: the Q3 results ranked in Haishu for the firm, a red/black list over them, and the partner log
  const results = await rating.ds.getRepository(RatingResultEntity).find({ where: compoundIds.map((compoundId) => ({ compoundId, period: '2026-Q3' })) });
  results.sort((a, b) => b.scoreCentipoints - a.scoreCentipoints);
  for (let i = 0; i < results.length; i++) {
    await rating.ds.getRepository(RatingResultEntity).update(results[i].id, { districtCode: R.haishu, firmId, rankInDistrict: i + 1 });
  }
  const listId = uuidv7();
  await rating.ds.getRepository(RedBlackListEntity).insert({ id: listId, districtCode: R.haishu, period: LIST_PERIOD, roundId: uuidv7(), rule: { kind: 'SHARE', red: 10000, black: 0 } as never, ranked: results.length, publishedAt: now });
  await rating.ds.getRepository(ListEntryEntity).insert(
    results.map((r, i) => ({ id: uuidv7(), listId, color: 'RED' as const, resultId: r.id, compoundId: r.compoundId, firmId, rank: i + 1, scoreCentipoints: r.scoreCentipoints, reasons: ['前列'] })),
  );
  await transaction(rating.ds, (m) =>
    recordRatingUpdates(
      m,
      results.map((r) => ({ resultId: r.id, roundId: null, compoundId: r.compoundId, firmId, period: '2026-Q3', scoreCentipoints: r.scoreCentipoints, regionPath: PATH, publishedAt: now })),
    ),
  );

  const sign = (claims: Parameters<typeof signDevToken>[1]) => signDevToken(TEST_JWT_SECRET, claims, 3600);
  return {
    compoundIds,
    firmId,
    tokens: {
      official: sign({ sub: 'bench-official', role: 'OFFICIAL' as never, regions: [R.haishu] }),
      admin: sign({ sub: 'bench-admin', role: 'ADMIN' as never }),
      firm: sign({ sub: 'bench-firm', role: 'PROPERTY_FIRM' as never, firm: firmId }),
      partner: sign({ sub: 'bench-partner', role: 'PARTNER' as never, regions: [R.haishu] }),
    },
  };
}

const edges = (connection: { edges: unknown[] }) => connection.edges;

/** The cases: each subgraph's list-shaped queries and the list fields of the types they return. */
function cases(f: Fixture): StatementCase[] {
  const first = f.compoundIds[0];
  return [
    {
      name: 'compounds with every federated field (street overview)',
      token: f.tokens.official,
      query: (n) => `{ compounds(regionCode: "${R.dongfang}", filter: { nameContains: "基准小区" }, first: ${n}) { edges { node {
        name community { name } street { name } district { name } threeNoes { all } registeredAreaCentiM2
        organisations { name } buildings(first: 5) { edges { node { name } } } units(first: 5) { edges { node { number } } }
        propertyContract { model firm { name } } serviceContracts(first: 5) { edges { node { model firm { name } } } }
        facilities { parkingAreas { name entrances { name } spaceCounts { total } spaces(first: 5) { edges { node { number } } } }
          elevators(first: 5) { edges { node { building } } } elevatorCounts { total } gasCoverage { householdsConnected } fireLanes { name } activityRooms { name } }
        utilityCoverage { utility householdsConnected } utilityNotices(first: 5) { edges { node { title active } } }
        parkingPricing { plateClass } renovationProjects(first: 5) { edges { node { name } } }
        workOrders(first: 5) { edges { node { description firm { name } history { to } } } }
        publicRevenueBalanceFen latestRating { period score rank firm { name } round { id } groups { group } } } } } }`,
      list: (d) => edges(d.compounds),
    },
    {
      name: "a firm's work orders",
      token: f.tokens.firm,
      query: (n) => `{ workOrders(first: ${n}) { edges { node { description status sla firm { name } compound { name } history { to at } } } } }`,
      list: (d) => edges(d.workOrders),
    },
    {
      name: "a firm's compounds and work orders (PropertyFirm)",
      token: f.tokens.admin,
      query: (n) => `{ propertyFirm(id: "${f.firmId}") { name compounds(first: ${n}) { edges { contract { model } node { name latestRating { score } } } }
        workOrders(first: ${n}) { edges { node { description compound { name } } } } ratings(period: "2026-Q3", first: ${n}) { edges { node { score compound { name } } } } } }`,
      list: (d) => edges(d.propertyFirm.compounds),
    },
    {
      name: 'requests of a community',
      token: f.tokens.official,
      query: (n) => `{ residentRequests(regionCode: "${R.dongfang}", first: ${n}) { edges { node { description state overdue compound { name } escalatedTo { name } timeline { action at } } } } }`,
      list: (d) => edges(d.residentRequests),
    },
    {
      name: "matters of a compound",
      token: f.tokens.official,
      query: (n) => `{ matters(compoundId: "${first}", first: ${n}) { edges { node { title state compound { name } preReviews { reviewer } consultations { summary }
        transitions { from to } publications { stage } tally { ruleText } myBallot convention { id } } } } }`,
      list: (d) => edges(d.matters),
    },
    {
      name: 'joint meetings of a compound',
      token: f.tokens.official,
      query: (n) => `{ jointMeetings(compoundId: "${first}", first: ${n}) { edges { node { title compound { name } agenda { title matter { title } } attendance { attendee } decisions { text overdue meeting { title } } } } } }`,
      list: (d) => edges(d.jointMeetings),
    },
    {
      name: 'overdue meeting decisions',
      token: f.tokens.official,
      query: (n) => `{ overdueMeetingDecisions(compoundId: "${first}", first: ${n}) { edges { node { text overdue meeting { title compound { name } } } } } }`,
      list: (d) => edges(d.overdueMeetingDecisions),
    },
    {
      name: 'parking permits of a compound',
      token: f.tokens.official,
      query: (n) => `{ parkingPermits(compoundId: "${first}", first: ${n}) { edges { node { plate plateClass status compound { name } } } } }`,
      list: (d) => edges(d.parkingPermits),
    },
    {
      name: 'parking stays of a compound',
      token: f.tokens.official,
      query: (n) => `{ parkingSessions(compoundId: "${first}", from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", first: ${n}) { edges { node { plate status permit { plate status } } } } }`,
      list: (d) => edges(d.parkingSessions),
    },
    {
      name: 'ledger entries of a compound',
      token: f.tokens.official,
      query: (n) => `{ journalEntries(compoundId: "${first}", first: ${n}) { edges { node { sequence description postings { amountFen category account { kind } } } } } }`,
      list: (d) => edges(d.journalEntries),
    },
    {
      name: 'rating ranking of a district',
      token: f.tokens.official,
      query: (n) => `{ ratingRanking(districtCode: "${R.haishu}", period: "2026-Q3", first: ${n}) { edges { node { score rank compound { name street { name } } firm { name } round { id } groups { group } } } } }`,
      list: (d) => edges(d.ratingRanking),
    },
    {
      name: 'red/black list entries',
      token: f.tokens.official,
      query: (n) => `{ redBlackList(districtCode: "${R.haishu}", period: "${LIST_PERIOD}") { ranked entries(color: RED, first: ${n}) { edges { node { rank score reasons compound { name } firm { name } rating { score period } } } } } }`,
      list: (d) => edges(d.redBlackList.entries),
    },
    {
      name: 'partner feed (ratingEvents)',
      token: f.tokens.partner,
      query: (n) => `{ ratingEvents(regionCode: "${R.haishu}", first: ${n}) { edges { node { cursor score period compound { name } firm { name } } } } }`,
      list: (d) => edges(d.ratingEvents),
    },
  ];
}

async function gql(url: string, token: string, query: string): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; path?: unknown[] }[] };
  if (body.errors?.length) throw new Error(`${body.errors.length} errors, first: ${body.errors[0].message} at ${JSON.stringify(body.errors[0].path)}`);
  return body.data;
}

/** Statements one request costs each subgraph: the fewest over `tries`, so a background poll in one try does not count. */
export async function countStatements(hub: Pick<Hub, 'gateway' | 'subgraphs'>, token: string, query: string, tries = TRIES): Promise<{ counts: Counts; data: any }> {
  const counts = Object.fromEntries(SUBGRAPHS.map((n) => [n, Infinity])) as Counts;
  let data: any;
  for (let t = 0; t < tries; t++) {
    const before = Object.fromEntries(SUBGRAPHS.map((n) => [n, hub.subgraphs[n].statements.count]));
    data = await gql(hub.gateway.url, token, query);
    for (const n of SUBGRAPHS) counts[n] = Math.min(counts[n], hub.subgraphs[n].statements.count - before[n]);
  }
  return { counts, data };
}

const fmt = (c: Counts) => SUBGRAPHS.map((n) => c[n]).join('/');

export async function run(): Promise<BenchRow[]> {
  const env = testEnvironment({ LOG_LEVEL: 'silent' });
  let hub: Hub | null = null;
  try {
    hub = await startHub(env.config, { ephemeralPorts: true, workers: false, seed: true });
    const fixture = await seed(hub);
    const rows: BenchRow[] = [];
    const growing: string[] = [];
    for (const c of cases(fixture)) {
      const perLength: Counts[] = [];
      for (const n of LENGTHS) {
        const { counts, data } = await countStatements(hub, c.token, c.query(n));
        const got = c.list(data).length;
        if (got !== n) throw new Error(`${c.name}: asked for ${n} items, got ${got}`);
        perLength.push(counts);
      }
      const total = (x: Counts) => SUBGRAPHS.reduce((s, n) => s + x[n], 0);
      const grows = SUBGRAPHS.filter((n) => perLength[perLength.length - 1][n] > perLength[0][n]);
      if (grows.length) growing.push(`${c.name} (${grows.join(', ')})`);
      rows.push({
        case: `statements: ${c.name}`,
        value: total(perLength[perLength.length - 1]),
        unit: 'statements at 100',
        note: `c/p/f/r at ${LENGTHS.join(' / ')}: ${perLength.map(fmt).join(' | ')}${grows.length ? `; GROWS in ${grows.join(', ')} (defect)` : '; flat'}`,
      });
    }
    rows.push({ case: 'statements: operations whose count grows with list length', value: growing.length, unit: 'operations', note: growing.join('; ') || 'none' });
    return rows;
  } finally {
    await hub?.stop();
    await env.cleanup();
  }
}

runStandalone(module, run);
