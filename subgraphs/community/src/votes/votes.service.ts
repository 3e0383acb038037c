import type { EntityManager } from 'typeorm';
import { badInput, forbidden, requireRole, Role, transaction, type RequestContext } from '@hub/platform';
import { UnitEntity } from '../units/unit.entity';
import { PersonEntity } from '../people/person.entity';
import { MatterEntity } from '../matters/matter.entity';
import { assertCanCastBallot } from '../matters/matter-flow';
import { lockMatter, matterById } from '../matters/matters.service';
import { BallotEntity } from './ballot.entity';
import { insertRow } from '../matters/persistence';
import { tallyVotes, type BallotChoice, type ElectorateUnit } from './tally';
import { checkMarks, tallyElection, type ElectionBallot } from './election-tally';
import {
  electionTallyView,
  storedElectionTally,
  storedTally,
  tallyView,
  type ElectionTallyView,
  type StoredElectionTally,
  type StoredTally,
  type TallyView,
} from './tally-view';
import { CandidateEntity, ElectionEntity } from '../elections/election.entity';

/** The one key under which all the developer's unsold units (and units with no owner on the register) vote and count as one head. */
export const DEVELOPER_VOTER = 'DEVELOPER';

interface VoterArea {
  compoundId: string;
  voterKey: string;
  area: string | number;
}

/**
 * The electorate of compounds, already summed per voter in SQL (one row per owner, one for the
 * developer): one statement for any number of compounds, however many units they have.
 */
async function electorateRows(manager: EntityManager, compoundIds: readonly string[]): Promise<VoterArea[]> {
  return manager
    .createQueryBuilder(UnitEntity, 'u')
    .leftJoin(PersonEntity, 'p', 'p.id = u.ownerId')
    .select('u.compoundId', 'compoundId')
    .addSelect(`CASE WHEN u.ownerId IS NULL OR p.kind = 'DEVELOPER' THEN '${DEVELOPER_VOTER}' ELSE u.ownerId END`, 'voterKey')
    .addSelect('SUM(u.areaCentiM2)', 'area')
    .where('u.compoundId IN (:...ids)', { ids: [...compoundIds] })
    .groupBy('u.compoundId')
    .addGroupBy('voterKey')
    .getRawMany<VoterArea>();
}

const toElectorate = (rows: VoterArea[]): ElectorateUnit[] => rows.map((r) => ({ voterKey: r.voterKey, areaCentiM2: BigInt(String(r.area).split('.')[0]) }));

/** The ballot paper of an owners'-committee election's matter: its seats and the candidates on it. */
export interface Slate {
  seats: number;
  candidateIds: string[];
}

interface SlateRow {
  matterId: string;
  seats: number | string;
  candidateId: string | null;
}

/** Slates of the election matters among the ids, in one statement. */
async function slateRows(manager: EntityManager, matterIds: readonly string[]): Promise<SlateRow[]> {
  return manager
    .createQueryBuilder(ElectionEntity, 'e')
    .leftJoin(CandidateEntity, 'c', 'c.electionId = e.id AND c.onBallot = 1')
    .select('e.matterId', 'matterId')
    .addSelect('e.seats', 'seats')
    .addSelect('c.id', 'candidateId')
    .where('e.matterId IN (:...ids)', { ids: [...matterIds] })
    .getRawMany<SlateRow>();
}

const toSlate = (rows: SlateRow[]): Slate | null =>
  rows.length ? { seats: Number(rows[0].seats), candidateIds: rows.flatMap((r) => (r.candidateId ? [r.candidateId] : [])).sort() } : null;

const marksOf = (b: { candidateIds: string | null }): string[] => (b.candidateIds ? b.candidateIds.split(',') : []);

interface BallotRow {
  voterKey: string;
  choice: BallotChoice;
  candidateIds: string | null;
}

/**
 * The count of a matter from its electorate and ballots. An election's matter also gets the
 * per-candidate count; its general tally then reads FOR as "marked at least one candidate",
 * ABSTAIN as a blank ballot, and `passed` as "every seat filled" (quorum met, no run-off).
 */
function countMatter(matter: MatterEntity, electorate: ElectorateUnit[], ballots: BallotRow[], slate: Slate | null, final: boolean): StoredTally {
  const tally = storedTally(tallyVotes(matter.article278Item, electorate, ballots), final);
  if (matter.kind !== 'ELECTION' || !slate) return tally;
  const election = storedElectionTally(
    tallyElection(slate.seats, slate.candidateIds, electorate, ballots.map((b): ElectionBallot => ({ voterKey: b.voterKey, candidateIds: marksOf(b) }))),
    final,
  );
  const ruleText =
    `Quorum: owners holding at least 2/3 of the exclusive area and at least 2/3 of the owners take part; each owner marks up to ${slate.seats} candidates; ` +
    'a candidate needs more than 1/2 of the participating area and of the participating owners; seats go by most supporting area, then owners; a tie at the last seat goes to a run-off (Civil Code art. 278 item 3)';
  return { ...tally, ruleText, passed: election.complete, election };
}

/** The count of a matter read inside a transaction (closing a vote). */
export async function tallyInTransaction(manager: EntityManager, matter: MatterEntity, final: boolean): Promise<StoredTally> {
  const electorate = toElectorate(await electorateRows(manager, [matter.compoundId]));
  const ballots = await manager
    .createQueryBuilder(BallotEntity, 'b')
    .select('b.voterKey', 'voterKey')
    .addSelect('b.choice', 'choice')
    .addSelect('b.candidateIds', 'candidateIds')
    .where('b.matterId = :id', { id: matter.id })
    .getRawMany<BallotRow>();
  const slate = matter.kind === 'ELECTION' ? toSlate(await slateRows(manager, [matter.id])) : null;
  return countMatter(matter, electorate, ballots, slate, final);
}

const electorateOf = (ctx: RequestContext, compoundId: string) =>
  ctx.loaders
    .get<string, ElectorateUnit[]>('Electorate.compound', async (ids) => {
      const rows = await electorateRows(ctx.ds.manager, ids);
      return ids.map((id) => toElectorate(rows.filter((r) => r.compoundId === id)));
    })
    .load(compoundId);

const ballotsOf = (ctx: RequestContext, matterId: string) =>
  ctx.loaders
    .get<string, BallotEntity[]>('Ballot.matter', async (ids) => {
      const rows = await ctx.ds.getRepository(BallotEntity).createQueryBuilder('b').where('b.matterId IN (:...ids)', { ids: [...ids] }).getMany();
      return ids.map((id) => rows.filter((r) => r.matterId === id));
    })
    .load(matterId);

const slateOf = (ctx: RequestContext, matterId: string) =>
  ctx.loaders
    .get<string, Slate | null>('ElectionSlate.matter', async (ids) => {
      const rows = await slateRows(ctx.ds.manager, ids);
      return ids.map((id) => toSlate(rows.filter((r) => r.matterId === id)));
    })
    .load(matterId);

/** The count as stored (closed) or counted now (voting), before any withholding; null before the vote. */
async function countOf(ctx: RequestContext, matter: MatterEntity): Promise<StoredTally | null> {
  if (matter.finalTally) return matter.finalTally;
  if (matter.state !== 'VOTING') return null;
  const [electorate, ballots, slate] = await Promise.all([
    electorateOf(ctx, matter.compoundId),
    ballotsOf(ctx, matter.id),
    matter.kind === 'ELECTION' ? slateOf(ctx, matter.id) : Promise.resolve(null),
  ]);
  return countMatter(matter, electorate, ballots, slate, false);
}

/** Residents see how the votes fall only once the vote is closed; participation they see live. */
const withholdsFrom = (ctx: RequestContext, t: { final: boolean }) => ctx.claims.role === Role.RESIDENT && !t.final;

/** Frozen after closing; live while voting; null before. Batched per request across matters. */
export async function tallyOf(ctx: RequestContext, matter: MatterEntity): Promise<TallyView | null> {
  const count = await countOf(ctx, matter);
  return count ? tallyView(count, withholdsFrom(ctx, count)) : null;
}

/** The per-candidate count of an owners'-committee election's matter; null for other matters and before the vote. */
export async function electionTallyOf(ctx: RequestContext, matter: MatterEntity): Promise<ElectionTallyView | null> {
  if (matter.kind !== 'ELECTION') return null;
  const election: StoredElectionTally | undefined = (await countOf(ctx, matter))?.election;
  return election ? electionTallyView(election, withholdsFrom(ctx, election)) : null;
}

/** The caller's own ballot on a matter, from the same batch as the tally. */
export async function myBallot(ctx: RequestContext, matter: MatterEntity): Promise<BallotChoice | null> {
  if (ctx.claims.role !== Role.RESIDENT || !ctx.claims.sub || matter.state === 'PROPOSED') return null;
  const mine = (await ballotsOf(ctx, matter.id)).find((b) => b.castBy === ctx.claims.sub);
  return mine?.choice ?? null;
}

/** The candidates the calling owner marked in an election; null when they have not voted or the matter is no election. */
export async function myMarks(ctx: RequestContext, matter: MatterEntity): Promise<string[] | null> {
  if (matter.kind !== 'ELECTION' || ctx.claims.role !== Role.RESIDENT || !ctx.claims.sub || matter.state === 'PROPOSED') return null;
  const mine = (await ballotsOf(ctx, matter.id)).find((b) => b.castBy === ctx.claims.sub);
  return mine ? marksOf(mine) : null;
}

export interface BallotView {
  matter: MatterEntity;
  choice: BallotChoice;
  replaced: boolean;
  castAt: Date;
}

export interface ElectionBallotView {
  matter: MatterEntity;
  candidateIds: string[];
  replaced: boolean;
  castAt: Date;
}

const isDuplicateKey = (error: unknown) => /ER_DUP_ENTRY|UNIQUE constraint failed/.test(String((error as { code?: string }).code ?? '') + String((error as Error).message ?? ''));

/**
 * Records an owner's ballot. The voter is the Person of a RESIDENT token who owns units of the
 * matter's compound on the register; their ballot carries all their units' area and one head (the
 * developer's, all its unsold units and one head). Casting again replaces the earlier ballot.
 * `check` validates what the ballot says against the matter, under the lock, before anything is written.
 */
async function recordBallot(
  ctx: RequestContext,
  matterId: string,
  check: (manager: EntityManager, matter: MatterEntity) => Promise<{ choice: BallotChoice; candidateIds: string[] | null }>,
): Promise<{ matter: MatterEntity; replaced: boolean; castAt: Date }> {
  requireRole(ctx.claims, Role.RESIDENT);
  const person = ctx.claims.sub;
  if (!person) throw forbidden('Your token names no person; sign in as the owner');
  const visible = await matterById(ctx, matterId);
  if (!(ctx.claims.compounds ?? []).includes(visible.compoundId)) throw forbidden(`Matter ${matterId} is not of your compound`);
  const attempt = () =>
    transaction(ctx.ds, async (manager) => {
      // A shared lock: ballots go in side by side, while closing (exclusive) waits for them.
      const matter = await lockMatter(manager, matterId, 'pessimistic_read');
      assertCanCastBallot({ state: matter.state, reviews: {}, consultations: 0, votingClosesAt: matter.votingClosesAt }, new Date());
      const owned = await manager
        .createQueryBuilder(UnitEntity, 'u')
        .leftJoin(PersonEntity, 'p', 'p.id = u.ownerId')
        .select('p.kind', 'kind')
        .where('u.compoundId = :c AND u.ownerId = :person', { c: matter.compoundId, person })
        .limit(1)
        .getRawOne<{ kind: string | null }>();
      if (!owned) throw forbidden('Only owners vote: the register shows no unit of this compound owned by you');
      const { choice, candidateIds } = await check(manager, matter);
      const marks = candidateIds ? candidateIds.join(',') : null;
      const voterKey = owned.kind === 'DEVELOPER' ? DEVELOPER_VOTER : person;
      const earlier = await manager.findOne(BallotEntity, { where: { matterId, voterKey } });
      if (earlier) {
        await manager.update(BallotEntity, { id: earlier.id }, { choice, candidateIds: marks, castBy: person });
        return { matter, replaced: true, castAt: new Date() };
      }
      await insertRow(manager, BallotEntity, { matterId, voterKey, castBy: person, choice, candidateIds: marks });
      return { matter, replaced: false, castAt: new Date() };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two first ballots of one owner at the same instant: the unique index keeps one; the other replaces it.
    if (isDuplicateKey(error)) return attempt();
    throw error;
  }
}

/** FOR, AGAINST or ABSTAIN on a matter; an election's matter takes `castElectionBallot` instead. */
export async function castBallot(ctx: RequestContext, matterId: string, choice: BallotChoice): Promise<BallotView> {
  const done = await recordBallot(ctx, matterId, async (_manager, matter) => {
    if (matter.kind === 'ELECTION') throw badInput('This matter elects the owners\' committee: mark up to one candidate per seat with castElectionBallot', { argument: 'matterId' });
    return { choice, candidateIds: null };
  });
  return { ...done, choice };
}

/**
 * An owner's ballot in an owners'-committee election: up to one candidate per seat, each on the
 * ballot paper once; none is a blank ballot, which takes part without supporting anyone.
 */
export async function castElectionBallot(ctx: RequestContext, matterId: string, candidateIds: string[]): Promise<ElectionBallotView> {
  const marks = [...candidateIds].sort();
  const done = await recordBallot(ctx, matterId, async (manager, matter) => {
    if (matter.kind !== 'ELECTION') throw badInput(`Matter ${matterId} is no election: vote FOR, AGAINST or ABSTAIN with castBallot`, { argument: 'matterId' });
    const slate = toSlate(await slateRows(manager, [matter.id]));
    if (!slate) throw badInput(`Matter ${matterId} has no ballot paper`, { argument: 'matterId' });
    const problem = checkMarks(marks, slate.candidateIds, slate.seats);
    if (problem) throw badInput(problem.message, { argument: 'candidateIds' });
    return { choice: marks.length ? 'FOR' : 'ABSTAIN', candidateIds: marks };
  });
  return { ...done, candidateIds: marks };
}
