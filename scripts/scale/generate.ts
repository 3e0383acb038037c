import { createConnection } from 'mysql2/promise';
import { databaseTarget, dropMysqlDatabase, loadConfig, openSubgraphDatabase, SUBGRAPHS, type Database, type SubgraphName } from '@hub/platform';
import { DEFAULT_ROUTES, type Route } from '@hub/community/dist/routing/routing-table';
import { creditCodeCheckCharacter, CREDIT_CODE_ALPHABET } from '@hub/property/dist/firms/credit-code';
import { requestSourceRef } from '@hub/property/dist/work-orders/request-round';
import { entryHash, GENESIS_HASH, type ChainEntry } from '@hub/finance/dist/ledger/chain';
import { buildSection, contentHash, type CategoryMovement, type StatementContent } from '@hub/finance/dist/statements/statement-content';
import { computeResult, type GroupOutcome, type Sheet } from '@hub/rating/dist/results/compute';
import { rankResults } from '@hub/rating/dist/rankings/rank';
import { drawRedBlackList } from '@hub/rating/dist/lists/red-black';
import type { SchemeRules } from '@hub/rating/dist/schemes/scheme-rules';
import { DEFINITIONS } from '../hub';
import { BulkWriter, sqlTime } from './bulk-writer';
import { COMPOUND_SUFFIXES, COMPOUND_WORDS, GIVEN, PLACE_WORDS, SURNAMES, ZHEJIANG, type CityPlace } from './places';
import { Random } from './random';
import { SUMMARY_REBUILDERS } from './summaries';

/** Bumped whenever the rows generated for a (size, seed) change, so cached databases are rebuilt. */
export const SCALE_GENERATOR_VERSION = 5;

export type ScaleSize = 'small' | 'city' | 'province';

interface SizeSpec {
  cities: CityPlace[];
  compounds: number;
  units: number;
  firms: number;
  /** Resident requests a year per household. */
  requestRate: number;
}

const NINGBO = ZHEJIANG[0];

export const SCALE_SIZES: Record<ScaleSize, SizeSpec> = {
  // Two districts of Ningbo: enough for every code path, quick enough for a test.
  small: { cities: [{ ...NINGBO, districts: NINGBO.districts.filter(([code]) => code === '330203' || code === '330212') }], compounds: 30, units: 3_000, firms: 6, requestRate: 0.3 },
  city: { cities: [NINGBO], compounds: 3_000, units: 1_000_000, firms: 300, requestRate: 0.3 },
  province: { cities: [...ZHEJIANG], compounds: 45_000, units: 15_000_000, firms: 4_500, requestRate: 0.3 },
};

const DAY = 86_400_000;
const HOUR = 3_600_000;
const YEAR_START = Date.UTC(2026, 0, 1);
/** The generated world is as it stands at the end of 2026: nothing is dated after this. */
export const SCALE_AS_OF = Date.UTC(2026, 11, 31, 23, 59, 59);
const REGISTERED = Date.UTC(2025, 11, 1);
const QUARTERS = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'] as const;
const quarterStart = (q: number) => Date.UTC(2026, q * 3, 1);
const FEEDBACK_WINDOW = 7 * DAY;
/** Statements are published for January to October: the months ended (and due) by the time the data is used. */
const STATEMENT_MONTHS = 10;

/** Ids and codes the benchmarks query by; kept in the marker so a reused database still has them. */
export interface ScaleFixture {
  /** The statistics period the data covers, as the analyst queries take it. */
  period: { from: string; to: string; quarters: string[]; latestQuarter: string };
  /** The city of the fixture district: its 4-digit GB/T 2260 prefix (3302 Ningbo); cities are not nodes of the region tree. */
  city: { code: string; name: string };
  district: { code: string; name: string; compounds: number };
  /** The street with the most compounds, and some of them. */
  street: { code: string; name: string; districtCode: string; compounds: number; compoundIds: string[] };
  community: { code: string; name: string; compounds: number };
  /** A resident (Person id, the token's sub) with open requests, their unit and compound. */
  resident: { personId: string; unitId: string; compoundId: string; communityCode: string; streetCode: string; districtCode: string; requests: number; openRequests: number };
  /** The firm serving the most compounds, with its work orders. */
  firm: { id: string; name: string; compounds: number; workOrders: number; openWorkOrders: number; compoundIds: string[] };
  /** A compound with a long ledger (the fixture resident's). */
  ledgerCompoundId: string;
}

export interface ScaleResult {
  size: ScaleSize;
  seed: number;
  version: number;
  /** Database of each subgraph. */
  databases: Record<SubgraphName, string>;
  /** Rows per table, keyed `subgraph.table`. */
  counts: Record<string, number>;
  rows: number;
  /** The whole generation: dropping, migrating, writing and the summary rebuilds. */
  seconds: number;
  /** rows / seconds. */
  rowsPerSecond: number;
  /** Seconds each summary rebuild took. */
  summaries: { subgraph: SubgraphName; name: string; seconds: number }[];
  reused: boolean;
  fixture: ScaleFixture;
}

export interface ScaleOptions {
  /** mysql://user@host:port/prefix: databases prefix_community, prefix_property, ... */
  databaseUrl: string;
  size: ScaleSize;
  seed?: number;
  /** Regenerate even when the same (size, seed, version) is there. */
  force?: boolean;
  log?: (line: string) => void;
}

const MARKER_TABLE = 'scale_data_marker';

/**
 * Fills the four subgraphs' databases with a deterministic synthetic region (a city of Zhejiang,
 * or the whole province), as if every event had flowed: compounds with their region tree,
 * buildings, units and owners; firms and contracts; a year of resident requests with timelines,
 * the work orders made from them, each compound's hash-chained ledger and four quarters of
 * ratings with rankings and red/black lists. The schema comes from the subgraphs' own migrations;
 * rows are written in bulk. Reuses what is there when the marker names the same size, seed and
 * generator version.
 */
export async function generateScaleData(options: ScaleOptions): Promise<ScaleResult> {
  const seed = options.seed ?? 2026;
  const log = options.log ?? (() => undefined);
  const databases = Object.fromEntries(SUBGRAPHS.map((n) => [n, mysqlTarget(options.databaseUrl, n).database])) as Record<SubgraphName, string>;
  // Benchmarks started side by side may ask for the same data at once: the second waits for the
  // first to finish and then reuses what it wrote, instead of dropping it halfway.
  const t = mysqlTarget(options.databaseUrl, 'community');
  const lock = await createConnection({ host: t.host, port: t.port, user: t.user, password: t.password });
  const lockName = `scale-data:${t.database}`;
  try {
    const [rows] = await lock.query('SELECT GET_LOCK(?, 7200) AS got', [lockName]);
    if (Number((rows as { got: number }[])[0].got) !== 1) throw new Error(`another generation into ${t.database} did not finish within two hours`);
    if (!options.force) {
      const cached = await readMarker(options.databaseUrl);
      if (cached && cached.size === options.size && cached.seed === seed && cached.version === SCALE_GENERATOR_VERSION) {
        return { ...cached, databases, reused: true };
      }
    }
    return await generate(options, seed, databases, log);
  } finally {
    await lock.query('SELECT RELEASE_LOCK(?)', [lockName]).catch(() => undefined);
    await lock.end();
  }
}

async function generate(options: ScaleOptions, seed: number, databases: Record<SubgraphName, string>, log: (line: string) => void): Promise<ScaleResult> {
  const started = performance.now();
  log(`generating ${options.size} (seed ${seed}) into ${Object.values(databases).join(', ')}`);
  for (const name of SUBGRAPHS) await dropMysqlDatabase(options.databaseUrl, name);
  const config = loadConfig({ HUB_ENV: 'development', DATABASE_URL: options.databaseUrl, LOG_LEVEL: 'silent' });
  const dbs = {} as Record<SubgraphName, Database>;
  const writers = {} as Record<SubgraphName, BulkWriter>;
  try {
    for (const name of SUBGRAPHS) {
      dbs[name] = await openSubgraphDatabase(DEFINITIONS[name], config);
      writers[name] = new BulkWriter(mysqlTarget(options.databaseUrl, name), { maxInFlight: 2 });
    }
    const fixture = await new World(SCALE_SIZES[options.size], seed, writers, log).generate();
    for (const w of Object.values(writers)) await w.finish();
    const counts: Record<string, number> = {};
    for (const name of SUBGRAPHS) for (const [table, n] of Object.entries(writers[name].counts)) counts[`${name}.${table}`] = n;
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    const written = (performance.now() - started) / 1000;
    log(`${rows.toLocaleString('en')} rows in ${written.toFixed(1)} s; rebuilding summaries`);

    const summaries: ScaleResult['summaries'] = [];
    for (const s of SUMMARY_REBUILDERS) {
      const t = performance.now();
      await s.rebuild(dbs[s.subgraph].ds);
      summaries.push({ subgraph: s.subgraph, name: s.name, seconds: round1((performance.now() - t) / 1000) });
      log(`summary ${s.subgraph}.${s.name}: ${summaries[summaries.length - 1].seconds} s`);
    }
    const seconds = round1((performance.now() - started) / 1000);
    const result: ScaleResult = { size: options.size, seed, version: SCALE_GENERATOR_VERSION, databases, counts, rows, seconds, rowsPerSecond: Math.round(rows / seconds), summaries, reused: false, fixture };
    await writeMarker(dbs.community, result);
    return result;
  } finally {
    for (const w of Object.values(writers)) await w.close().catch(() => undefined);
    for (const db of Object.values(dbs)) await db.ds.destroy().catch(() => undefined);
  }
}

/** Drops the four databases of a prefix (tests, or to start over). */
export async function dropScaleData(databaseUrl: string): Promise<void> {
  for (const name of SUBGRAPHS) await dropMysqlDatabase(databaseUrl, name);
}

function mysqlTarget(url: string, subgraph: string) {
  const t = databaseTarget(url, subgraph);
  if (t.kind !== 'mysql') throw new Error('generate-scale-data writes to MySQL or MariaDB: give a mysql:// DATABASE_URL');
  return t;
}

/** The marker of a complete generation, or null when there is none (or a database is missing). */
export async function readMarker(databaseUrl: string): Promise<Omit<ScaleResult, 'databases' | 'reused'> | null> {
  const t = mysqlTarget(databaseUrl, 'community');
  const conn = await createConnection({ host: t.host, port: t.port, user: t.user, password: t.password });
  try {
    const names = SUBGRAPHS.map((n) => mysqlTarget(databaseUrl, n).database);
    const [schemas] = await conn.query('SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)', [names]);
    if (Number((schemas as { n: number }[])[0].n) !== names.length) return null;
    const [tables] = await conn.query('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [t.database, MARKER_TABLE]);
    if (Number((tables as { n: number }[])[0].n) === 0) return null;
    const [rows] = await conn.query(`SELECT result FROM \`${t.database}\`.\`${MARKER_TABLE}\` WHERE id = 'scale'`);
    const row = (rows as { result: string }[])[0];
    return row ? JSON.parse(row.result) : null;
  } finally {
    await conn.end();
  }
}

async function writeMarker(db: Database, result: ScaleResult): Promise<void> {
  // Not an entity of the subgraph: the hub never reads it, only this generator.
  await db.ds.query(`CREATE TABLE IF NOT EXISTS \`${MARKER_TABLE}\` (id varchar(16) NOT NULL PRIMARY KEY, size varchar(16) NOT NULL, seed int NOT NULL, version int NOT NULL, result longtext NOT NULL)`);
  const { reused: _reused, databases: _databases, ...stored } = result;
  await db.ds.query(`REPLACE INTO \`${MARKER_TABLE}\` (id, size, seed, version, result) VALUES ('scale', ?, ?, ?, ?)`, [result.size, result.seed, result.version, JSON.stringify(stored)]);
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------

interface District {
  code12: string;
  name: string;
  city: CityPlace;
}
interface Street {
  code: string;
  name: string;
  district: District;
  compounds: number;
}
interface Community {
  code: string;
  name: string;
  street: Street;
  compounds: number;
}
interface Firm {
  id: string;
  name: string;
  compounds: number;
  workOrders: number;
  openWorkOrders: number;
  compoundIds: string[];
}
interface Contract {
  id: string;
  firm: Firm | null;
  model: 'STANDARD' | 'VOLUNTEER_BASELINE' | 'SELF_MANAGED';
  startsOn: string;
  endsOn: string | null;
  fromMs: number;
  toMs: number;
}
interface PendingResult {
  id: string;
  compoundId: string;
  firmId: string | null;
  regionPath: string;
  scoreCentipoints: number;
  breakdown: GroupOutcome[];
}

const INDICATORS = [
  ['CLEANING', '环境卫生', 2000],
  ['SECURITY', '秩序维护', 2000],
  ['GREENING', '绿化养护', 1500],
  ['REPAIRS', '设施维修', 1500],
  ['PARKING', '停车管理', 1000],
  ['ATTITUDE', '服务态度', 1000],
  ['EMERGENCY', '应急处置', 1000],
] as const;

const SCHEME: SchemeRules = {
  indicators: INDICATORS.map(([code, name, weightBp]) => ({ code, name, weightBp })),
  groups: [
    { group: 'OWNERS_COMMITTEE', proportionBp: 3500, minRaters: 3 },
    { group: 'OWNER_REPRESENTATIVES', proportionBp: 2500, minRaters: 2 },
    { group: 'COMMUNITY', proportionBp: 2500, minRaters: 1 },
    { group: 'RESIDENT_SATISFACTION', proportionBp: 1500, minRaters: 5 },
  ],
  incompleteGroupRule: 'REDISTRIBUTE',
  listRule: { kind: 'SHARE', red: 1000, black: 1000 },
};

const DESCRIPTIONS: Record<string, readonly string[]> = {
  REPAIR: ['单元门禁坏了', '楼道灯不亮', '电梯异响', '地下车库漏水', '屋顶渗水', '消防通道堵塞需清理', '小区路面破损', '化粪池堵塞'],
  DISPUTE: ['楼上噪音扰民', '邻居占用公共楼道', '宠物扰民', '装修时间过长'],
  OWNERS_MATTER: ['希望公开公共收益明细', '建议增设充电桩', '询问维修资金使用情况', '建议更换物业'],
  GAS: ['闻到燃气味', '燃气表异常'],
  WATER: ['停水未通知', '水压太低', '自来水浑浊'],
  POWER: ['楼道停电', '电表箱损坏'],
};
const CATEGORY_MIX: readonly (readonly [string, number])[] = [
  ['REPAIR', 55],
  ['DISPUTE', 12],
  ['OWNERS_MATTER', 8],
  ['WATER', 10],
  ['POWER', 8],
  ['GAS', 7],
];
const SATISFACTION: readonly (readonly [number, number])[] = [
  [5, 45],
  [4, 30],
  [3, 13],
  [2, 7],
  [1, 5],
];

const COLS = {
  region: ['code', 'name', 'level', 'parentCode'],
  organisation: ['id', 'createdAt', 'updatedAt', 'kind', 'name', 'partyLevel', 'status', 'communityCode', 'streetCode', 'districtCode', 'buildingId', 'parentId', 'termStartsOn', 'termEndsOn', 'reelectionFlaggedAt', 'reelectionYears'],
  organisationCompound: ['organisationId', 'compoundId'],
  compound: ['id', 'createdAt', 'updatedAt', 'name', 'address', 'communityCode', 'streetCode', 'districtCode', 'households', 'scatteredHousing', 'noOwnersCommittee', 'noPropertyFirm', 'noMaintenanceFund'],
  building: ['id', 'createdAt', 'updatedAt', 'compoundId', 'name'],
  unit: ['id', 'createdAt', 'updatedAt', 'compoundId', 'buildingId', 'number', 'use', 'areaCentiM2', 'ownerId'],
  person: ['id', 'createdAt', 'updatedAt', 'name', 'kind', 'phone', 'idNumber', 'partyMember'],
  compoundContract: ['contractId', 'compoundId', 'firmId', 'startsOn', 'endsOn'],
  request: [
    'id', 'createdAt', 'updatedAt', 'compoundId', 'communityCode', 'streetCode', 'districtCode', 'unitId', 'reporterId', 'clientRequestId', 'category', 'description', 'place', 'photoUrls',
    'state', 'level', 'responsible', 'slaSeconds', 'submittedAt', 'dueAt', 'nextActionAt', 'dispatchedAt', 'resolvedAt', 'closedAt', 'resolveSeconds', 'onTime', 'escalations',
    'reopenCount', 'dispatchRound', 'satisfaction', 'feedback',
  ],
  step: ['id', 'createdAt', 'updatedAt', 'requestId', 'action', 'state', 'level', 'actorRole', 'actorId', 'note', 'photoUrls', 'at'],
  firm: ['id', 'createdAt', 'updatedAt', 'name', 'creditCode', 'partyOrganisation', 'partyInstructorPersonId'],
  contract: ['id', 'createdAt', 'updatedAt', 'compoundId', 'firmId', 'model', 'startsOn', 'endsOn', 'feeFenPerM2Month', 'status', 'endReason'],
  scope: ['compoundId', 'regionPath'],
  workOrder: [
    'id', 'createdAt', 'updatedAt', 'compoundId', 'firmId', 'source', 'sourceRef', 'requestId', 'category', 'priority', 'description', 'place', 'photoUrls', 'status', 'assigneeName',
    'assigneePersonId', 'dueAt', 'startedAt', 'completedAt', 'completionPhotoUrls', 'resolutionNote',
  ],
  transition: ['id', 'createdAt', 'updatedAt', 'workOrderId', 'fromStatus', 'toStatus', 'byRole', 'bySub', 'note'],
  account: ['id', 'createdAt', 'updatedAt', 'compoundId', 'kind', 'buildingRef', 'balanceFen'],
  entry: ['id', 'createdAt', 'updatedAt', 'compoundId', 'sequence', 'kind', 'bookedAt', 'valueAt', 'sourceReference', 'description', 'reversesEntryId', 'correctsEntryId', 'spendingRequestId', 'ratingResultId', 'prevHash', 'hash'],
  posting: ['id', 'createdAt', 'updatedAt', 'entryId', 'compoundId', 'entrySequence', 'position', 'accountId', 'amountFen', 'category', 'bookedAt'],
  head: ['compoundId', 'sequence', 'hash', 'closedThrough'],
  ratingContract: ['id', 'createdAt', 'updatedAt', 'compoundId', 'firmId', 'model', 'startsOn', 'endsOn', 'status'],
  scheme: ['id', 'createdAt', 'updatedAt', 'districtCode', 'name', 'indicators', 'groups', 'incompleteGroupRule', 'listRule', 'requestKey'],
  round: ['id', 'createdAt', 'updatedAt', 'schemeId', 'districtCode', 'period', 'status', 'closedAt', 'publishedAt'],
  roundCompound: ['id', 'createdAt', 'updatedAt', 'roundId', 'compoundId', 'firmId', 'regionPath', 'outcome', 'withheldReason'],
  rater: ['id', 'createdAt', 'updatedAt', 'roundId', 'compoundId', 'raterSub', 'raterGroup'],
  sheet: ['id', 'createdAt', 'updatedAt', 'roundId', 'compoundId', 'raterSub', 'raterGroup', 'scores'],
  result: ['id', 'createdAt', 'updatedAt', 'compoundId', 'period', 'scoreCentipoints', 'publishedAt', 'roundId', 'firmId', 'districtCode', 'rankInDistrict', 'breakdown'],
  list: ['id', 'createdAt', 'updatedAt', 'districtCode', 'period', 'roundId', 'rule', 'ranked', 'publishedAt'],
  listEntry: ['id', 'createdAt', 'updatedAt', 'listId', 'color', 'resultId', 'compoundId', 'firmId', 'rank', 'scoreCentipoints', 'reasons'],
  feedback: ['id', 'createdAt', 'updatedAt', 'requestId', 'compoundId', 'category', 'satisfaction', 'closedAt'],
  statement: ['id', 'createdAt', 'updatedAt', 'compoundId', 'period', 'firstDay', 'lastDay', 'content', 'hash', 'publishedAt', 'publishedBy'],
  signOff: ['id', 'createdAt', 'updatedAt', 'statementId', 'auditorRole', 'auditorId', 'note'],
  finding: ['id', 'createdAt', 'updatedAt', 'statementId', 'compoundId', 'auditorRole', 'raisedBy', 'description', 'status', 'resolution', 'resolvedBy', 'resolvedAt'],
  parkingFee: ['id', 'createdAt', 'updatedAt', 'compoundId', 'kind', 'plate', 'plateClass', 'amountFen', 'collectedAt', 'sessionId', 'receiptRef'],
};

const PLATE_CLASS_MIX: readonly (readonly [string, number])[] = [
  ['VISITOR', 80],
  ['TENANT', 10],
  ['SHOP', 10],
];
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** A licence plate of the city, e.g. 浙B3K7Q2. */
function plate(rng: Random, prefix: string): string {
  let out = prefix;
  for (let i = 0; i < 5; i++) out += PLATE_CHARS[rng.int(0, PLATE_CHARS.length - 1)];
  return out;
}

class World {
  private readonly districts: District[] = [];
  private readonly streets: Street[] = [];
  private readonly communities: Community[] = [];
  /** Community of each compound, by compound index. */
  private readonly compoundCommunity: Community[] = [];
  private readonly households: number[] = [];
  private readonly firmsByCity = new Map<string, { firms: Firm[]; cumulative: number[] }>();
  private readonly firms: Firm[] = [];
  private readonly rounds = new Map<string, { id: string; schemeId: string; closedAt: number; publishedAt: number }>();
  private readonly pending = new Map<string, PendingResult[]>();
  private readonly compoundIds: string[] = [];
  private readonly routes = new Map<string, Route>(DEFAULT_ROUTES.map((r) => [r.category, r]));
  private resident: ScaleFixture['resident'] | null = null;

  constructor(
    private readonly spec: SizeSpec,
    private readonly seed: number,
    private readonly w: Record<SubgraphName, BulkWriter>,
    private readonly log: (line: string) => void,
  ) {}

  private rng(key: string): Random {
    return new Random(`${this.seed}:${key}`);
  }

  async generate(): Promise<ScaleFixture> {
    this.layOut();
    this.makeFirms();
    this.makeSchemesAndRounds();
    const started = performance.now();
    for (let i = 0; i < this.spec.compounds; i++) {
      this.compound(i);
      if (i % 10 === 9) await Promise.all(Object.values(this.w).map((w) => w.settle()));
      if (i % 500 === 499) this.log(`  ${i + 1} of ${this.spec.compounds} compounds (${Math.round((performance.now() - started) / 1000)} s)`);
    }
    this.publishRounds();
    return this.fixture();
  }

  /** Cities → districts → streets → communities → compounds, with uneven sizes as in life. */
  private layOut(): void {
    const rng = this.rng('layout');
    const weights = Array.from({ length: this.spec.compounds }, () => rng.lognormal(1, 0.55));
    const total = weights.reduce((a, b) => a + b, 0);
    for (const w of weights) this.households.push(Math.max(20, Math.round((this.spec.units * w) / total)));

    const allDistricts = this.spec.cities.flatMap((city) => city.districts.map(([code, name, weight]) => ({ code, name, weight: weight * city.weight, city })));
    const counts = apportion(this.spec.compounds, allDistricts.map((d) => d.weight));
    let compound = 0;
    allDistricts.forEach((d, di) => {
      const district: District = { code12: `${d.code}000000`, name: d.name, city: d.city };
      this.districts.push(district);
      this.w.community.add('region', COLS.region, [district.code12, district.name, 'DISTRICT', null]);
      const n = counts[di];
      const streetCount = Math.max(2, Math.round(n / 20));
      const streetSizes = apportion(n, Array.from({ length: streetCount }, () => rng.lognormal(1, 0.6)));
      const words = shuffled(rng, PLACE_WORDS);
      streetSizes.forEach((size, si) => {
        const code = `${d.code}${String(si + 1).padStart(3, '0')}000`;
        const name = `${words[si % words.length]}${si >= words.length ? Math.floor(si / words.length) + 1 : ''}街道`;
        const street: Street = { code, name, district, compounds: size };
        this.streets.push(street);
        this.w.community.add('region', COLS.region, [code, name, 'STREET', district.code12]);
        const communityCount = Math.max(1, Math.min(size, Math.round(size / 4)));
        const communitySizes = apportion(size, Array.from({ length: communityCount }, () => 0.5 + rng.next()));
        communitySizes.forEach((csize, ci) => {
          const ccode = `${d.code}${String(si + 1).padStart(3, '0')}${String(ci + 1).padStart(3, '0')}`;
          const cname = `${rng.pick(PLACE_WORDS)}${rng.pick(['', '东', '西', '南', '北', '新'])}社区`;
          const community: Community = { code: ccode, name: cname, street, compounds: csize };
          this.communities.push(community);
          this.w.community.add('region', COLS.region, [ccode, cname, 'COMMUNITY', code]);
          const t = sqlTime(REGISTERED - 60 * DAY);
          for (const [kind, label, level] of [['RESIDENTS_COMMITTEE', '居民委员会', null], ['PARTY_ORGANISATION', '党委', 'COMMUNITY']] as const) {
            this.w.community.add('organisation', COLS.organisation, [rng.uuid(REGISTERED - 60 * DAY), t, t, kind, `${cname}${label}`, level, 'ACTIVE', ccode, code, district.code12, null, null, '2024-01-01', '2028-12-31', null, '']);
          }
          for (let k = 0; k < csize; k++) this.compoundCommunity[compound++] = community;
        });
      });
    });
  }

  /** Firms per city, each with a valid unified social credit code; a few serve many compounds. */
  private makeFirms(): void {
    const rng = this.rng('firms');
    const counts = apportion(this.spec.firms, this.spec.cities.map((c) => c.weight));
    const codes = new Set<string>();
    this.spec.cities.forEach((city, ci) => {
      const firms: Firm[] = [];
      for (let k = 0; k < Math.max(1, counts[ci]); k++) {
        let code: string;
        do {
          const division = rng.pick(city.districts)[0];
          let org = '';
          for (let j = 0; j < 9; j++) org += CREDIT_CODE_ALPHABET[rng.int(0, 30)];
          const first17 = `91${division}${org}`;
          code = first17 + creditCodeCheckCharacter(first17);
        } while (codes.has(code));
        codes.add(code);
        const id = rng.uuid(REGISTERED - 30 * DAY + this.firms.length * 1000);
        const name = `${city.name.slice(0, 2)}${rng.pick(COMPOUND_WORDS)}${rng.pick(['物业服务', '物业管理', '物业'])}有限公司${k + 1}`;
        const firm: Firm = { id, name, compounds: 0, workOrders: 0, openWorkOrders: 0, compoundIds: [] };
        firms.push(firm);
        this.firms.push(firm);
        const created = sqlTime(REGISTERED - 30 * DAY);
        this.w.property.add('property_firm', COLS.firm, [id, created, created, name, code, rng.chance(0.6) ? `${name}党支部` : null, null]);
      }
      // Zipf-like: the first firms of a city serve far more compounds than the last.
      const cumulative: number[] = [];
      let sum = 0;
      firms.forEach((_, k) => cumulative.push((sum += 1 / Math.pow(k + 1, 0.9))));
      this.firmsByCity.set(city.code, { firms, cumulative });
    });
  }

  private pickFirm(rng: Random, city: CityPlace): Firm {
    const { firms, cumulative } = this.firmsByCity.get(city.code)!;
    const x = rng.next() * cumulative[cumulative.length - 1];
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return firms[lo];
  }

  /** One scheme per district, four quarterly rounds, published two weeks after each quarter (the last on the last day of the year). */
  private makeSchemesAndRounds(): void {
    const rng = this.rng('rating');
    for (const d of this.districts) {
      const schemeId = rng.uuid(REGISTERED);
      const t = sqlTime(REGISTERED);
      this.w.rating.add('rating_scheme', COLS.scheme, [schemeId, t, t, d.code12, `${d.name}物业服务质量量化评价方案`, JSON.stringify(SCHEME.indicators), JSON.stringify(SCHEME.groups), SCHEME.incompleteGroupRule, JSON.stringify(SCHEME.listRule), null]);
      QUARTERS.forEach((period, q) => {
        const opened = quarterStart(q) + 60 * DAY;
        const closedAt = q < 3 ? quarterStart(q + 1) + 7 * DAY : SCALE_AS_OF - 2 * DAY;
        const publishedAt = q < 3 ? quarterStart(q + 1) + 14 * DAY : SCALE_AS_OF - DAY;
        const id = rng.uuid(opened);
        this.rounds.set(`${d.code12}|${q}`, { id, schemeId, closedAt, publishedAt });
        this.pending.set(`${d.code12}|${q}`, []);
        this.w.rating.add('rating_round', COLS.round, [id, sqlTime(opened), sqlTime(publishedAt), schemeId, d.code12, period, 'PUBLISHED', sqlTime(closedAt), sqlTime(publishedAt)]);
      });
    }
  }

  private compound(index: number): void {
    const rng = this.rng(`compound:${index}`);
    const community = this.compoundCommunity[index];
    const street = community.street;
    const district = street.district;
    const households = this.households[index];
    const createdMs = REGISTERED + index * 1000;
    const created = sqlTime(createdMs);
    const id = rng.uuid(createdMs);
    this.compoundIds.push(id);
    const regionPath = [community.code, street.code, district.code12].join(',');
    const scattered = rng.chance(0.03);
    const name = `${rng.pick(COMPOUND_WORDS)}${rng.pick(COMPOUND_SUFFIXES)}${rng.chance(0.3) ? `${rng.pick(['一', '二', '三'])}期` : ''}`;
    const address = `${district.city.name}${district.name}${street.name}${community.name}${name}`;

    // Contracts: a few compounds manage themselves; some changed firm during the year.
    const contracts: Contract[] = [];
    const selfManaged = scattered || rng.chance(0.03);
    const started = Date.UTC(rng.int(2018, 2025), rng.int(0, 11), 1);
    if (selfManaged) {
      contracts.push({ id: rng.uuid(started), firm: null, model: 'SELF_MANAGED', startsOn: isoDay(started), endsOn: null, fromMs: started, toMs: Infinity });
    } else if (rng.chance(0.08)) {
      const change = Date.UTC(2026, rng.int(1, 9), 1);
      const first = this.pickFirm(rng, district.city);
      let second = this.pickFirm(rng, district.city);
      if (second === first) second = this.pickFirm(rng, district.city);
      contracts.push({ id: rng.uuid(started), firm: first, model: 'STANDARD', startsOn: isoDay(started), endsOn: isoDay(change - DAY), fromMs: started, toMs: change });
      contracts.push({ id: rng.uuid(change - 30 * DAY), firm: second, model: 'STANDARD', startsOn: isoDay(change), endsOn: null, fromMs: change, toMs: Infinity });
    } else {
      const model = rng.chance(0.05) ? 'VOLUNTEER_BASELINE' : 'STANDARD';
      const term = rng.chance(0.5) ? null : Date.UTC(2027 + rng.int(0, 2), 11, 31);
      contracts.push({ id: rng.uuid(started), firm: this.pickFirm(rng, district.city), model, startsOn: isoDay(started), endsOn: term ? isoDay(term) : null, fromMs: started, toMs: term ? term + DAY : Infinity });
    }
    const contractOn = (ms: number) => contracts.find((c) => c.fromMs <= ms && ms < c.toMs) ?? null;
    const firmOn = (ms: number) => contractOn(ms)?.firm ?? null;
    const noMaintenanceFund = scattered;
    // Owners' committees (业委会) and compound Party branches (小区党支部), which coverage counts.
    const ownersCommittee = !scattered && rng.chance(0.75);
    const partyBranch = rng.chance(scattered ? 0.3 : 0.65);
    const orgCreated = REGISTERED - 20 * DAY;
    for (const [kind, label, level, on] of [['OWNERS_COMMITTEE', '业主委员会', null, ownersCommittee], ['PARTY_ORGANISATION', '党支部', 'COMPOUND', partyBranch]] as const) {
      if (!on) continue;
      const oid = rng.uuid(orgCreated);
      const t = sqlTime(orgCreated);
      this.w.community.add('organisation', COLS.organisation, [oid, t, t, kind, `${name}${label}`, level, 'ACTIVE', community.code, street.code, district.code12, null, null, '2024-06-01', '2029-05-31', null, '']);
      this.w.community.add('organisation_compound', COLS.organisationCompound, [oid, id]);
    }

    this.w.community.add('compound', COLS.compound, [id, created, created, name, address, community.code, street.code, district.code12, households, scattered, !ownersCommittee, selfManaged, noMaintenanceFund]);
    for (const sub of ['property', 'finance', 'rating'] as const) this.w[sub].add('compound_scope', COLS.scope, [id, regionPath]);
    const fee = rng.int(80, 350);
    for (const c of contracts) {
      const t = sqlTime(c.fromMs - 30 * DAY);
      this.w.property.add('service_contract', COLS.contract, [c.id, t, t, id, c.firm?.id ?? null, c.model, c.startsOn, c.endsOn, c.firm ? fee : 0, 'ACTIVE', null]);
      this.w.community.add('compound_contract', COLS.compoundContract, [c.id, id, c.firm?.id ?? null, c.startsOn, c.endsOn]);
      this.w.rating.add('rating_contract', COLS.ratingContract, [c.id, t, t, id, c.firm?.id ?? null, c.model, c.startsOn, c.endsOn, 'ACTIVE']);
      if (c.firm && c.firm.compoundIds[c.firm.compoundIds.length - 1] !== id) {
        c.firm.compoundIds.push(id);
        c.firm.compounds++;
      }
    }

    const owners = this.unitsAndOwners(rng, id, households, district, createdMs);
    const satisfaction = this.requests(rng, id, community, owners, firmOn, ownersCommittee);
    this.ledger(rng, id, households, noMaintenanceFund, firmOn, district.city.plate, scattered ? null : ownersCommittee ? `oc-${id}` : `rc-${community.code}`);
    this.ratings(rng, index, id, regionPath, district, contractOn, satisfaction);
  }

  /** Buildings, units and the owners' register; returns the units individuals own, for reporters. */
  private unitsAndOwners(rng: Random, compoundId: string, households: number, district: District, createdMs: number): { unitId: string; ownerId: string }[] {
    const created = sqlTime(createdMs);
    const perFloor = rng.int(2, 4);
    const floors = rng.pick([6, 7, 11, 18, 26, 33]);
    const perBuilding = perFloor * floors;
    const unsoldShare = rng.chance(0.2) ? 0.05 : 0;
    let developer: string | null = null;
    let institution: string | null = null;
    let lastIndividual: string | null = null;
    const owned: { unitId: string; ownerId: string }[] = [];
    let buildingId = '';
    let personSeq = 0;
    const person = (kind: 'INDIVIDUAL' | 'DEVELOPER' | 'INSTITUTION'): string => {
      const ms = createdMs + personSeq;
      const pid = rng.uuid(ms, personSeq++ & 0xfff);
      const t = sqlTime(ms);
      if (kind === 'INDIVIDUAL') {
        const name = rng.pick(SURNAMES) + rng.pick(GIVEN);
        const phone = `1${rng.pick(['3', '5', '7', '8'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
        this.w.community.add('person', COLS.person, [pid, t, t, name, kind, phone, idNumber(rng, district.code12.slice(0, 6)), rng.chance(0.08)]);
      } else {
        const name = kind === 'DEVELOPER' ? `${rng.pick(COMPOUND_WORDS)}房地产开发有限公司` : rng.pick(['中国工商银行', '中国建设银行', '宁波银行', '中国农业银行']) + '营业网点';
        this.w.community.add('person', COLS.person, [pid, t, t, name, kind, null, null, false]);
      }
      return pid;
    };
    for (let u = 0; u < households; u++) {
      const b = Math.floor(u / perBuilding);
      const within = u % perBuilding;
      if (within === 0) {
        buildingId = rng.uuid(createdMs, b & 0xfff);
        this.w.community.add('building', COLS.building, [buildingId, created, created, compoundId, `${b + 1}幢`]);
      }
      const floor = Math.floor(within / perFloor) + 1;
      const number = `${floor}${String((within % perFloor) + 1).padStart(2, '0')}`;
      const use = floor === 1 && rng.chance(0.15) ? (rng.chance(0.12) ? 'INSTITUTION' : 'SHOP') : 'RESIDENTIAL';
      let ownerId: string;
      if (use === 'INSTITUTION') ownerId = institution ??= person('INSTITUTION');
      else if (unsoldShare && rng.chance(unsoldShare)) ownerId = developer ??= person('DEVELOPER');
      else if (lastIndividual && rng.chance(0.05)) ownerId = lastIndividual;
      else ownerId = lastIndividual = person('INDIVIDUAL');
      const area = use === 'RESIDENTIAL' ? rng.int(4_500, 16_000) : rng.int(3_000, 30_000);
      const unitMs = createdMs + 500 + (u >> 12);
      const unitId = rng.uuid(unitMs, u & 0xfff);
      const t = sqlTime(unitMs);
      this.w.community.add('unit', COLS.unit, [unitId, t, t, compoundId, buildingId, number, use, area, ownerId]);
      if (ownerId === lastIndividual && use === 'RESIDENTIAL') owned.push({ unitId, ownerId });
    }
    return owned;
  }

  /**
   * A year of resident requests, each lived through as the services would have moved it: steps on
   * its timeline, escalation when its SLA ran out, a work order per dispatch to the property firm,
   * closing by the reporter or by the hub after the feedback window. Returns the satisfaction
   * answers per quarter (what rating reads).
   */
  private requests(rng: Random, compoundId: string, community: Community, owners: { unitId: string; ownerId: string }[], firmOn: (ms: number) => Firm | null, ownersCommittee: boolean): number[][] {
    const satisfaction: number[][] = [[], [], [], []];
    if (owners.length === 0) return satisfaction;
    const street = community.street;
    const district = street.district;
    const count = Math.round(owners.length * this.spec.requestRate * rng.lognormal(1, 0.3));
    const times = Array.from({ length: count }, () => YEAR_START + Math.floor(rng.next() * (SCALE_AS_OF - YEAR_START - HOUR)) + rng.int(0, 999)).sort((a, b) => a - b);
    const steward = ownersCommittee ? { role: 'OWNERS_COMMITTEE', id: `oc-${compoundId}` } : { role: 'OFFICIAL', id: `official-${community.code}` };
    const byReporter = new Map<string, { unitId: string; requests: number; open: number }>();
    for (const submitted of times) {
      const reporter = rng.pick(owners);
      const category = rng.weighted(CATEGORY_MIX);
      const route = this.routes.get(category)!;
      const sla = route.slaSeconds * 1000;
      const id = rng.uuid(submitted);
      const description = rng.pick(DESCRIPTIONS[category]);
      const place = rng.chance(0.6) ? `${rng.int(1, 12)}幢${rng.int(1, 3)}单元` : null;
      const byFirm = route.responsible === 'PROPERTY_FIRM';

      // The request as it stands, and its timeline.
      const r = {
        state: 'SUBMITTED',
        level: 'COMPOUND',
        due: (submitted + sla) as number | null,
        dispatchedAt: null as number | null,
        resolvedAt: null as number | null,
        closedAt: null as number | null,
        resolveSeconds: null as number | null,
        onTime: null as boolean | null,
        escalations: 0,
        reopenCount: 0,
        round: 0,
        satisfaction: null as number | null,
        feedback: null as string | null,
        updated: submitted,
      };
      let seq = 0;
      const step = (at: number, action: string, actorRole: string, actorId: string | null, note: string | null) => {
        const t = sqlTime(at);
        this.w.community.add('request_step', COLS.step, [rng.uuid(at, (seq++ * 64) & 0xfff), t, t, id, action, r.state, r.level, actorRole, actorId, note, '[]', t]);
        r.updated = at;
      };
      const isOpen = () => r.state !== 'RESOLVED' && r.state !== 'CLOSED';
      const escalateUntil = (now: number) => {
        while (isOpen() && r.level !== 'STREET' && r.due !== null && r.due <= now) {
          const at = r.due;
          const from = r.level;
          r.level = from === 'COMPOUND' ? 'COMMUNITY' : 'STREET';
          r.escalations++;
          r.due = at + sla;
          step(at, 'ESCALATE', 'SYSTEM', null, `Not answered within ${route.slaSeconds} s at ${from.toLowerCase()} level; now the ${r.level.toLowerCase()}'s to answer`);
        }
      };
      /** Applies an action at `at` unless the world has not got there yet; false stops the story. */
      const act = (at: number, fn: () => void): boolean => {
        if (at > SCALE_AS_OF) return false;
        escalateUntil(at);
        fn();
        return true;
      };
      step(submitted, 'SUBMIT', 'RESIDENT', reporter.ownerId, null);

      const workOrders: { id: string; round: number; created: number; due: number; assigned: number; started: number; completed: number | null }[] = [];
      /** One pass from acceptance (or reopening) to resolution; false when the story stops before resolution. */
      const cycle = (from: number, first: boolean, speed: number): number | null => {
        const total = Math.floor(Math.min(60 * DAY, Math.max(10 * 60_000, sla * rng.lognormal(speed, 0.8))));
        const stuck = rng.chance(0.015) ? rng.int(first ? 0 : 1, 2) : -1;
        let t = from;
        if (first) {
          t += Math.floor(total * (0.02 + rng.next() * 0.08));
          if (!act(t, () => ((r.state = 'ACCEPTED'), step(t, 'ACCEPT', steward.role, steward.id, null)))) return null;
          if (stuck === 0) return null;
        }
        t += Math.floor(total * (0.02 + rng.next() * 0.1));
        const dispatchAt = t;
        if (
          !act(t, () => {
            r.state = 'DISPATCHED';
            r.dispatchedAt = dispatchAt;
            r.round++;
            step(dispatchAt, 'DISPATCH', steward.role, steward.id, null);
          })
        ) {
          return null;
        }
        const resolveAt = Math.max(from + total, t + 60_000);
        if (byFirm) {
          const due = r.due ?? dispatchAt + sla;
          const assigned = dispatchAt + Math.floor((resolveAt - dispatchAt) * (0.05 + rng.next() * 0.2));
          const started = assigned + Math.floor((resolveAt - assigned) * (0.1 + rng.next() * 0.4));
          const wo = { id: rng.uuid(dispatchAt), round: r.round, created: dispatchAt, due, assigned, started, completed: stuck >= 1 ? null : resolveAt };
          workOrders.push(wo);
        } else {
          t += Math.floor((resolveAt - t) * (0.1 + rng.next() * 0.5));
          const startAt = t;
          if (!act(startAt, () => ((r.state = 'IN_PROGRESS'), step(startAt, 'START', steward.role, steward.id, null)))) return null;
        }
        if (stuck >= 1) return null;
        const firm = byFirm ? firmOn(dispatchAt) : null;
        const resolved = act(resolveAt, () => {
          if (byFirm) {
            const by = firm ? { role: 'PROPERTY_FIRM', id: firm.id } : { role: 'OWNERS_COMMITTEE', id: null };
            const wo = workOrders[workOrders.length - 1];
            if (r.state === 'DISPATCHED') {
              r.state = 'IN_PROGRESS';
              step(resolveAt, 'START', by.role, by.id, `Work order ${wo.id}`);
            }
            r.state = 'RESOLVED';
            step(resolveAt, 'RESOLVE', by.role, by.id, `Work order ${wo.id} completed`);
          } else {
            r.state = 'RESOLVED';
            step(resolveAt, 'RESOLVE', steward.role, steward.id, '已处理');
          }
        });
        if (!resolved) return null;
        return resolveAt;
      };
      const resolve = (at: number) => {
        r.resolvedAt = at;
        r.resolveSeconds = Math.floor((at - submitted) / 1000);
        r.onTime = at - submitted <= sla;
        r.due = null;
      };

      let resolvedAt = cycle(submitted, true, 0.35);
      if (resolvedAt !== null) {
        resolve(resolvedAt);
        const u = rng.next();
        if (u < 0.04) {
          const reopenAt = resolvedAt + rng.int(HOUR, 3 * 24 * HOUR);
          const reason = '问题没有解决';
          if (
            act(reopenAt, () => {
              r.state = 'REOPENED';
              r.reopenCount++;
              r.feedback = reason;
              r.resolvedAt = null;
              r.resolveSeconds = null;
              r.onTime = null;
              r.due = reopenAt + sla;
              step(reopenAt, 'REOPEN', 'RESIDENT', reporter.ownerId, reason);
            })
          ) {
            resolvedAt = cycle(reopenAt, false, 0.2);
            if (resolvedAt !== null) resolve(resolvedAt);
          } else {
            resolvedAt = null;
          }
        }
      }
      if (r.state === 'RESOLVED' && r.resolvedAt !== null) {
        const resolvedMs = r.resolvedAt;
        if (rng.chance(0.75)) {
          const at = resolvedMs + rng.int(30 * 60_000, 5 * 24 * HOUR);
          const score = rng.weighted(SATISFACTION);
          const text = rng.chance(0.3) ? (score >= 4 ? '处理及时，满意' : '处理太慢') : null;
          act(at, () => {
            r.state = 'CLOSED';
            r.closedAt = at;
            r.satisfaction = score;
            r.feedback = text;
            step(at, 'CLOSE', 'RESIDENT', reporter.ownerId, text);
          });
        } else {
          const at = resolvedMs + FEEDBACK_WINDOW;
          act(at, () => {
            r.state = 'CLOSED';
            r.closedAt = at;
            r.feedback = null;
            step(at, 'CLOSE', 'SYSTEM', null, 'Closed without feedback after the feedback window');
          });
        }
      }
      escalateUntil(SCALE_AS_OF);

      const nextActionAt = isOpen() ? (r.level !== 'STREET' ? r.due : null) : r.state === 'RESOLVED' && r.resolvedAt !== null ? r.resolvedAt + FEEDBACK_WINDOW : null;
      const st = sqlTime(submitted);
      const opt = (ms: number | null) => (ms === null ? null : sqlTime(ms));
      this.w.community.add('resident_request', COLS.request, [
        id, st, sqlTime(r.updated), compoundId, community.code, street.code, district.code12, reporter.unitId, reporter.ownerId, null, category, description, place, '[]',
        r.state, r.level, route.responsible, route.slaSeconds, st, opt(isOpen() ? r.due : null), opt(nextActionAt), opt(r.dispatchedAt), opt(r.resolvedAt), opt(r.closedAt),
        r.resolveSeconds, r.onTime, r.escalations, r.reopenCount, r.round, r.satisfaction, r.feedback,
      ]);
      if (r.state === 'CLOSED' && r.closedAt !== null) {
        const t = sqlTime(r.closedAt);
        this.w.rating.add('resident_feedback', COLS.feedback, [rng.uuid(r.closedAt), t, t, id, compoundId, category, r.satisfaction, t]);
        if (r.satisfaction !== null) satisfaction[Math.min(3, Math.floor(new Date(r.closedAt).getUTCMonth() / 3))].push(r.satisfaction);
      }
      const tally = byReporter.get(reporter.ownerId) ?? { unitId: reporter.unitId, requests: 0, open: 0 };
      tally.requests++;
      if (isOpen()) tally.open++;
      byReporter.set(reporter.ownerId, tally);

      for (const wo of workOrders) {
        const firm = firmOn(wo.created);
        const status = wo.completed !== null && wo.completed <= SCALE_AS_OF ? 'COMPLETED' : wo.started <= SCALE_AS_OF ? 'IN_PROGRESS' : wo.assigned <= SCALE_AS_OF ? 'ASSIGNED' : 'NEW';
        const urgent = wo.due - wo.created <= 4 * HOUR;
        const assignee = status === 'NEW' ? null : `维修工${rng.pick(SURNAMES)}师傅`;
        const by = firm ? { role: 'PROPERTY_FIRM', sub: `firm-${firm.id.slice(0, 8)}` } : { role: 'OWNERS_COMMITTEE', sub: steward.id };
        const last = status === 'COMPLETED' ? wo.completed! : status === 'IN_PROGRESS' ? wo.started : status === 'ASSIGNED' ? wo.assigned : wo.created;
        this.w.property.add('work_order', COLS.workOrder, [
          wo.id, sqlTime(wo.created), sqlTime(last), compoundId, firm?.id ?? null, 'RESIDENT_REQUEST', requestSourceRef(id, wo.round), id, category, urgent ? 'URGENT' : 'NORMAL', description, place, '[]',
          status, assignee, null, sqlTime(wo.due), status === 'IN_PROGRESS' || status === 'COMPLETED' ? sqlTime(wo.started) : null, status === 'COMPLETED' ? sqlTime(wo.completed!) : null,
          status === 'COMPLETED' ? '[]' : null, status === 'COMPLETED' ? '已修复' : null,
        ]);
        const moves: [number, string | null, string, string, string | null, string | null][] = [[wo.created, null, 'NEW', 'EVENT', null, 'from RESIDENT_REQUEST']];
        if (status !== 'NEW') moves.push([wo.assigned, 'NEW', 'ASSIGNED', by.role, by.sub, null]);
        if (status === 'IN_PROGRESS' || status === 'COMPLETED') moves.push([wo.started, 'ASSIGNED', 'IN_PROGRESS', by.role, by.sub, null]);
        if (status === 'COMPLETED') moves.push([wo.completed!, 'IN_PROGRESS', 'COMPLETED', by.role, by.sub, '已修复']);
        moves.forEach(([at, fromStatus, toStatus, byRole, bySub, note], k) => {
          const t = sqlTime(at);
          this.w.property.add('work_order_transition', COLS.transition, [rng.uuid(at, k), t, t, wo.id, fromStatus, toStatus, byRole, bySub, note]);
        });
        if (firm) {
          firm.workOrders++;
          if (status !== 'COMPLETED') firm.openWorkOrders++;
        }
      }
    }
    // The fixture resident: whoever has the most open requests in the busiest street.
    if (street === this.busiestStreet()) {
      for (const [personId, t] of byReporter) {
        const best = this.resident;
        if (t.open > 0 && (!best || t.open > best.openRequests || (t.open === best.openRequests && t.requests > best.requests))) {
          this.resident = { personId, unitId: t.unitId, compoundId, communityCode: community.code, streetCode: street.code, districtCode: district.code12, requests: t.requests, openRequests: t.open };
        }
      }
    }
    return satisfaction;
  }

  private busiest: Street | null = null;
  private busiestStreet(): Street {
    return (this.busiest ??= this.streets.reduce((a, b) => (b.compounds > a.compounds ? b : a)));
  }

  /**
   * The compound's ledger for the year, hash-chained with the finance subgraph's own function:
   * opening balances, weekly parking income net of its costs, advertising and room rental,
   * quarterly interest on the maintenance fund.
   */
  private ledger(rng: Random, compoundId: string, households: number, noMaintenanceFund: boolean, firmOn: (ms: number) => Firm | null, plateRegion: string, publisher: string | null): void {
    const opened = YEAR_START - DAY;
    const t0 = sqlTime(opened);
    const account = (kind: string, k: number) => {
      const aid = rng.uuid(opened, k);
      return { id: aid, kind, balance: 0 };
    };
    const bank = account('BANK', 0);
    const revenue = account('PUBLIC_REVENUE', 1);
    const fund = noMaintenanceFund ? null : account('MAINTENANCE_FUND', 2);
    type Draft = { at: number; kind: string; ref: string; description: string; postings: [typeof bank, number, string][] };
    const drafts: Draft[] = [];
    const open = households * rng.int(2_000, 30_000);
    drafts.push({ at: YEAR_START, kind: 'OPENING_BALANCE', ref: `opening:${compoundId}:PUBLIC_REVENUE`, description: '期初余额（公共收益）', postings: [[bank, open, 'OPENING_BALANCE'], [revenue, -open, 'OPENING_BALANCE']] });
    if (fund) {
      const f = households * rng.int(500_000, 3_000_000);
      drafts.push({ at: YEAR_START + 1, kind: 'OPENING_BALANCE', ref: `opening:${compoundId}:MAINTENANCE_FUND`, description: '期初余额（维修资金）', postings: [[bank, f, 'OPENING_BALANCE'], [fund, -f, 'OPENING_BALANCE']] });
    }
    // Parking fees collected at the gate and reported by the firm's ERP, each booked once in
    // finance as the ParkingFeeCollected consumer books it (no cost, category PARKING).
    const fees = rng.chance(0.8) ? Math.round(households * (0.15 + rng.next() * 0.35)) : 0;
    const feeTimes = Array.from({ length: fees }, () => YEAR_START + Math.floor(rng.next() * (SCALE_AS_OF - YEAR_START))).sort((a, b) => a - b);
    feeTimes.forEach((at, n) => {
      const plateClass = rng.weighted(PLATE_CLASS_MIX);
      const amount = (plateClass === 'VISITOR' ? rng.int(5, 30) : rng.int(10, 60)) * 100;
      const feeId = rng.uuid(at);
      const firm = firmOn(at);
      const t = sqlTime(at);
      this.w.property.add('parking_fee', COLS.parkingFee, [feeId, t, t, compoundId, 'SESSION', plate(rng, plateRegion), plateClass, amount, t, null, firm ? `${firm.id}:${compoundId}-${n + 1}` : null]);
      drafts.push({ at, kind: 'REVENUE', ref: `parking-fee:${feeId}`, description: `Parking fee (${plateClass.toLowerCase()}) ${feeId}`, postings: [[bank, amount, 'PARKING'], [revenue, -amount, 'PARKING']] });
    });
    if (rng.chance(0.5)) {
      for (let m = 0; m < 12; m++) {
        const at = Date.UTC(2026, m, 10, 3) + rng.int(0, 3_599_999);
        const amount = rng.int(50_000, 400_000);
        const cost = Math.floor(amount / 20);
        drafts.push({ at, kind: 'REVENUE', ref: `revenue:advertising:${compoundId}:${m + 1}`, description: `电梯广告收入（${m + 1}月）`, postings: [[bank, amount - cost, 'ADVERTISING'], [revenue, -amount, 'ADVERTISING'], [revenue, cost, 'REVENUE_COST']] });
      }
    }
    if (rng.chance(0.2)) {
      for (let q = 0; q < 4; q++) {
        const at = quarterStart(q) + 5 * DAY + rng.int(0, 3_599_999);
        const amount = rng.int(300_000, 1_500_000);
        drafts.push({ at, kind: 'REVENUE', ref: `revenue:room-rental:${compoundId}:Q${q + 1}`, description: `架空层用房租金（第${q + 1}季度）`, postings: [[bank, amount, 'ROOM_RENTAL'], [revenue, -amount, 'ROOM_RENTAL']] });
      }
    }
    for (let q = 0; fund && q < 4; q++) {
      const at = Date.UTC(2026, q * 3 + 2, 21, 1);
      if (at > SCALE_AS_OF) break;
      const interest = households * rng.int(1_500, 4_000);
      drafts.push({ at, kind: 'REVENUE', ref: `revenue:interest:${compoundId}:Q${q + 1}`, description: `维修资金利息（第${q + 1}季度）`, postings: [[bank, interest, 'INTEREST'], [fund, -interest, 'INTEREST']] });
    }
    drafts.sort((a, b) => a.at - b.at);

    // Per fund account and month: signed sums by category, for the monthly statements.
    const monthly = new Map<string, Map<string, { debit: number; credit: number }>>();
    const heads: { at: number; sequence: number; hash: string }[] = [];
    let prev = GENESIS_HASH;
    drafts.forEach((d, i) => {
      const sequence = i + 1;
      const entry: ChainEntry = {
        id: rng.uuid(d.at),
        compoundId,
        sequence,
        kind: d.kind,
        bookedAt: new Date(d.at),
        valueAt: new Date(d.at),
        sourceReference: d.ref,
        description: d.description,
        reversesEntryId: null,
        correctsEntryId: null,
        spendingRequestId: null,
        ratingResultId: null,
        postings: d.postings.map(([a, amountFen, category]) => ({ accountId: a.id, amountFen, category })),
      };
      const hash = entryHash(prev, entry);
      const t = sqlTime(d.at);
      this.w.finance.add('journal_entry', COLS.entry, [entry.id, t, t, compoundId, sequence, d.kind, t, t, d.ref, d.description, null, null, null, null, prev, hash]);
      d.postings.forEach(([a, amountFen, category], position) => {
        this.w.finance.add('posting', COLS.posting, [rng.uuid(d.at, position), t, t, entry.id, compoundId, sequence, position, a.id, amountFen, category, t]);
        // Credit-normal accounts keep their balance on the credit side.
        a.balance += a.kind === 'BANK' ? amountFen : -amountFen;
        if (a.kind !== 'BANK') {
          const key = `${a.id}|${new Date(d.at).getUTCMonth()}`;
          const byCategory = monthly.get(key) ?? new Map<string, { debit: number; credit: number }>();
          const sums = byCategory.get(category) ?? { debit: 0, credit: 0 };
          if (amountFen > 0) sums.debit += amountFen;
          else sums.credit -= amountFen;
          byCategory.set(category, sums);
          monthly.set(key, byCategory);
        }
      });
      prev = hash;
      heads.push({ at: d.at, sequence, hash });
    });
    for (const a of [bank, revenue, ...(fund ? [fund] : [])]) this.w.finance.add('account', COLS.account, [a.id, t0, t0, compoundId, a.kind, '', a.balance]);

    // Monthly statements (业账公开), published in the first half of the next month as the
    // committee would, through October: the last month the hub's clock can have closed. A few
    // compounds fall behind and stop publishing; scattered housing has nobody to publish.
    let closedThrough: string | null = null;
    if (publisher) {
      const last = rng.chance(0.95) ? STATEMENT_MONTHS - 1 : rng.int(-1, STATEMENT_MONTHS - 2);
      // Owners' funds, in the order the statement service lists them.
      const funds = [revenue, ...(fund ? [fund] : [])];
      const opening = new Map(funds.map((a) => [a.id, 0]));
      // A stream of its own, so that the rest of the compound's rows stay as they were.
      const audits = new Random(`audits|${compoundId}`);
      for (let m = 0; m <= last; m++) {
        const start = Date.UTC(2026, m, 1);
        const end = Date.UTC(2026, m + 1, 1);
        const publishedAt = end + rng.int(4, 13) * DAY + rng.int(1, 10) * HOUR;
        let head = { sequence: 0, hash: GENESIS_HASH };
        for (const h of heads) if (h.at < publishedAt) head = h;
        const sections = funds.map((a) => {
          const moves: CategoryMovement[] = [...(monthly.get(`${a.id}|${m}`) ?? new Map<string, { debit: number; credit: number }>())].map(([category, x]) => ({ category, debitFen: x.debit, creditFen: x.credit }));
          const section = buildSection({ id: a.id, kind: a.kind, buildingRef: '' }, opening.get(a.id)!, moves, []);
          opening.set(a.id, section.closingFen);
          return section;
        });
        const firstDay = isoDay(start);
        const lastDay = isoDay(end - DAY);
        const content: StatementContent = { compoundId, period: `2026-${String(m + 1).padStart(2, '0')}`, firstDay, lastDay, sections, ledgerSequence: head.sequence, ledgerHash: head.hash };
        const json = JSON.stringify(content);
        const pt = sqlTime(publishedAt);
        const statementId = rng.uuid(publishedAt);
        this.w.finance.add('statement', COLS.statement, [statementId, pt, pt, compoundId, content.period, firstDay, lastDay, json, contentHash(json), pt, publisher]);
        this.audit(audits, statementId, compoundId, STATEMENT_MONTHS - 1 - m, publishedAt);
        closedThrough = lastDay;
      }
    }
    this.w.finance.add('ledger_head', COLS.head, [compoundId, drafts.length, prev, closedThrough]);
  }

  /**
   * The joint audit (联审) of a statement, in the weeks after it is published: most older
   * statements signed off by all three sides, some held by a finding still open or resolved, the
   * newest ones partly signed or not yet looked at. `age` counts months before the last one.
   */
  private audit(rng: Random, statementId: string, compoundId: string, age: number, publishedAt: number): void {
    const roll = rng.next();
    const [untouched, partly, held] = age >= 2 ? [0.02, 0.05, 0.04] : age === 1 ? [0.2, 0.3, 0.05] : [0.7, 0.25, 0.03];
    const state = roll < untouched ? 'UNTOUCHED' : roll < untouched + partly ? 'PARTLY' : roll < untouched + partly + held ? 'HELD' : 'DONE';
    if (state === 'UNTOUCHED') return;
    let at = publishedAt + rng.int(1, 10) * DAY;
    const resolvedFinding = state === 'DONE' && rng.chance(0.06);
    if (state === 'HELD' || resolvedFinding) {
      const raised = sqlTime(at);
      const resolvedAt = resolvedFinding ? at + rng.int(2, 12) * DAY : null;
      this.w.finance.add('audit_finding', COLS.finding, [
        rng.uuid(at), raised, raised, statementId, compoundId, 'SUPERVISORY_BOARD', `board-${compoundId.slice(-6)}`, '票据不全', resolvedAt ? 'RESOLVED' : 'OPEN',
        resolvedAt ? '已补交票据并公示' : null, resolvedAt ? `committee-${compoundId.slice(-6)}` : null, resolvedAt ? sqlTime(resolvedAt) : null,
      ]);
      if (resolvedAt) at = resolvedAt;
    }
    const roles = ['COMMUNITY', 'OWNER_REPRESENTATIVE', 'SUPERVISORY_BOARD'];
    const signed = state === 'DONE' ? 3 : state === 'PARTLY' ? rng.int(1, 2) : rng.int(0, 2);
    for (const role of roles.slice(0, signed)) {
      at += rng.int(0, 3) * DAY + rng.int(1, 8) * HOUR;
      const t = sqlTime(at);
      this.w.finance.add('audit_sign_off', COLS.signOff, [rng.uuid(at), t, t, statementId, role, `${role.toLowerCase()}-${compoundId.slice(-6)}`, null]);
    }
  }

  /** Score sheets for each quarter, the result computed with the rating subgraph's own function. */
  private ratings(rng: Random, index: number, compoundId: string, regionPath: string, district: District, contractOn: (ms: number) => Contract | null, satisfaction: number[][]): void {
    const quality = rng.normal() * 8 + 80;
    QUARTERS.forEach((_, q) => {
      const round = this.rounds.get(`${district.code12}|${q}`)!;
      const contract = contractOn(quarterStart(q) + 60 * DAY);
      if (!contract || contract.model === 'SELF_MANAGED') return;
      const firmId = contract.firm?.id ?? null;
      const t = sqlTime(round.closedAt - DAY);
      const groups: [string, number][] = [
        ['OWNERS_COMMITTEE', 3],
        ['OWNER_REPRESENTATIVES', rng.chance(0.05) ? 1 : 2],
        ['COMMUNITY', 1],
      ];
      const sheets: Sheet[] = [];
      let k = 0;
      for (const [group, n] of groups) {
        for (let j = 0; j < n; j++, k++) {
          const bias = rng.normal() * 5;
          const scores = Object.fromEntries(INDICATORS.map(([code]) => [code, Math.max(0, Math.min(100, Math.round(quality + bias + rng.normal() * 6)))]));
          sheets.push({ group: group as Sheet['group'], scores });
          const sub = `rater-${index}-${q}-${k}`;
          this.w.rating.add('rating_rater', COLS.rater, [rng.uuid(round.closedAt - 20 * DAY, k), t, t, round.id, compoundId, sub, group]);
          this.w.rating.add('rating_score_sheet', COLS.sheet, [rng.uuid(round.closedAt - 10 * DAY, k), t, t, round.id, compoundId, sub, group, JSON.stringify(scores)]);
        }
      }
      const computed = computeResult(SCHEME, sheets, satisfaction[q]);
      const ct = sqlTime(round.closedAt);
      this.w.rating.add('rating_round_compound', COLS.roundCompound, [
        rng.uuid(round.closedAt - 60 * DAY), ct, ct, round.id, compoundId, firmId, regionPath, computed.outcome, computed.outcome === 'WITHHELD' ? computed.reason.slice(0, 500) : null,
      ]);
      if (computed.outcome === 'RATED') {
        this.pending.get(`${district.code12}|${q}`)!.push({ id: rng.uuid(round.closedAt), compoundId, firmId, regionPath, scoreCentipoints: computed.scoreCentipoints, breakdown: computed.groups });
      }
    });
  }

  /** Ranks each district's results and draws its red/black list, as publishRound does. */
  private publishRounds(): void {
    const rng = this.rng('publish');
    for (const d of this.districts) {
      QUARTERS.forEach((period, q) => {
        const round = this.rounds.get(`${d.code12}|${q}`)!;
        const ranked = rankResults(this.pending.get(`${d.code12}|${q}`)!);
        const ct = sqlTime(round.closedAt);
        const pt = sqlTime(round.publishedAt);
        for (const r of ranked) {
          this.w.rating.add('rating_result', COLS.result, [r.id, ct, pt, r.compoundId, period, r.scoreCentipoints, pt, round.id, r.firmId, d.code12, r.rank, JSON.stringify(r.breakdown)]);
        }
        const listId = rng.uuid(round.publishedAt);
        this.w.rating.add('rating_list', COLS.list, [listId, pt, pt, d.code12, period, round.id, JSON.stringify(SCHEME.listRule), ranked.length, pt]);
        const byId = new Map(ranked.map((r) => [r.id, r]));
        const entries = drawRedBlackList(
          ranked.map((r) => ({ resultId: r.id, scoreCentipoints: r.scoreCentipoints, rank: r.rank, groups: r.breakdown })),
          SCHEME.listRule,
        );
        entries.forEach((e, k) => {
          const r = byId.get(e.resultId)!;
          this.w.rating.add('rating_list_entry', COLS.listEntry, [rng.uuid(round.publishedAt, k & 0xfff), pt, pt, listId, e.color, e.resultId, r.compoundId, r.firmId, e.rank, e.scoreCentipoints, JSON.stringify(e.reasons)]);
        });
      });
    }
  }

  private fixture(): ScaleFixture {
    const street = this.busiestStreet();
    const district = street.district;
    const inDistrict = this.streets.filter((s) => s.district === district).reduce((a, s) => a + s.compounds, 0);
    const community = this.communities.filter((c) => c.street === street).reduce((a, b) => (b.compounds > a.compounds ? b : a));
    const streetCompounds = this.compoundIds.filter((_, i) => this.compoundCommunity[i].street === street);
    const firm = this.firms.reduce((a, b) => (b.compounds > a.compounds ? b : a));
    if (!this.resident) throw new Error('no resident with open requests in the busiest street: the size is too small for a fixture');
    return {
      period: { from: '2026-01-01', to: '2026-12-31', quarters: [...QUARTERS], latestQuarter: QUARTERS[3] },
      city: { code: district.city.code, name: district.city.name },
      district: { code: district.code12, name: district.name, compounds: inDistrict },
      street: { code: street.code, name: street.name, districtCode: district.code12, compounds: street.compounds, compoundIds: streetCompounds.slice(0, 50) },
      community: { code: community.code, name: community.name, compounds: community.compounds },
      resident: this.resident,
      firm: { id: firm.id, name: firm.name, compounds: firm.compounds, workOrders: firm.workOrders, openWorkOrders: firm.openWorkOrders, compoundIds: firm.compoundIds.slice(0, 50) },
      ledgerCompoundId: this.resident.compoundId,
    };
  }
}

/** Splits `total` into whole parts proportional to `weights` (largest remainder). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) parts[order[k % order.length][1]]++;
  return parts;
}

function shuffled<T>(rng: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const BIRTH_EPOCH_DAY = Date.UTC(1945, 0, 1) / DAY;

/** Year, month, day of a day number since 1970-01-01 (H. Hinnant's civil_from_days), without a Date per person. */
function civilDay(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A resident identity card number (GB 11643) with a valid check character; synthetic. */
function idNumber(rng: Random, division: string): string {
  const [y, m, d] = civilDay(BIRTH_EPOCH_DAY + rng.int(0, 60 * 365));
  const birth = `${y}${m < 10 ? '0' : ''}${m}${d < 10 ? '0' : ''}${d}`;
  const first17 = `${division}${birth}${String(rng.int(0, 999)).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return first17 + ID_CHECK[sum % 11];
}
