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

export const community: CommunityDemo = {
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
    },
    {
      // The article places the area in Shiqi street without naming its community.
      id: DEMO_IDS.guangchangShangsha,
      name: '广场商厦区域',
      address: '海曙区石碶街道广场商厦区域（6栋零星楼宇）',
      communityCode: R.dongfang,
      households: 148,
      scatteredHousing: true,
    },
    {
      id: DEMO_IDS.youhe,
      name: '游河小区',
      address: '海曙区月湖街道迎凤社区游河小区',
      communityCode: R.yingfeng,
      households: null,
      scatteredHousing: false,
    },
  ],
};

export const property: PropertyDemo = {
  firms: [{ id: DEMO_IDS.chunjiangFirm, name: '春江物业', creditCode: '91330203MA2CJ8QW1M' }],
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
};

export const finance: FinanceDemo = {
  accounts: [
    { id: '019b76da-c358-7650-8279-16eb4a34dc13', compoundId: DEMO_IDS.mengda, balanceFen: 1_286_050 },
    { id: '019b76da-c740-764a-a5dc-aad14f56fb7e', compoundId: DEMO_IDS.guangchangShangsha, balanceFen: 3_472_800 },
    { id: '019b76da-cb28-7bc3-aa51-51b593e73ddd', compoundId: DEMO_IDS.youhe, balanceFen: 965_420 },
  ],
};

export const rating: RatingDemo = {
  results: [
    { id: '019b76da-cf10-7b23-9140-cbc13695722e', compoundId: DEMO_IDS.guangchangShangsha, period: '2026-Q2', scoreCentipoints: 8810, publishedAt: '2026-07-15T02:00:00Z' },
    { id: '019b76da-d2f8-7e7c-9cdc-ebb52a5a194b', compoundId: DEMO_IDS.guangchangShangsha, period: '2026-Q3', scoreCentipoints: 9235, publishedAt: '2026-10-15T02:00:00Z' },
    { id: '019b76da-d6e0-7e05-88d2-f77231f61b10', compoundId: DEMO_IDS.mengda, period: '2026-Q3', scoreCentipoints: 9520, publishedAt: '2026-10-15T02:00:00Z' },
    { id: '019b76da-dac8-7a1f-8b04-fc43e2f659e3', compoundId: DEMO_IDS.youhe, period: '2026-Q3', scoreCentipoints: 9110, publishedAt: '2026-10-15T02:00:00Z' },
  ],
};
