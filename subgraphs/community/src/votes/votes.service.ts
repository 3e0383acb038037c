import type { EntityManager } from 'typeorm';
import { forbidden, requireRole, Role, transaction, type RequestContext } from '@hub/platform';
import { UnitEntity } from '../units/unit.entity';
import { PersonEntity } from '../people/person.entity';
import { MatterEntity } from '../matters/matter.entity';
import { assertCanCastBallot } from '../matters/matter-flow';
import { lockMatter, matterById } from '../matters/matters.service';
import { BallotEntity } from './ballot.entity';
import { insertRow } from '../matters/persistence';
import { tallyVotes, type BallotChoice, type CastBallot, type ElectorateUnit } from './tally';
import { storedTally, type StoredTally } from './tally-view';

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

/** The count of a matter read inside a transaction (closing a vote). */
export async function tallyInTransaction(manager: EntityManager, matter: MatterEntity, final: boolean): Promise<StoredTally> {
  const electorate = toElectorate(await electorateRows(manager, [matter.compoundId]));
  const ballots = await manager
    .createQueryBuilder(BallotEntity, 'b')
    .select('b.voterKey', 'voterKey')
    .addSelect('b.choice', 'choice')
    .where('b.matterId = :id', { id: matter.id })
    .getRawMany<CastBallot>();
  return storedTally(tallyVotes(matter.article278Item, electorate, ballots), final);
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

/** Frozen after closing; live while voting; null before. Batched per request across matters. */
export async function tallyOf(ctx: RequestContext, matter: MatterEntity): Promise<StoredTally | null> {
  if (matter.finalTally) return matter.finalTally;
  if (matter.state !== 'VOTING') return null;
  const [electorate, ballots] = await Promise.all([electorateOf(ctx, matter.compoundId), ballotsOf(ctx, matter.id)]);
  return storedTally(tallyVotes(matter.article278Item, electorate, ballots as CastBallot[]), false);
}

/** The caller's own ballot on a matter, from the same batch as the tally. */
export async function myBallot(ctx: RequestContext, matter: MatterEntity): Promise<BallotChoice | null> {
  if (ctx.claims.role !== Role.RESIDENT || !ctx.claims.sub || matter.state === 'PROPOSED') return null;
  const mine = (await ballotsOf(ctx, matter.id)).find((b) => b.castBy === ctx.claims.sub);
  return mine?.choice ?? null;
}

export interface BallotView {
  matter: MatterEntity;
  choice: BallotChoice;
  replaced: boolean;
  castAt: Date;
}

const isDuplicateKey = (error: unknown) => /ER_DUP_ENTRY|UNIQUE constraint failed/.test(String((error as { code?: string }).code ?? '') + String((error as Error).message ?? ''));

/**
 * An owner's ballot. The voter is the Person of a RESIDENT token who owns units of the matter's
 * compound on the register; their ballot carries all their units' area and one head (the
 * developer's, all its unsold units and one head). Casting again replaces the choice.
 */
export async function castBallot(ctx: RequestContext, matterId: string, choice: BallotChoice): Promise<BallotView> {
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
      const voterKey = owned.kind === 'DEVELOPER' ? DEVELOPER_VOTER : person;
      const earlier = await manager.findOne(BallotEntity, { where: { matterId, voterKey } });
      if (earlier) {
        await manager.update(BallotEntity, { id: earlier.id }, { choice, castBy: person });
        return { matter, choice, replaced: true, castAt: new Date() };
      }
      await insertRow(manager, BallotEntity, { matterId, voterKey, castBy: person, choice });
      return { matter, choice, replaced: false, castAt: new Date() };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two first ballots of one owner at the same instant: the unique index keeps one; the other replaces it.
    if (isDuplicateKey(error)) return attempt();
    throw error;
  }
}

