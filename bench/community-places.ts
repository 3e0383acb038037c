import { createLogger, Loaders, openSubgraphDatabase, uuidv7, type Database, type RequestContext } from '@hub/platform';
import { testEnvironment } from '@hub/platform/dist/testing';
import { communitySubgraph, seedCommunityDemo } from '@hub/community';
import { CompoundEntity } from '@hub/community/dist/compounds/compound.entity';
import { importUnits } from '@hub/community/dist/units/units.service';
import { unitsOfCompound } from '@hub/community/dist/units/units.service';
import { communityStats, coverage, threeNoesList } from '@hub/community/dist/stats/stats.service';
import { crossAppointmentsIn } from '@hub/community/dist/posts/cross-appointments.service';
import { community as demoCommunity, DEMO_REGIONS } from '../scripts/demo-data';
import { runStandalone, timed, median, type BenchRow } from './feature-bench';

/**
 * Places at scale, on MariaDB/MySQL, through the services the resolvers call: importing the unit
 * register of a 5,000-unit compound (and importing it again unchanged), a page of 100 units,
 * the coverage and three-noes figures of `communityStats` over a street of 1,000 compounds, and
 * cross-appointments over the demo street. Run after `npm run build`:
 * `node -r @swc-node/register bench/community-places.ts`.
 */
export async function runCommunityPlacesBench(options: { units?: number; compounds?: number; runs?: number } = {}): Promise<BenchRow[]> {
  const units = options.units ?? 5_000;
  const compounds = options.compounds ?? 1_000;
  const runs = options.runs ?? 7;
  const env = testEnvironment();
  let db: Database | null = null;
  try {
    db = await openSubgraphDatabase(communitySubgraph, env.config);
    await seedCommunityDemo(db.ds, { ...demoCommunity, requests: [] } as typeof demoCommunity);
    const ds = db.ds;
    const ctx = (): RequestContext => ({ requestId: uuidv7(), claims: { sub: 'bench', role: 'ADMIN' }, loaders: new Loaders(), ds, config: env.config, log: createLogger('bench', 'silent') });

    // A big compound in Jinli community, and 1,000 more in the street, one in eight with all three noes.
    const big = { id: uuidv7(), name: '基准大型小区', address: '基准', communityCode: DEMO_REGIONS.jinli, streetCode: DEMO_REGIONS.shiqi, districtCode: DEMO_REGIONS.haishu, households: null, scatteredHousing: false };
    await ds.getRepository(CompoundEntity).insert(big);
    const extra = Array.from({ length: compounds }, (_, i) => ({
      id: uuidv7(),
      name: `基准小区${i}`,
      address: '基准',
      communityCode: i % 2 ? DEMO_REGIONS.jinli : DEMO_REGIONS.dongfang,
      streetCode: DEMO_REGIONS.shiqi,
      districtCode: DEMO_REGIONS.haishu,
      households: null,
      scatteredHousing: i % 8 === 0,
      noOwnersCommittee: i % 8 === 0 || i % 3 === 0,
      noPropertyFirm: i % 8 === 0,
      noMaintenanceFund: i % 8 === 0,
    }));
    for (let i = 0; i < extra.length; i += 500) await ds.getRepository(CompoundEntity).insert(extra.slice(i, i + 500));

    const rows = Array.from({ length: units }, (_, i) => ({
      building: `${1 + Math.floor(i / 250)}幢`,
      number: `${1 + Math.floor((i % 250) / 10)}${String(1 + (i % 10)).padStart(2, '0')}`,
      use: (i % 50 === 49 ? 'SHOP' : 'RESIDENTIAL') as 'SHOP' | 'RESIDENTIAL',
      areaCentiM2: 6000 + (i % 61) * 100,
      ownerName: i >= units - 100 ? '基准置业有限公司' : `业主${i}`,
      ownerKind: (i >= units - 100 ? 'DEVELOPER' : 'INDIVIDUAL') as 'DEVELOPER' | 'INDIVIDUAL',
      ownerPhone: i >= units - 100 ? null : `139${String(i).padStart(8, '0')}`,
    }));
    const first = await timed(() => importUnits(ctx(), big.id, rows));
    if (first.value.unitsCreated !== units) throw new Error(`imported ${first.value.unitsCreated} of ${units} units`);
    const again = await timed(() => importUnits(ctx(), big.id, rows));
    if (again.value.unitsUpdated !== 0 || again.value.unitsCreated !== 0) throw new Error('a second identical import changed units');

    const bigCompound = await ds.getRepository(CompoundEntity).findOneByOrFail({ id: big.id });
    const pageTimes: number[] = [];
    for (let r = 0; r < runs; r++) pageTimes.push((await timed(() => unitsOfCompound(ctx(), bigCompound, { first: 100 }))).ms);

    const statsTimes: number[] = [];
    let figures: Awaited<ReturnType<typeof coverage>> | null = null;
    let noes = 0;
    for (let r = 0; r < runs + 1; r++) {
      const c = ctx();
      const t = await timed(async () => {
        const s = await communityStats(c, DEMO_REGIONS.shiqi, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
        const [cov, list] = await Promise.all([coverage(c, s), threeNoesList(c, s)]);
        return { cov, list };
      });
      if (r > 0) statsTimes.push(t.ms); // the first run warms the buffer pool
      figures = t.value.cov;
      noes = t.value.list.length;
    }
    if (figures!.compounds !== compounds + 3) throw new Error(`coverage counted ${figures!.compounds} compounds, expected ${compounds + 3}`);
    const crossTimes: number[] = [];
    for (let r = 0; r < runs; r++) crossTimes.push((await timed(() => crossAppointmentsIn(ctx(), DEMO_REGIONS.shiqi, { first: 100 }))).ms);

    return [
      { case: `importUnits, ${units} new units with owners`, value: Math.round(first.ms), unit: 'ms', note: `${first.value.buildingsCreated} buildings, ${first.value.ownersCreated} owners` },
      { case: `importUnits, the same ${units} rows again (nothing changes)`, value: Math.round(again.ms), unit: 'ms' },
      { case: `units(first: 100) of the ${units}-unit compound`, value: Number(median(pageTimes).toFixed(1)), unit: 'ms (median)', note: `${runs} runs` },
      { case: `coverage and three-noes list, street of ${compounds + 3} compounds`, value: Number(median(statsTimes).toFixed(1)), unit: 'ms (median)', note: `${noes} three-noes compounds; ${runs} runs` },
      { case: 'crossAppointments, demo street', value: Number(median(crossTimes).toFixed(1)), unit: 'ms (median)', note: `${runs} runs` },
    ];
  } finally {
    await db?.ds.destroy();
    await env.cleanup();
  }
}

runStandalone(module, () => runCommunityPlacesBench());
