import { createHash } from 'node:crypto';
import type { CommunityDemo } from '@hub/community';
import type { PropertyDemo } from '@hub/property';
import type { FinanceDemo } from '@hub/finance';
import type { RatingDemo } from '@hub/rating';

/**
 * The Ningbo demo: the districts, streets, communities and compounds of the source article, with
 * the household counts it gives (Mengda teachers' buildings 144, Guangchang Shangsha area 148;
 * the article gives none for Youhe, so it stays null until units are imported).
 *
 * District codes are the GB/T 2260 codes. Street and community codes follow the 12-digit
 * statistical format but are placeholders until the statistical bureau's list is imported.
 * Balances and ratings are illustrative figures, not from the article.
 */
export const DEMO_IDS = {
  mengda: '019b76da-a800-7b11-a49d-7827cbb79e7a',
  guangchangShangsha: '019b76da-abe8-7910-9bfb-c962bac933fd',
  youhe: '019b76da-afd0-7673-b01a-3ff6c6855a36',
  chunjiangFirm: '019b76da-b3b8-745f-89bb-a55cf7311b58',
} as const;

export const DEMO_REGIONS = {
  haishu: '330203000000',
  shiqi: '330203012000',
  dongfang: '330203012003',
  yuehu: '330203001000',
  yingfeng: '330203001005',
  yinzhou: '330212000000',
  minglou: '330212003000',
  changqingteng: '330212003011',
  panhuo: '330212010000',
  zijun: '330212010008',
  jinli: '330203012006',
  jiangbei: '330205000000',
} as const;

const R = DEMO_REGIONS;

/**
 * A stable UUID-shaped id for a demo row from a readable key, so that every start seeds the same
 * ids and tests can name a demo owner or unit without looking it up.
 */
export function demoId(key: string): string {
  const h = createHash('sha1').update(`hub-demo:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = ['建国', '秀英', '海峰', '丽娟', '志强', '桂芳', '明辉', '雪梅', '国华', '晓燕', '伟', '静', '军', '敏', '勇', '艳'];

type Places = Required<Pick<CommunityDemo, 'people' | 'buildings' | 'units'>>;

/**
 * The units of the two compounds the article counts: Mengda teachers' buildings (3 buildings,
 * 144 households, four owners holding a second flat) and the Guangchang Shangsha area (6
 * buildings, 148 households of which two own a second flat, 12 shops of which the developer
 * still holds 3 unsold, 2 banks). Areas are illustrative, in 0.01 m².
 */
function demoPlaces(): Places {
  const out: Places = { people: [], buildings: [], units: [] };
  let n = 0;
  const person = (key: string, name?: string, kind: 'INDIVIDUAL' | 'DEVELOPER' | 'INSTITUTION' = 'INDIVIDUAL') => {
    const i = n++;
    const id = demoId(`person/${key}`);
    out.people.push({
      id,
      name: name ?? `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`,
      kind,
      phone: kind === 'INDIVIDUAL' ? `1385740${String(1000 + i).slice(-4)}` : null,
      idNumber: kind === 'INDIVIDUAL' ? `33020319${60 + (i % 30)}0${1 + (i % 9)}1${String(i % 10)}${String(100 + (i % 900)).slice(-3)}X` : null,
      partyMember: i % 7 === 0,
    });
    return id;
  };
  const building = (compound: string, compoundId: string, b: number) => {
    const id = demoId(`building/${compound}/${b}`);
    out.buildings.push({ id, compoundId, name: `${b}幢` });
    return id;
  };
  const unit = (compound: string, compoundId: string, buildingId: string, b: number, number: string, use: 'RESIDENTIAL' | 'SHOP' | 'INSTITUTION', areaCentiM2: number, ownerId: string) => {
    out.units.push({ id: demoId(`unit/${compound}/${b}/${number}`), compoundId, buildingId, number, use, areaCentiM2, ownerId });
  };

  // Mengda: 3 buildings × 6 floors × 8 flats; the last four flats of building 3 belong to owners of building 1.
  const mengdaOwners: string[] = [];
  for (let b = 1; b <= 3; b++) {
    const buildingId = building('mengda', DEMO_IDS.mengda, b);
    for (let floor = 1; floor <= 6; floor++) {
      for (let f = 1; f <= 8; f++) {
        const i = (b - 1) * 48 + (floor - 1) * 8 + (f - 1);
        const owner = i >= 140 ? mengdaOwners[i - 140] : person(`mengda/${i}`);
        mengdaOwners.push(owner);
        unit('mengda', DEMO_IDS.mengda, buildingId, b, `${floor}0${f}`, 'RESIDENTIAL', 6000 + ((i * 37) % 40) * 100, owner);
      }
    }
  }

  // Guangchang Shangsha: 148 flats over 6 buildings (25, 25, 25, 25, 24, 24), shops and banks on the ground floor.
  const developer = person('gcss/developer', '宁波广场商厦置业有限公司', 'DEVELOPER');
  const banks = [person('gcss/bank/icbc', '中国工商银行宁波石碶支行', 'INSTITUTION'), person('gcss/bank/nbcb', '宁波银行石碶支行', 'INSTITUTION')];
  const gcssOwners: string[] = [];
  let i = 0;
  for (let b = 1; b <= 6; b++) {
    const buildingId = building('gcss', DEMO_IDS.guangchangShangsha, b);
    const flats = b <= 4 ? 25 : 24;
    for (let f = 0; f < flats; f++, i++) {
      const owner = i >= 146 ? gcssOwners[i - 146] : person(`gcss/${i}`);
      gcssOwners.push(owner);
      unit('gcss', DEMO_IDS.guangchangShangsha, buildingId, b, `${2 + Math.floor(f / 5)}0${1 + (f % 5)}`, 'RESIDENTIAL', 5500 + ((i * 53) % 50) * 100, owner);
    }
    if (b <= 3) {
      for (let s = 1; s <= 4; s++) {
        const shop = (b - 1) * 4 + s;
        unit('gcss', DEMO_IDS.guangchangShangsha, buildingId, b, `S${s}`, 'SHOP', 3000 + (shop % 4) * 1500, shop > 9 ? developer : person(`gcss/shop/${shop}`));
      }
    }
    if (b <= 2) unit('gcss', DEMO_IDS.guangchangShangsha, buildingId, b, 'B1', 'INSTITUTION', b === 1 ? 18000 : 24000, banks[b - 1]);
  }
  return out;
}

type Organisations = Required<Pick<CommunityDemo, 'organisations' | 'posts' | 'criteriaLists'>>;

/** Demo people who hold posts but own no demo unit (officials, tenants, Youhe's stewards). */
export const DEMO_PEOPLE = {
  /** Deputy Party secretary of Dongfang community, heading the Guangchang Shangsha area Party branch (交叉任职). */
  deputySecretary: demoId('person/dongfang/deputy-secretary'),
  /** A social worker on the residents' committee who stands as the public-housing representative. */
  socialWorker: demoId('person/dongfang/social-worker'),
} as const;

/**
 * The organisations the article names: Dongfang community's Party committee and residents'
 * committee; the Guangchang Shangsha area Party branch headed by the community's deputy Party
 * secretary and its co-governance committee of 11 (owners, shops, tenants); Mengda's red-steward
 * group of 11 and 14 floor volunteers; Youhe's 28 stewards in 10 groups. Plus Minglou street's
 * "seven priorities, nine exclusions" for owners'-committee candidates, worded from common
 * practice (the article names the list without its items).
 */
function demoOrganisations(places: Places): Organisations {
  const out: Organisations = { organisations: [], posts: [], criteriaLists: [] };
  const person = (key: string, name: string, partyMember: boolean) => {
    const id = demoId(`person/${key}`);
    places.people.push({ id, name, kind: 'INDIVIDUAL', phone: null, idNumber: null, partyMember });
    return id;
  };
  const org = (key: string, o: Omit<Organisations['organisations'][number], 'id'>) => {
    const id = demoId(`organisation/${key}`);
    out.organisations.push({ id, ...o });
    return id;
  };
  const post = (personId: string, organisationId: string, role: string, memberType?: 'OWNER' | 'SHOP' | 'TENANT' | 'PUBLIC_HOUSING' | 'COMMUNITY') =>
    out.posts.push({ id: demoId(`post/${organisationId}/${personId}`), personId, organisationId, role, memberType, startsOn: '2025-01-01' });

  person('dongfang/deputy-secretary', '陈卫东', true);
  person('dongfang/social-worker', '林晓燕', false);
  const partyCommittee = org('dongfang/party', { kind: 'PARTY_ORGANISATION', partyLevel: 'COMMUNITY', name: '东方社区党委', communityCode: R.dongfang, compoundIds: [] });
  const residentsCommittee = org('dongfang/rc', { kind: 'RESIDENTS_COMMITTEE', name: '东方社区居民委员会', communityCode: R.dongfang, compoundIds: [], termStartsOn: '2021-06-01', termEndsOn: '2026-05-31' });
  post(DEMO_PEOPLE.deputySecretary, partyCommittee, '副书记');
  post(DEMO_PEOPLE.deputySecretary, residentsCommittee, '委员', 'COMMUNITY');
  post(DEMO_PEOPLE.socialWorker, residentsCommittee, '社工', 'COMMUNITY');

  const gcssBranch = org('gcss/party', { kind: 'PARTY_ORGANISATION', partyLevel: 'COMPOUND', name: '广场商厦区域党支部', communityCode: R.dongfang, compoundIds: [DEMO_IDS.guangchangShangsha], parentId: partyCommittee });
  post(DEMO_PEOPLE.deputySecretary, gcssBranch, '书记');
  const coGov = org('gcss/co-governance', { kind: 'CO_GOVERNANCE_COMMITTEE', name: '广场商厦区域共治委员会', communityCode: R.dongfang, compoundIds: [DEMO_IDS.guangchangShangsha] });
  for (let i = 0; i < 7; i++) post(demoId(`person/gcss/${i * 20}`), coGov, i === 0 ? '主任' : '委员', 'OWNER');
  post(demoId('person/gcss/shop/1'), coGov, '委员', 'SHOP');
  post(demoId('person/gcss/shop/5'), coGov, '委员', 'SHOP');
  post(person('gcss/tenant/1', '周海峰', false), coGov, '委员', 'TENANT');
  post(DEMO_PEOPLE.socialWorker, coGov, '委员', 'PUBLIC_HOUSING');

  const mengdaStewards = org('mengda/stewards', { kind: 'STEWARD_GROUP', name: '梦达教师楼红管家治理小组', communityCode: R.dongfang, compoundIds: [DEMO_IDS.mengda] });
  for (let i = 0; i < 11; i++) post(demoId(`person/mengda/${i * 13}`), mengdaStewards, i === 0 ? '组长' : '成员', 'OWNER');
  const floorVolunteers = org('mengda/floor-volunteers', { kind: 'VOLUNTEER_TEAM', name: '梦达教师楼楼层志愿者', communityCode: R.dongfang, compoundIds: [DEMO_IDS.mengda], parentId: mengdaStewards });
  for (let i = 0; i < 14; i++) post(demoId(`person/mengda/${i * 10 + 1}`), floorVolunteers, '楼层志愿者', 'OWNER');

  const youheStewards = org('youhe/stewards', { kind: 'STEWARD_GROUP', name: '游河小区红管家团队', communityCode: R.yingfeng, compoundIds: [DEMO_IDS.youhe] });
  const groups = ['财务组', '维修组', '环境组', '安全组', '停车组', '文体组', '宣传组', '调解组', '助老组', '绿化组'];
  groups.forEach((g, gi) => {
    const team = org(`youhe/stewards/${gi}`, { kind: 'STEWARD_GROUP', name: `游河小区红管家${g}`, communityCode: R.yingfeng, compoundIds: [DEMO_IDS.youhe], parentId: youheStewards });
    const size = gi < 8 ? 3 : 2; // 8 × 3 + 2 × 2 = 28
    for (let k = 0; k < size; k++) post(person(`youhe/steward/${gi}/${k}`, `${SURNAMES[(gi * 3 + k) % SURNAMES.length]}${GIVEN[(gi + k * 5) % GIVEN.length]}`, k === 0), team, k === 0 ? '组长' : '成员', 'OWNER');
  });

  out.criteriaLists.push({
    id: demoId('criteria/minglou-7-9'),
    name: '明楼街道业委会候选人“七优先九不得”',
    criteria: [
      ['P1', 'PRIORITY', '中共党员优先'],
      ['P2', 'PRIORITY', '社区“两委”成员、楼道长、网格员优先'],
      ['P3', 'PRIORITY', '在职或退休的机关、事业单位人员优先'],
      ['P4', 'PRIORITY', '具有法律、财务、建筑、物业管理专业知识优先'],
      ['P5', 'PRIORITY', '热心公益、群众基础好优先'],
      ['P6', 'PRIORITY', '有业委会或居民自治工作经验优先'],
      ['P7', 'PRIORITY', '有时间精力履职优先'],
      ['X1', 'EXCLUSION', '受过刑事处罚的不得'],
      ['X2', 'EXCLUSION', '拖欠物业费或维修资金的不得'],
      ['X3', 'EXCLUSION', '有违法搭建等侵害共有权益行为的不得'],
      ['X4', 'EXCLUSION', '本人或近亲属在本小区物业服务企业任职的不得'],
      ['X5', 'EXCLUSION', '与物业服务企业有利害关系的不得'],
      ['X6', 'EXCLUSION', '被列入失信被执行人名单的不得'],
      ['X7', 'EXCLUSION', '组织、煽动群体性事件的不得'],
      ['X8', 'EXCLUSION', '曾被罢免业委会委员职务的不得'],
      ['X9', 'EXCLUSION', '因健康等原因不能正常履职的不得'],
    ].map(([code, kind, text]) => ({ code, kind: kind as 'PRIORITY' | 'EXCLUSION', text })),
  });
  return out;
}

const PLACES = demoPlaces();
const ORGANISATIONS = demoOrganisations(PLACES);

/**
 * Resident requests (诉求一键达) of the demo, walked through their steps on seeding: a Guangchang
 * Shangsha owner's gas request answered with Dongfang Gas's pipelines, a parking dispute in
 * Mengda from before its convention, and a repair still with Chunjiang property (it becomes a
 * work order there). Wording and times are illustrative.
 */
const REQUESTS: NonNullable<CommunityDemo['requests']> = [
  {
    id: demoId('request/gcss/gas'),
    compoundId: DEMO_IDS.guangchangShangsha,
    unitId: demoId('unit/gcss/1/201'),
    reporterId: demoId('person/gcss/0'),
    category: 'GAS',
    description: '楼里还在用瓶装液化气，希望接通管道燃气',
    place: '1幢',
    submittedAt: '2026-09-02T01:30:00Z',
    steps: [
      { action: 'ACCEPT', at: '2026-09-02T02:00:00Z', by: 'OFFICIAL', note: '社区受理，联系东方燃气' },
      { action: 'DISPATCH', at: '2026-09-02T02:10:00Z', by: 'OFFICIAL' },
      { action: 'START', at: '2026-09-02T03:00:00Z', by: 'OFFICIAL', note: '东方燃气上门勘察' },
      { action: 'RESOLVE', at: '2026-09-02T04:30:00Z', by: 'OFFICIAL', note: '已列入28户管道燃气入户工程' },
      { action: 'CLOSE', at: '2026-09-03T01:00:00Z', by: 'RESIDENT', satisfaction: 5, feedback: '终于不用扛煤气罐了' },
    ],
  },
  {
    id: demoId('request/mengda/parking'),
    compoundId: DEMO_IDS.mengda,
    unitId: demoId('unit/mengda/1/101'),
    reporterId: demoId('person/mengda/0'),
    category: 'DISPUTE',
    description: '外来车辆长期停在楼道口，堵住消防通道',
    place: '1幢楼道口',
    submittedAt: '2026-03-10T00:40:00Z',
    steps: [
      { action: 'ACCEPT', at: '2026-03-10T01:00:00Z', by: 'PARTY_ORGANISATION', note: '红管家小组受理' },
      { action: 'DISPATCH', at: '2026-03-10T01:05:00Z', by: 'PARTY_ORGANISATION' },
      { action: 'START', at: '2026-03-10T08:00:00Z', by: 'PARTY_ORGANISATION', note: '约车主和楼组长当面协商' },
      { action: 'RESOLVE', at: '2026-03-11T09:00:00Z', by: 'PARTY_ORGANISATION', note: '车辆已挪走；停车问题提交议事会' },
      { action: 'CLOSE', at: '2026-03-12T02:00:00Z', by: 'RESIDENT', satisfaction: 4, feedback: '希望尽快定停车公约' },
    ],
  },
  {
    id: demoId('request/gcss/repair'),
    compoundId: DEMO_IDS.guangchangShangsha,
    unitId: null,
    reporterId: demoId('person/gcss/20'),
    category: 'REPAIR',
    description: '3幢楼道声控灯不亮',
    place: '3幢2单元楼道',
    submittedAt: '2026-11-20T02:00:00Z',
    steps: [
      { action: 'ACCEPT', at: '2026-11-20T02:30:00Z', by: 'OWNERS_COMMITTEE', note: '区域共治委员会受理' },
      { action: 'DISPATCH', at: '2026-11-20T02:35:00Z', by: 'OWNERS_COMMITTEE' },
    ],
  },
];

/**
 * Deliberation (三议三公开) of the demo: the Guangchang Shangsha area's parking management, put
 * to the owners after more than 20 topic meetings — 94 spaces at 5 entrances under one
 * management, owners at a discount and outside cars at market price, a business use of common
 * parts and so a three-quarters matter (Civil Code art. 278 item 8) — and the three-party joint
 * meeting that followed it. Ballots are illustrative: most owners for, a few against or
 * abstaining, the rest away.
 */
function demoDeliberation(): NonNullable<CommunityDemo['deliberation']> {
  const gcssOwners = [...new Set((PLACES.units ?? []).filter((u) => u.compoundId === DEMO_IDS.guangchangShangsha).map((u) => u.ownerId!))];
  const matterId = demoId('matter/gcss/parking');
  const topics = ['车位底数排查', '出入口与道闸方案', '业主优惠标准', '外来车辆市场价', '商户经营车辆', '收费公示办法'];
  return {
    matters: [
      {
        id: matterId,
        compoundId: DEMO_IDS.guangchangShangsha,
        title: '广场商厦区域停车统一管理方案',
        description: '将分散在5个出入口的94个车位统一纳管：业主优惠、外来车辆市场化收费，收入用于区域公共维修并定期公示。',
        article278Item: 8,
        convention: {
          id: demoId('convention/gcss/parking'),
          kind: 'PARKING',
          title: '广场商厦区域停车公约',
          rules: [
            { code: 'ONE_MANAGEMENT', text: '5个出入口、94个车位统一纳管', quantity: 94 },
            { code: 'ENTRANCES', text: '统一设置道闸的出入口', quantity: 5 },
            { code: 'OWNER_DISCOUNT', text: '业主车辆享受优惠价' },
            { code: 'OUTSIDE_MARKET_PRICE', text: '外来车辆按市场价收费' },
            { code: 'FEES_PUBLISHED', text: '停车收支每季度在公示栏公示' },
          ],
          escalation: [
            { breach: 1, action: 'CAUTION' },
            { breach: 2, action: 'WARNING' },
            { breach: 3, action: 'REMOVAL' },
          ],
        },
        consultations: Array.from({ length: 21 }, (_, i) => ({
          heldAt: new Date(Date.UTC(2025, 3, 7) + i * 6 * 86_400_000).toISOString(),
          parties: i % 3 === 2 ? ['OWNERS', 'SHOPS', 'TENANTS', 'PROPERTY_FIRM', 'PARTY_ORGANISATION'] : ['OWNERS', 'SHOPS', 'TENANTS'],
          participants: 11 + (i % 3) * 4,
          summary: `第${i + 1}次专题议事：${topics[i % topics.length]}`,
        })),
        votingOpenedAt: '2025-08-20T01:00:00Z',
        votingClosesAt: '2025-09-05T10:00:00Z',
        ballots: gcssOwners.flatMap((ownerId, i) => {
          const choice = i % 10 === 9 ? (i % 20 === 19 ? 'AGAINST' : null) : i % 37 === 5 ? 'ABSTAIN' : 'FOR';
          return choice ? [{ ownerId, choice: choice as 'FOR' | 'AGAINST' | 'ABSTAIN' }] : [];
        }),
      },
    ],
    meetings: [
      {
        id: demoId('meeting/gcss/2025-10'),
        compoundId: DEMO_IDS.guangchangShangsha,
        title: '广场商厦区域三方联席会议（2025年10月）',
        scheduledAt: '2025-10-10T06:30:00Z',
        place: '区域共治委员会活动室（160平方米）',
        agenda: [{ title: '停车公约执行情况', matterId }, { title: '管道燃气入户进度' }, { title: '活动室使用安排' }],
        attendance: [
          { party: 'PARTY_ORGANISATION', attendee: '东方社区党委副书记（区域党组织负责人）' },
          { party: 'RESIDENTS_COMMITTEE', attendee: '东方社区居委会' },
          { party: 'OWNERS_COMMITTEE', attendee: '广场商厦区域共治委员会主任' },
          { party: 'PROPERTY_FIRM', attendee: '春江物业项目经理' },
        ],
        minutes: '停车公约已施行一个月，5个出入口道闸运行正常；东方燃气已完成28户管道入户；活动室由区域共治委员会统一排期。',
        decisions: [
          { agendaPosition: 1, text: '公示第三季度停车费收支', responsibleParty: 'PROPERTY_FIRM', dueOn: '2025-10-31', doneAt: '2025-10-28T02:00:00Z', doneNote: '已在公示栏和微信群公示' },
          { agendaPosition: 2, text: '剩余住户管道燃气入户意愿摸排', responsibleParty: 'RESIDENTS_COMMITTEE', dueOn: '2025-12-31', doneAt: '2025-12-20T02:00:00Z', doneNote: '摸排完成，纳入明年计划' },
          { agendaPosition: 3, text: '活动室消防器材配齐', responsibleParty: 'OWNERS_COMMITTEE', dueOn: '2026-10-31' },
        ],
      },
    ],
  };
}

const DELIBERATION = demoDeliberation();

export const community: CommunityDemo = {
  ...PLACES,
  ...ORGANISATIONS,
  requests: REQUESTS,
  deliberation: DELIBERATION,
  regions: [
    { code: R.haishu, name: '海曙区', level: 'DISTRICT', parentCode: null },
    { code: R.yinzhou, name: '鄞州区', level: 'DISTRICT', parentCode: null },
    { code: R.jiangbei, name: '江北区', level: 'DISTRICT', parentCode: null },
    { code: R.shiqi, name: '石碶街道', level: 'STREET', parentCode: R.haishu },
    { code: R.yuehu, name: '月湖街道', level: 'STREET', parentCode: R.haishu },
    { code: R.minglou, name: '明楼街道', level: 'STREET', parentCode: R.yinzhou },
    { code: R.panhuo, name: '潘火街道', level: 'STREET', parentCode: R.yinzhou },
    { code: R.dongfang, name: '东方社区', level: 'COMMUNITY', parentCode: R.shiqi },
    { code: R.jinli, name: '锦丽社区', level: 'COMMUNITY', parentCode: R.shiqi },
    { code: R.yingfeng, name: '迎凤社区', level: 'COMMUNITY', parentCode: R.yuehu },
    { code: R.changqingteng, name: '常青藤社区', level: 'COMMUNITY', parentCode: R.minglou },
    { code: R.zijun, name: '紫郡社区', level: 'COMMUNITY', parentCode: R.panhuo },
  ],
  compounds: [
    {
      id: DEMO_IDS.mengda,
      name: '梦达教师楼',
      address: '海曙区石碶街道东方社区梦达教师楼（3幢）',
      communityCode: R.dongfang,
      households: 144,
      scatteredHousing: true,
      // Self-managed by its red-steward group: none of the three.
      noOwnersCommittee: true,
      noPropertyFirm: true,
      noMaintenanceFund: true,
    },
    {
      // The article places the area in Shiqi street without naming its community.
      id: DEMO_IDS.guangchangShangsha,
      name: '广场商厦区域',
      address: '海曙区石碶街道广场商厦区域（6栋零星楼宇）',
      communityCode: R.dongfang,
      households: 148,
      scatteredHousing: true,
      // Chunjiang property firm came in; the co-governance committee stands in for an owners' committee.
      noOwnersCommittee: true,
      noPropertyFirm: false,
      noMaintenanceFund: true,
    },
    {
      id: DEMO_IDS.youhe,
      name: '游河小区',
      address: '海曙区月湖街道迎凤社区游河小区',
      communityCode: R.yingfeng,
      households: null,
      scatteredHousing: false,
      noPropertyFirm: true,
    },
  ],
};

export const property: PropertyDemo = {
  // The credit code passes the GB 32100 check; the firm itself is named in the article, its code is illustrative.
  firms: [{ id: DEMO_IDS.chunjiangFirm, name: '春江物业', creditCode: '91330203MA2CJ8QW1M', partyOrganisation: '春江物业党支部' }],
  contracts: [
    {
      id: '019b76da-b7a0-77a3-8304-e007310f4daf',
      compoundId: DEMO_IDS.guangchangShangsha,
      firmId: DEMO_IDS.chunjiangFirm,
      model: 'STANDARD',
      startsOn: '2025-07-01',
      feeFenPerM2Month: 80,
    },
    {
      id: '019b76da-bb88-7836-9df1-1e5a65014d7e',
      compoundId: DEMO_IDS.mengda,
      firmId: null,
      model: 'SELF_MANAGED',
      startsOn: '2025-03-01',
      feeFenPerM2Month: 0,
    },
    {
      id: '019b76da-bf70-7f9f-b2e4-510d49ba20ee',
      compoundId: DEMO_IDS.youhe,
      firmId: null,
      model: 'SELF_MANAGED',
      startsOn: '2024-01-01',
      feeFenPerM2Month: 0,
    },
  ],
  // Guangchang Shangsha: 94 spaces at 5 entrances under one management (the article); the split by
  // kind is illustrative. Mengda: the gate the owners paid for and its 72 marked spaces.
  parkingAreas: [
    {
      id: demoId('property/parking/guangchang'),
      compoundId: DEMO_IDS.guangchangShangsha,
      name: '广场商厦区域统一停车区',
      underground: false,
      entrances: [1, 2, 3, 4, 5].map((n) => ({ id: demoId(`property/entrance/guangchang/${n}`), name: `${n}号出入口`, gateCode: `GCSS-${n}` })),
      spaceRuns: [
        { kind: 'OWNER', prefix: 'A', count: 62 },
        { kind: 'VISITOR', prefix: 'V', count: 20 },
        { kind: 'SHOP', prefix: 'S', count: 12 },
      ],
    },
    {
      id: demoId('property/parking/mengda'),
      compoundId: DEMO_IDS.mengda,
      name: '梦达教师楼停车区',
      underground: false,
      entrances: [{ id: demoId('property/entrance/mengda/1'), name: '大门', gateCode: 'MD-1' }],
      spaceRuns: [{ kind: 'OWNER', prefix: 'M', count: 72 }],
    },
  ],
  activityRooms: [
    {
      id: demoId('property/room/guangchang'),
      compoundId: DEMO_IDS.guangchangShangsha,
      name: '区域共治议事室',
      areaCentiM2: 16_000,
      freeOfCharge: true,
      usedBy: '区域共治委员会',
    },
  ],
  utilityCoverage: [
    {
      id: demoId('property/coverage/guangchang/gas'),
      compoundId: DEMO_IDS.guangchangShangsha,
      utility: 'GAS',
      provider: '东方燃气',
      householdsConnected: 28,
      householdsTotal: 148,
      reportedAt: '2026-06-30T02:00:00Z',
    },
  ],
  // Dates, budget and milestones are illustrative; counts are the article's.
  projects: [
    {
      id: demoId('property/project/changqingteng-elevators'),
      name: '常青藤社区79台电梯集中更新',
      kind: 'ELEVATOR_RENEWAL',
      compoundId: null,
      communityCode: R.changqingteng,
      firmId: null,
      contractor: null,
      unitsPlanned: 79,
      unitsDone: 79,
      budgetReference: null,
      budgetFen: null,
      startsOn: '2025-04-01',
      endsOn: '2025-12-31',
      milestones: [
        { id: demoId('property/milestone/cqt/1'), name: '业主意见征询完成', dueOn: '2025-04-30', reachedOn: '2025-04-28' },
        { id: demoId('property/milestone/cqt/2'), name: '全部79台更新完成', dueOn: '2025-12-31', reachedOn: '2025-12-20' },
      ],
    },
    {
      id: demoId('property/project/guangchang-gas'),
      name: '广场商厦区域28户管道燃气入户',
      kind: 'GAS_PIPELINE',
      compoundId: DEMO_IDS.guangchangShangsha,
      communityCode: R.dongfang,
      firmId: DEMO_IDS.chunjiangFirm,
      contractor: '东方燃气',
      unitsPlanned: 28,
      unitsDone: 28,
      budgetReference: null,
      budgetFen: null,
      startsOn: '2026-03-01',
      endsOn: '2026-06-30',
      milestones: [{ id: demoId('property/milestone/gcss-gas/1'), name: '28户通气', dueOn: '2026-06-30', reachedOn: '2026-06-28' }],
    },
  ],
  // Guangchang Shangsha's differentiated charging (业主优惠、外来车辆市场化) as the article describes
  // it; the amounts are illustrative.
  parkingPricing: (
    [
      ['OWNER', 30, 200, 1_000, 15_000],
      ['TENANT', 30, 300, 1_500, 20_000],
      ['SHOP', 15, 300, 2_000, 30_000],
      ['VISITOR', 15, 500, 4_000, null],
    ] as const
  ).map(([plateClass, freeMinutes, hourlyFen, dailyCapFen, monthlyPassFen]) => ({
    id: demoId(`property/parking-price/guangchang/${plateClass}`),
    compoundId: DEMO_IDS.guangchangShangsha,
    plateClass,
    freeMinutes,
    hourlyFen,
    dailyCapFen,
    monthlyPassFen,
  })),
  // Chunjiang's guards patrol the area's public facilities (保安常驻引导车辆、巡检公共设施); the route is illustrative.
  inspectionPlans: [
    {
      id: demoId('property/inspection/guangchang'),
      compoundId: DEMO_IDS.guangchangShangsha,
      firmId: DEMO_IDS.chunjiangFirm,
      name: '公共设施巡检',
      intervalHours: 12,
      startsAt: '2026-07-01T00:00:00.000Z',
      checkpoints: [
        ...[1, 2, 3, 4, 5].map((n) => ({ id: demoId(`property/checkpoint/guangchang/gate-${n}`), name: `${n}号出入口道闸`, location: `${n}号出入口` })),
        { id: demoId('property/checkpoint/guangchang/fire-lane'), name: '消防通道', location: null },
        { id: demoId('property/checkpoint/guangchang/room'), name: '区域共治议事室', location: null },
      ],
    },
  ],
};

export const finance: FinanceDemo = {
  accounts: [
    { id: '019b76da-c358-7650-8279-16eb4a34dc13', compoundId: DEMO_IDS.mengda, balanceFen: 1_286_050 },
    { id: '019b76da-c740-764a-a5dc-aad14f56fb7e', compoundId: DEMO_IDS.guangchangShangsha, balanceFen: 3_472_800 },
    { id: '019b76da-cb28-7bc3-aa51-51b593e73ddd', compoundId: DEMO_IDS.youhe, balanceFen: 965_420 },
  ],
  // Balances brought forward when the ledger starts; later income and spending are entries.
  openingDate: '2026-01-01T00:00:00.000Z',
  // Illustrative: the district's incentive pool per rating period for Chunjiang's service there.
  incentivePools: [{ compoundId: DEMO_IDS.guangchangShangsha, firmId: DEMO_IDS.chunjiangFirm, period: '2026-Q3', poolFen: 2_000_000 }],
};

/** Property-service indicators scored in the demo schemes (weights in basis points, summing to 10000). */
const RATING_INDICATORS = [
  { code: 'CLEANING', name: '环境保洁', weightBp: 2_000 },
  { code: 'SECURITY', name: '秩序维护', weightBp: 2_000 },
  { code: 'GREENING', name: '绿化养护', weightBp: 1_000 },
  { code: 'REPAIRS', name: '设施维修', weightBp: 2_000 },
  { code: 'PARKING', name: '停车秩序', weightBp: 1_000 },
  { code: 'ATTITUDE', name: '服务态度', weightBp: 1_000 },
  { code: 'EMERGENCY', name: '应急处置', weightBp: 1_000 },
];

export const rating: RatingDemo = {
  results: [
    // regionPath and firmId: what the partners' update log tells about each (see seedRatingDemo).
    { id: '019b76da-cf10-7b23-9140-cbc13695722e', compoundId: DEMO_IDS.guangchangShangsha, period: '2026-Q2', scoreCentipoints: 8810, publishedAt: '2026-07-15T02:00:00Z', regionPath: [R.dongfang, R.shiqi, R.haishu], firmId: DEMO_IDS.chunjiangFirm },
    { id: '019b76da-d2f8-7e7c-9cdc-ebb52a5a194b', compoundId: DEMO_IDS.guangchangShangsha, period: '2026-Q3', scoreCentipoints: 9235, publishedAt: '2026-10-15T02:00:00Z', regionPath: [R.dongfang, R.shiqi, R.haishu], firmId: DEMO_IDS.chunjiangFirm },
    { id: '019b76da-d6e0-7e05-88d2-f77231f61b10', compoundId: DEMO_IDS.mengda, period: '2026-Q3', scoreCentipoints: 9520, publishedAt: '2026-10-15T02:00:00Z', regionPath: [R.dongfang, R.shiqi, R.haishu], firmId: null },
    { id: '019b76da-dac8-7a1f-8b04-fc43e2f659e3', compoundId: DEMO_IDS.youhe, period: '2026-Q3', scoreCentipoints: 9110, publishedAt: '2026-10-15T02:00:00Z', regionPath: [R.yingfeng, R.yuehu, R.haishu], firmId: null },
  ],
  // Illustrative schemes after Yinzhou's guidance (owners' committee, owner representatives and
  // community scoring in set proportions); Haishu also counts residents' satisfaction.
  schemes: [
    {
      id: '019b76db-0a00-7c3e-9a51-3f0c2d8e6b01',
      districtCode: R.haishu,
      name: '海曙区物业服务质量量化评价方案',
      indicators: RATING_INDICATORS,
      groups: [
        { group: 'OWNERS_COMMITTEE', proportionBp: 4_000, minRaters: 3 },
        { group: 'OWNER_REPRESENTATIVES', proportionBp: 3_000, minRaters: 5 },
        { group: 'COMMUNITY', proportionBp: 2_000, minRaters: 1 },
        { group: 'RESIDENT_SATISFACTION', proportionBp: 1_000, minRaters: 5 },
      ],
      incompleteGroupRule: 'REDISTRIBUTE',
      listRule: { kind: 'SHARE', red: 2_000, black: 2_000 },
    },
    {
      id: '019b76db-0de8-7a4f-b0c2-61e5d7a9c402',
      districtCode: R.yinzhou,
      name: '鄞州区业主量化评价物业服务质量方案',
      indicators: RATING_INDICATORS,
      groups: [
        { group: 'OWNERS_COMMITTEE', proportionBp: 4_000, minRaters: 3 },
        { group: 'OWNER_REPRESENTATIVES', proportionBp: 3_000, minRaters: 5 },
        { group: 'COMMUNITY', proportionBp: 3_000, minRaters: 1 },
      ],
      incompleteGroupRule: 'WITHHOLD',
      listRule: { kind: 'THRESHOLD', red: 9_000, black: 6_000 },
    },
  ],
};
