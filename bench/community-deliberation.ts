import { openSubgraphDatabase, uuidv7, type Database } from '@hub/platform';
import { testEnvironment } from '@hub/platform/dist/testing';
import { communitySubgraph, seedCommunityDemo } from '@hub/community';
import { CompoundEntity } from '@hub/community/dist/compounds/compound.entity';
import { BuildingEntity } from '@hub/community/dist/buildings/building.entity';
import { UnitEntity } from '@hub/community/dist/units/unit.entity';
import { PersonEntity } from '@hub/community/dist/people/person.entity';
import { MatterEntity } from '@hub/community/dist/matters/matter.entity';
import { BallotEntity } from '@hub/community/dist/votes/ballot.entity';
import { tallyInTransaction } from '@hub/community/dist/votes/votes.service';
import { tallyVotes, type BallotChoice } from '@hub/community/dist/votes/tally';
import { community as demoCommunity, DEMO_REGIONS } from '../scripts/demo-data';
import { runStandalone, timed, median, type BenchRow } from './feature-bench';

/**
 * The owners' count of a 5,000-unit compound on MariaDB/MySQL: the electorate summed per owner
 * in SQL (one grouped statement) plus the ballots (one statement), then the BigInt count; and
 * the pure count alone. Run after `npm run build`: `node -r @swc-node/register bench/community-deliberation.ts`.
 */
const CHOICES: BallotChoice[] = ['FOR', 'FOR', 'FOR', 'AGAINST', 'ABSTAIN'];

export async function runCommunityDeliberationBench(options: { units?: number; turnoutPercent?: number; runs?: number } = {}): Promise<BenchRow[]> {
  const units = options.units ?? 5_000;
  const turnout = options.turnoutPercent ?? 80;
  const runs = options.runs ?? 9;
  const env = testEnvironment();
  let db: Database | null = null;
  try {
    db = await openSubgraphDatabase(communitySubgraph, env.config);
    await seedCommunityDemo(db.ds, { regions: demoCommunity.regions, compounds: [] });
    const compoundId = uuidv7();
    await db.ds.getRepository(CompoundEntity).insert({
      id: compoundId,
      name: '基准小区',
      address: '基准地址',
      communityCode: DEMO_REGIONS.dongfang,
      streetCode: DEMO_REGIONS.shiqi,
      districtCode: DEMO_REGIONS.haishu,
      households: units,
      scatteredHousing: false,
    });
    // 50 buildings; one owner in ten holds a second unit; the developer keeps the last 2%.
    const buildings = Array.from({ length: 50 }, (_, b) => ({ id: uuidv7(), compoundId, name: `${b + 1}幢` }));
    await db.ds.getRepository(BuildingEntity).insert(buildings);
    const developer = { id: uuidv7(), name: '基准置业', kind: 'DEVELOPER' as const, phone: null, idNumber: null, partyMember: false };
    const people: { id: string; name: string; kind: 'DEVELOPER' | 'INDIVIDUAL'; phone: null; idNumber: null; partyMember: boolean }[] = [developer];
    const unitRows = [];
    const ownerOf: string[] = [];
    for (let i = 0; i < units; i++) {
      let owner: string;
      if (i >= units * 0.98) owner = developer.id;
      else if (i % 10 === 9) owner = ownerOf[i - 1];
      else {
        owner = uuidv7();
        people.push({ id: owner, name: `业主${i}`, kind: 'INDIVIDUAL' as const, phone: null, idNumber: null, partyMember: false });
      }
      ownerOf.push(owner);
      unitRows.push({ id: uuidv7(), compoundId, buildingId: buildings[i % 50].id, number: String(1000 + Math.floor(i / 50)), use: 'RESIDENTIAL' as const, areaCentiM2: 6_000 + ((i * 37) % 80) * 100, ownerId: owner });
    }
    for (let i = 0; i < people.length; i += 2000) await db.ds.getRepository(PersonEntity).insert(people.slice(i, i + 2000));
    for (let i = 0; i < unitRows.length; i += 2000) await db.ds.getRepository(UnitEntity).insert(unitRows.slice(i, i + 2000));

    const matter = db.ds.getRepository(MatterEntity).create({
      id: uuidv7(), compoundId, title: '基准议题', description: '基准', article278Item: 8, kind: 'GENERAL', state: 'VOTING', requestKey: null,
      proposedBy: 'bench', proposedByRole: 'ADMIN', topicPublishedAt: new Date(), votingOpenedAt: new Date(), votingClosesAt: new Date(), decidedAt: null, passed: null, finalTally: null,
    });
    await db.ds.getRepository(MatterEntity).insert(matter);
    const voters = [...new Set(ownerOf.map((o) => (o === developer.id ? 'DEVELOPER' : o)))];
    const ballots = voters.filter((_, i) => i % 100 < turnout).map((voterKey, i) => ({ id: uuidv7(), matterId: matter.id, voterKey, castBy: voterKey, choice: CHOICES[i % CHOICES.length] }));
    for (let i = 0; i < ballots.length; i += 2000) await db.ds.getRepository(BallotEntity).insert(ballots.slice(i, i + 2000));

    const ds = db.ds;
    await tallyInTransaction(ds.manager, matter, false); // warm the buffer pool
    const before = db.statements.count;
    const once = await tallyInTransaction(ds.manager, matter, false);
    const statements = db.statements.count - before;
    if (once.eligible.owners !== voters.length) throw new Error(`tally counted ${once.eligible.owners} owners, expected ${voters.length}`);
    if (once.participating.owners !== ballots.length) throw new Error(`tally counted ${once.participating.owners} ballots of ${ballots.length}`);
    const sqlTimes: number[] = [];
    for (let r = 0; r < runs; r++) sqlTimes.push((await timed(() => tallyInTransaction(ds.manager, matter, false))).ms);

    const electorate = unitRows.map((u, i) => ({ voterKey: ownerOf[i] === developer.id ? 'DEVELOPER' : ownerOf[i], areaCentiM2: u.areaCentiM2 }));
    const pureTimes: number[] = [];
    for (let r = 0; r < runs; r++) pureTimes.push((await timed(() => tallyVotes(8, electorate, ballots))).ms);

    return [
      {
        case: `tally of a ${units}-unit compound (${voters.length} owners, ${ballots.length} ballots), SQL and count`,
        value: Number(median(sqlTimes).toFixed(1)),
        unit: 'ms (median)',
        note: `${runs} runs, max ${Math.max(...sqlTimes).toFixed(1)} ms; ${statements} SQL statements`,
      },
      { case: `the count alone (pure BigInt function, ${units} units)`, value: Number(median(pureTimes).toFixed(2)), unit: 'ms (median)', note: `${runs} runs` },
      { case: 'result of the benchmark vote', value: once.passed ? 1 : 0, unit: 'passed (1) / not (0)', note: `quorum ${once.quorumMet}, rule ${once.rule}` },
    ];
  } finally {
    await db?.ds.destroy();
    await env.cleanup();
  }
}

runStandalone(module, () => runCommunityDeliberationBench());
