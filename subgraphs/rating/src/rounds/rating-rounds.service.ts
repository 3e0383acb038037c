import { In, IsNull, LessThan, MoreThan } from 'typeorm';
import {
  badInput,
  CompoundScopeEntity,
  ErrorCode,
  HubError,
  loadOneBy,
  notFound,
  pageWindow,
  recordEvents,
  toConnection,
  transaction,
  uuidv7,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { assertManagesDistrict, isDuplicateKey, lockRow, mayViewProvisional } from '../scope/access';
import { ContractProjectionEntity } from '../scope/contract-projection.entity';
import { ResidentFeedbackEntity } from '../scope/resident-feedback.entity';
import { RatingSchemeEntity } from '../schemes/rating-scheme.entity';
import { assertDistrictCode, currentScheme } from '../schemes/rating-schemes.service';
import { SATISFACTION_GROUP, type RaterGroup } from '../schemes/scheme-rules';
import { ScoreSheetEntity } from '../scores/score-sheet.entity';
import { RatingResultEntity } from '../results/rating-result.entity';
import { computeResult, type Sheet } from '../results/compute';
import { rankResults } from '../rankings/rank';
import { drawRedBlackList } from '../lists/red-black';
import { ListEntryEntity, RedBlackListEntity } from '../lists/red-black-list.entity';
import { recordRatingUpdates } from '../partners/rating-updates';
import { parseQuarter, quarterDates } from './period';
import { RaterEntity, RatingRoundEntity, RoundCompoundEntity } from './rating-round.entity';

const CHUNK = 500;
const chunks = <T>(rows: T[], size = CHUNK): T[][] => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

export const roundById = (ctx: RequestContext, id: string) => loadOneBy(ctx, RatingRoundEntity, 'id', id);

async function requireRound(ctx: RequestContext, id: string): Promise<RatingRoundEntity> {
  const round = await ctx.ds.getRepository(RatingRoundEntity).findOneBy({ id });
  if (!round) throw notFound('Rating round', id);
  return round;
}

const transitionError = (round: RatingRoundEntity, wanted: string) =>
  new HubError(ErrorCode.INVALID_TRANSITION, `Round ${round.districtCode} ${round.period} is ${round.status}; ${wanted}`, { status: round.status });

/**
 * Opens the district's round for a quarter with the district's current scheme, rating every
 * compound of the district under contract at some time in the quarter, with the firm serving it
 * last in the quarter. A compound that already has a result for the period (e.g. one imported
 * from before the hub) is left out rather than rated twice.
 */
export async function openRound(ctx: RequestContext, input: { districtCode: string; period: string }): Promise<RatingRoundEntity> {
  assertDistrictCode(input.districtCode);
  assertManagesDistrict(ctx.claims, input.districtCode);
  const quarter = parseQuarter(input.period);
  const scheme = await currentScheme(ctx.ds, input.districtCode);
  if (!scheme) throw badInput(`District ${input.districtCode} has no rating scheme; create one with createRatingScheme first`, { field: 'districtCode' });
  const { first, last } = quarterDates(quarter);

  // Compounds registered in the district (path ends with the district code) with a contract overlapping the quarter.
  const contracts = await ctx.ds
    .getRepository(ContractProjectionEntity)
    .createQueryBuilder('c')
    .innerJoin(CompoundScopeEntity, 's', 's.compoundId = c.compoundId')
    .addSelect('s.regionPath', 'regionPath')
    .where('s.regionPath LIKE :district', { district: `%,${input.districtCode}` })
    .andWhere('c.startsOn <= :last', { last })
    .andWhere('(c.endsOn IS NULL OR c.endsOn >= :first)', { first })
    .andWhere('c.status IN (:...statuses)', { statuses: ['ACTIVE', 'ENDED'] })
    .getRawAndEntities();
  const latest = new Map<string, { contract: ContractProjectionEntity; regionPath: string }>();
  contracts.entities.forEach((contract, i) => {
    const seen = latest.get(contract.compoundId);
    if (!seen || seen.contract.startsOn < contract.startsOn) latest.set(contract.compoundId, { contract, regionPath: contracts.raw[i].regionPath });
  });
  const alreadyRated = new Set<string>();
  for (const ids of chunks([...latest.keys()])) {
    const rows = await ctx.ds.getRepository(RatingResultEntity).find({ select: { compoundId: true }, where: { period: input.period, compoundId: In(ids) } });
    rows.forEach((r) => alreadyRated.add(r.compoundId));
  }
  const subjects = [...latest.values()].filter((s) => !alreadyRated.has(s.contract.compoundId));
  if (subjects.length === 0) {
    throw badInput(`No compound of district ${input.districtCode} is under contract in ${input.period} without a result already; nothing to rate`, { field: 'period' });
  }

  try {
    return await transaction(ctx.ds, async (manager) => {
      const round = await manager.save(manager.create(RatingRoundEntity, { schemeId: scheme.id, districtCode: input.districtCode, period: input.period, status: 'OPEN', closedAt: null, publishedAt: null }));
      const rows = subjects.map((s) =>
        manager.create(RoundCompoundEntity, { roundId: round.id, compoundId: s.contract.compoundId, firmId: s.contract.firmId, regionPath: s.regionPath, outcome: 'PENDING', withheldReason: null }),
      );
      for (const part of chunks(rows)) await manager.save(RoundCompoundEntity, part, { reload: false });
      return round;
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw new HubError(ErrorCode.CONFLICT, `District ${input.districtCode} already has a round for ${input.period}`);
    throw error;
  }
}

/** Names the raters of one compound of an open round; returns how many were newly added. */
export async function registerRaters(ctx: RequestContext, roundId: string, compoundId: string, raters: { sub: string; group: RaterGroup }[]): Promise<number> {
  const round = await requireRound(ctx, roundId);
  assertManagesDistrict(ctx.claims, round.districtCode);
  if (round.status !== 'OPEN') throw transitionError(round, 'raters can be named only while it is OPEN');
  const subject = await ctx.ds.getRepository(RoundCompoundEntity).findOneBy({ roundId, compoundId });
  if (!subject) throw notFound(`Compound in round ${roundId}:`, compoundId);
  const scheme = await ctx.ds.getRepository(RatingSchemeEntity).findOneByOrFail({ id: round.schemeId });
  const groups = new Set(scheme.groups.map((g) => g.group).filter((g) => g !== SATISFACTION_GROUP));
  if (raters.length === 0 || raters.length > 200) throw badInput('Name 1–200 raters at a time', { field: 'raters' });
  const wanted = new Map<string, RaterGroup>();
  for (const r of raters) {
    const sub = r.sub.trim();
    if (!sub || sub.length > 64) throw badInput('A rater is named by their token subject, 1–64 characters', { field: 'raters.sub' });
    if (!groups.has(r.group)) throw badInput(`${r.group} is not a group of raters in this round's scheme; use ${[...groups].join(', ')}`, { field: 'raters.group' });
    if (wanted.has(sub) && wanted.get(sub) !== r.group) throw badInput(`Rater ${sub} is named in two groups`, { field: 'raters' });
    wanted.set(sub, r.group);
  }
  return transaction(ctx.ds, async (manager) => {
    const existing = await manager.findBy(RaterEntity, { roundId, compoundId, raterSub: In([...wanted.keys()]) });
    for (const e of existing) {
      if (e.raterGroup !== wanted.get(e.raterSub)) throw new HubError(ErrorCode.CONFLICT, `Rater ${e.raterSub} already rates compound ${compoundId} in group ${e.raterGroup}`);
    }
    const have = new Set(existing.map((e) => e.raterSub));
    const fresh = [...wanted].filter(([sub]) => !have.has(sub)).map(([raterSub, raterGroup]) => manager.create(RaterEntity, { roundId, compoundId, raterSub, raterGroup }));
    if (fresh.length > 0) await manager.save(RaterEntity, fresh, { reload: false });
    return fresh.length;
  });
}

/**
 * Closes scoring and computes every compound's provisional result from the sheets and, when the
 * scheme counts it, the satisfaction residents gave on requests closed in the quarter.
 */
export async function closeRound(ctx: RequestContext, roundId: string): Promise<RatingRoundEntity> {
  const found = await requireRound(ctx, roundId);
  assertManagesDistrict(ctx.claims, found.districtCode);
  return transaction(ctx.ds, async (manager) => {
    const round = (await lockRow(manager, RatingRoundEntity, roundId))!;
    if (round.status !== 'OPEN') throw transitionError(round, 'only an OPEN round can be closed');
    const scheme = await manager.findOneByOrFail(RatingSchemeEntity, { id: round.schemeId });
    const subjects = await manager.findBy(RoundCompoundEntity, { roundId });
    const sheets = await manager.findBy(ScoreSheetEntity, { roundId });
    const byCompound = new Map<string, Sheet[]>();
    for (const s of sheets) {
      const list = byCompound.get(s.compoundId) ?? [];
      list.push({ group: s.raterGroup as RaterGroup, scores: s.scores });
      byCompound.set(s.compoundId, list);
    }
    const satisfaction = new Map<string, number[]>();
    if (scheme.groups.some((g) => g.group === SATISFACTION_GROUP)) {
      const q = parseQuarter(round.period);
      for (const ids of chunks(subjects.map((s) => s.compoundId))) {
        const answers = await manager
          .getRepository(ResidentFeedbackEntity)
          .createQueryBuilder('f')
          .where('f.compoundId IN (:...ids)', { ids })
          .andWhere('f.closedAt >= :start AND f.closedAt < :end', { start: q.start, end: q.end })
          .andWhere('f.satisfaction IS NOT NULL')
          .getMany();
        for (const a of answers) satisfaction.set(a.compoundId, [...(satisfaction.get(a.compoundId) ?? []), a.satisfaction!]);
      }
    }

    const results: RatingResultEntity[] = [];
    const rated: string[] = [];
    const withheld: { id: string; reason: string }[] = [];
    for (const subject of subjects) {
      const r = computeResult(scheme, byCompound.get(subject.compoundId) ?? [], satisfaction.get(subject.compoundId) ?? []);
      if (r.outcome === 'RATED') {
        rated.push(subject.id);
        results.push(
          manager.create(RatingResultEntity, {
            compoundId: subject.compoundId,
            period: round.period,
            scoreCentipoints: r.scoreCentipoints,
            publishedAt: null,
            roundId,
            firmId: subject.firmId,
            districtCode: round.districtCode,
            rankInDistrict: null,
            breakdown: r.groups,
          }),
        );
      } else {
        withheld.push({ id: subject.id, reason: r.reason.slice(0, 500) });
      }
    }
    for (const part of chunks(results)) await manager.save(RatingResultEntity, part, { reload: false });
    for (const ids of chunks(rated)) await manager.update(RoundCompoundEntity, { id: In(ids) }, { outcome: 'RATED' });
    for (const w of withheld) await manager.update(RoundCompoundEntity, { id: w.id }, { outcome: 'WITHHELD', withheldReason: w.reason });
    round.status = 'CLOSED';
    round.closedAt = new Date();
    return manager.save(round);
  });
}

/**
 * Takes a closed round back to OPEN before publication, e.g. when a firm's objection to its
 * provisional result shows sheets are missing: the provisional results are dropped and are
 * computed again at the next close. Sheets already submitted stay.
 */
export async function reopenRound(ctx: RequestContext, roundId: string): Promise<RatingRoundEntity> {
  const found = await requireRound(ctx, roundId);
  assertManagesDistrict(ctx.claims, found.districtCode);
  return transaction(ctx.ds, async (manager) => {
    const round = (await lockRow(manager, RatingRoundEntity, roundId))!;
    if (round.status !== 'CLOSED') throw transitionError(round, 'only a CLOSED round that is not yet published can be reopened');
    await manager.delete(RatingResultEntity, { roundId, publishedAt: IsNull() });
    await manager.update(RoundCompoundEntity, { roundId }, { outcome: 'PENDING', withheldReason: null });
    round.status = 'OPEN';
    round.closedAt = null;
    return manager.save(round);
  });
}

/**
 * Publishes a closed round in one transaction: results become public and ranked, the district's
 * red/black list for the period is drawn, and each result is announced to finance
 * (RatingPublished through the outbox, once per result) and to partners (the rating event log).
 */
export async function publishRound(ctx: RequestContext, roundId: string): Promise<RatingRoundEntity> {
  const found = await requireRound(ctx, roundId);
  assertManagesDistrict(ctx.claims, found.districtCode);
  return transaction(ctx.ds, async (manager) => {
    const round = (await lockRow(manager, RatingRoundEntity, roundId))!;
    if (round.status !== 'CLOSED') {
      throw transitionError(round, round.status === 'OPEN' ? 'close it first, then publish' : 'it has been published already');
    }
    const scheme = await manager.findOneByOrFail(RatingSchemeEntity, { id: round.schemeId });
    const results = await manager.findBy(RatingResultEntity, { roundId });
    const subjects = new Map((await manager.findBy(RoundCompoundEntity, { roundId })).map((s) => [s.compoundId, s]));
    const now = new Date();
    const ranked = rankResults(results);
    for (const r of ranked) {
      r.publishedAt = now;
      r.rankInDistrict = r.rank;
    }
    // Only publication time and rank change: one UPDATE per 500 results setting each rank with a
    // CASE on the id, rather than rewriting whole rows (their breakdowns included).
    for (const part of chunks(ranked)) {
      const ids = Object.fromEntries(part.map((r, i) => [`id${i}`, r.id]));
      const rankOf = `CASE id ${part.map((r, i) => `WHEN :id${i} THEN ${Number(r.rank)}`).join(' ')} END`;
      await manager
        .createQueryBuilder()
        .update(RatingResultEntity)
        .set({ publishedAt: now, rankInDistrict: () => rankOf })
        .where(`id IN (${part.map((_, i) => `:id${i}`).join(', ')})`)
        .setParameters(ids)
        .execute();
    }

    const list = await manager.save(
      manager.create(RedBlackListEntity, { districtCode: round.districtCode, period: round.period, roundId, rule: scheme.listRule, ranked: ranked.length, publishedAt: now }),
    );
    const entries = drawRedBlackList(
      ranked.map((r) => ({ resultId: r.id, scoreCentipoints: r.scoreCentipoints, rank: r.rank, groups: r.breakdown ?? [] })),
      scheme.listRule,
    );
    const byId = new Map(ranked.map((r) => [r.id, r]));
    const entryRows = entries.map((e) =>
      manager.create(ListEntryEntity, {
        id: uuidv7(),
        listId: list.id,
        color: e.color,
        resultId: e.resultId,
        compoundId: byId.get(e.resultId)!.compoundId,
        firmId: byId.get(e.resultId)!.firmId ?? null,
        rank: e.rank,
        scoreCentipoints: e.scoreCentipoints,
        reasons: e.reasons,
      }),
    );
    for (const part of chunks(entryRows)) await manager.createQueryBuilder().insert().into(ListEntryEntity).values(part).updateEntity(false).execute();

    const updates = ranked.map((r) => ({
      resultId: r.id,
      roundId,
      compoundId: r.compoundId,
      firmId: r.firmId ?? null,
      period: r.period,
      scoreCentipoints: r.scoreCentipoints,
      regionPath: (subjects.get(r.compoundId)?.regionPath ?? '').split(',').filter(Boolean),
      publishedAt: now,
    }));
    // One multi-row INSERT rather than a statement per result: a district round is thousands.
    await recordEvents(
      manager,
      'RatingPublished',
      updates.map((u) => ({ aggregateId: u.resultId, payload: { ...u, publishedAt: now.toISOString() } })),
    );
    // The partners' ordered log (feed, subscriptions, webhooks), in the same transaction.
    await recordRatingUpdates(manager, updates);

    round.status = 'PUBLISHED';
    round.publishedAt = now;
    return manager.save(round);
  });
}

/** A district's rounds, newest first. */
export async function listRounds(ctx: RequestContext, districtCode: string, args: PageArgs) {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const rows = await ctx.ds.getRepository(RatingRoundEntity).find({
    where: afterId ? { districtCode, id: LessThan(afterId) } : { districtCode },
    order: { id: 'DESC' },
    take: limit + 1,
  });
  return toConnection(rows, limit, afterId !== null);
}

/** The compounds of a round in the order they were added. */
export async function roundCompounds(ctx: RequestContext, roundId: string, args: PageArgs) {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const rows = await ctx.ds.getRepository(RoundCompoundEntity).find({
    where: afterId ? { roundId, id: MoreThan(afterId) } : { roundId },
    order: { id: 'ASC' },
    take: limit + 1,
  });
  return toConnection(rows, limit, afterId !== null);
}

/**
 * A compound's outcome as the caller may see it. Between close and publication RATED or WITHHELD
 * (and the reason) is provisional, shown only to those who see provisional results; to everyone
 * else the compound stays PENDING until the round is published. The round comes from the
 * request's loader, so a page of compounds costs at most one more statement.
 */
export async function visibleOutcome(ctx: RequestContext, c: RoundCompoundEntity): Promise<{ outcome: RoundCompoundEntity['outcome']; withheldReason: string | null }> {
  const actual = { outcome: c.outcome, withheldReason: c.withheldReason };
  if (c.outcome === 'PENDING' || mayViewProvisional(ctx.claims, c)) return actual;
  const round = await roundById(ctx, c.roundId);
  return round?.status === 'PUBLISHED' ? actual : { outcome: 'PENDING', withheldReason: null };
}

/** Sheets received per compound of a round, counted for all compounds of the request in one statement. */
export function sheetCount(ctx: RequestContext, roundId: string, compoundId: string): Promise<number> {
  return ctx.loaders
    .get<string, number>('ScoreSheet.count', async (keys) => {
      const pairs = keys.map((k) => k.split('|'));
      const rows: { roundId: string; compoundId: string; n: string | number }[] = await ctx.ds
        .getRepository(ScoreSheetEntity)
        .createQueryBuilder('s')
        .select('s.roundId', 'roundId')
        .addSelect('s.compoundId', 'compoundId')
        .addSelect('COUNT(*)', 'n')
        .where('s.roundId IN (:...rounds)', { rounds: [...new Set(pairs.map((p) => p[0]))] })
        .andWhere('s.compoundId IN (:...compounds)', { compounds: [...new Set(pairs.map((p) => p[1]))] })
        .groupBy('s.roundId')
        .addGroupBy('s.compoundId')
        .getRawMany();
      const counts = new Map(rows.map((r) => [`${r.roundId}|${r.compoundId}`, Number(r.n)]));
      return keys.map((k) => counts.get(k) ?? 0);
    })
    .load(`${roundId}|${compoundId}`);
}

/** The caller's roster entries, newest first; those of rounds no longer OPEN only when asked. */
export async function myAssignments(ctx: RequestContext, args: PageArgs & { includeClosed?: boolean | null }) {
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  if (!ctx.claims.sub) return toConnection([] as RaterEntity[], limit, false);
  const qb = ctx.ds
    .getRepository(RaterEntity)
    .createQueryBuilder('a')
    .where('a.raterSub = :sub', { sub: ctx.claims.sub })
    .orderBy('a.id', 'DESC')
    .limit(limit + 1);
  if (!args.includeClosed) qb.innerJoin(RatingRoundEntity, 'round', "round.id = a.roundId AND round.status = 'OPEN'");
  if (afterId) qb.andWhere('a.id < :afterId', { afterId });
  return toConnection(await qb.getMany(), limit, afterId !== null);
}

/** Whether the rater's sheet is in, for all roster entries of the request in one statement. */
export function sheetSubmitted(ctx: RequestContext, a: RaterEntity): Promise<boolean> {
  return ctx.loaders
    .get<string, boolean>('ScoreSheet.submitted', async (keys) => {
      const triples = keys.map((k) => k.split('|'));
      const rows = await ctx.ds
        .getRepository(ScoreSheetEntity)
        .createQueryBuilder('s')
        .select(['s.roundId', 's.compoundId', 's.raterSub'])
        .where('s.raterSub IN (:...subs)', { subs: [...new Set(triples.map((t) => t[2]))] })
        .andWhere('s.roundId IN (:...rounds)', { rounds: [...new Set(triples.map((t) => t[0]))] })
        .getMany();
      const have = new Set(rows.map((r) => `${r.roundId}|${r.compoundId}|${r.raterSub}`));
      return keys.map((k) => have.has(k));
    })
    .load(`${a.roundId}|${a.compoundId}|${a.raterSub}`);
}
