import { canSeeScopedCompound, ErrorCode, forbidden, HubError, notFound, requireRole, Role, transaction, type RequestContext } from '@hub/platform';
import { isDuplicateKey, lockRow } from '../scope/access';
import { RaterEntity, RatingRoundEntity } from '../rounds/rating-round.entity';
import { RatingSchemeEntity } from '../schemes/rating-scheme.entity';
import type { RaterGroup } from '../schemes/scheme-rules';
import { ScoreSheetEntity } from './score-sheet.entity';
import { validateSheet } from './sheet-rules';

/** The role a rater of each group must sign in with, on top of being on the round's roster. */
const GROUP_ROLES: Record<Exclude<RaterGroup, 'RESIDENT_SATISFACTION'>, Role[]> = {
  OWNERS_COMMITTEE: [Role.OWNERS_COMMITTEE],
  OWNER_REPRESENTATIVES: [Role.RESIDENT],
  COMMUNITY: [Role.OFFICIAL, Role.PARTY_ORGANISATION],
};

/**
 * A rater's one sheet for one compound of an open round. Checked in this order, each before
 * anything is written: who is asking, the round is open, the caller is on the roster for that
 * compound, their role and scope fit the group, the scores fit the scheme, no earlier sheet.
 */
export async function submitScores(
  ctx: RequestContext,
  roundId: string,
  compoundId: string,
  scores: { indicator: string; score: number }[],
): Promise<ScoreSheetEntity> {
  requireRole(ctx.claims, Role.OWNERS_COMMITTEE, Role.RESIDENT, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  const sub = ctx.claims.sub;
  if (!sub) throw forbidden('Your token names no subject; raters are identified by it');
  const round = await ctx.ds.getRepository(RatingRoundEntity).findOneBy({ id: roundId });
  if (!round) throw notFound('Rating round', roundId);
  if (round.status !== 'OPEN') {
    throw new HubError(ErrorCode.INVALID_TRANSITION, `Round ${round.districtCode} ${round.period} is ${round.status}; scores are taken only while it is OPEN`, { status: round.status });
  }
  const rater = await ctx.ds.getRepository(RaterEntity).findOneBy({ roundId, compoundId, raterSub: sub });
  if (!rater) throw forbidden(`You are not on the roster of raters for compound ${compoundId} in this round; ask the district to name you`);
  const group = rater.raterGroup as Exclude<RaterGroup, 'RESIDENT_SATISFACTION'>;
  const roles = GROUP_ROLES[group];
  if (!roles.includes(ctx.claims.role)) throw forbidden(`Raters of group ${group} sign in as ${roles.join(' or ')}, not ${ctx.claims.role}`);
  if (!(await canSeeScopedCompound(ctx, compoundId))) throw forbidden(`Compound ${compoundId} is outside your scope`);
  const scheme = await ctx.ds.getRepository(RatingSchemeEntity).findOneByOrFail({ id: round.schemeId });
  const sheet = validateSheet(scheme.indicators, scores);

  try {
    return await transaction(ctx.ds, async (manager) => {
      // The round row lock orders this sheet before or after a concurrent close, never across it.
      const locked = (await lockRow(manager, RatingRoundEntity, roundId))!;
      if (locked.status !== 'OPEN') throw new HubError(ErrorCode.INVALID_TRANSITION, `Round ${locked.districtCode} ${locked.period} closed meanwhile; scores are taken only while it is OPEN`, { status: locked.status });
      if (await manager.existsBy(ScoreSheetEntity, { roundId, compoundId, raterSub: sub })) throw alreadySubmitted(compoundId);
      return manager.save(manager.create(ScoreSheetEntity, { roundId, compoundId, raterSub: sub, raterGroup: group, scores: sheet }));
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw alreadySubmitted(compoundId);
    throw error;
  }
}

const alreadySubmitted = (compoundId: string) =>
  new HubError(ErrorCode.CONFLICT, `You have already submitted your scores for compound ${compoundId} in this round; a sheet is final once submitted`);
