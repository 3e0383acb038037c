import { In, type EntityManager } from 'typeorm';
import {
  canSeeScopedCompound,
  ErrorCode,
  forbidden,
  HubError,
  pageWindow,
  requireRole,
  Role,
  toConnection,
  type EventPayloads,
  type Logger,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { ensureAccounts, ledgerTransaction, lockHead, lockHeads, postEntries } from '../ledger/ledger.service';
import { assertWholeFen } from '../ledger/postings';
import { canSeeAccounts } from '../scope';
import { IncentivePayoutEntity } from './incentive-payout.entity';
import { IncentivePoolEntity } from './incentive-pool.entity';
import { IncentiveScheduleEntity } from './incentive-schedule.entity';
import { decideIncentive, DEFAULT_BANDS, ratingPeriod, validateBands, type Band } from './schedule';

export async function currentSchedule(manager: EntityManager): Promise<{ id: string | null; bands: Band[] }> {
  const [latest] = await manager.find(IncentiveScheduleEntity, { order: { id: 'DESC' }, take: 1 });
  return latest ? { id: latest.id, bands: JSON.parse(latest.bands) } : { id: null, bands: DEFAULT_BANDS };
}

export async function setIncentiveSchedule(ctx: RequestContext, bands: Band[]) {
  requireRole(ctx.claims, Role.ADMIN);
  const sorted = validateBands(bands.map((b) => ({ minScoreCentipoints: b.minScoreCentipoints, shareBasisPoints: b.shareBasisPoints })));
  const repo = ctx.ds.getRepository(IncentiveScheduleEntity);
  const row = repo.create({ bands: JSON.stringify(sorted), setBy: ctx.claims.sub ?? 'admin' });
  await repo.insert(row);
  return { id: row.id, bands: sorted };
}

/**
 * The district sets each firm's pool per compound and rating period; an official of the region or
 * an admin. Once a result of that period was decided against the pool (or its absence), the pool
 * stays as it was, so every payout of a period is computed from the same pool.
 */
export async function setIncentivePool(ctx: RequestContext, compoundId: string, firmId: string, period: string, poolFen: number) {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL);
  if (ctx.claims.role === Role.OFFICIAL && !(await canSeeScopedCompound(ctx, compoundId))) throw forbidden(`Compound ${compoundId} is not in your region`);
  const quarter = ratingPeriod(period);
  assertWholeFen(poolFen, 'poolFen');
  if (poolFen < 0) throw new HubError(ErrorCode.BAD_USER_INPUT, `poolFen must be 0 or more, got ${poolFen}`, { argument: 'poolFen' });
  return ledgerTransaction(ctx.ds, async (manager) => {
    // The compound's ledger head orders this against payouts being decided for the compound.
    await lockHead(manager, compoundId);
    const existing = await manager.findOneBy(IncentivePoolEntity, { compoundId, firmId, period: quarter });
    if (existing?.poolFen === poolFen) return existing;
    const decided = await manager.findOneBy(IncentivePayoutEntity, { compoundId, firmId, period: quarter });
    if (decided) {
      throw new HubError(ErrorCode.CONFLICT, `The ${quarter} rating result ${decided.ratingResultId} was already decided (${decided.outcome}) against ${existing ? `the pool of ${existing.poolFen} fen` : 'no pool'}; a period's pool is set before its results are published`, { ratingResultId: decided.ratingResultId });
    }
    if (existing) await manager.update(IncentivePoolEntity, { id: existing.id }, { poolFen });
    else await manager.insert(IncentivePoolEntity, manager.create(IncentivePoolEntity, { compoundId, firmId, period: quarter, poolFen }));
    return manager.findOneByOrFail(IncentivePoolEntity, { compoundId, firmId, period: quarter });
  });
}

/**
 * Books the incentive payouts of published ratings: the schedule's share of the firm's pool for
 * the rating's period, owed to the firm out of the district incentive fund; without a pool for
 * that period nothing is booked and the payout record says why. Once per result: a redelivered or
 * re-announced result finds its payout and books nothing (the unique result id and source
 * reference make a concurrent duplicate fail and retry into the same check). A round publishes a
 * result for every compound at once, so they are decided together: the compounds' heads locked in
 * one statement, their pools and the schedule read once, the entries appended by one `postEntries`
 * and the payouts written in one insert.
 */
export async function bookIncentivePayouts(manager: EntityManager, ratings: readonly EventPayloads['RatingPublished'][], log: Logger): Promise<void> {
  const booked = new Set(
    ratings.length ? (await manager.find(IncentivePayoutEntity, { select: { ratingResultId: true }, where: { ratingResultId: In([...new Set(ratings.map((r) => r.resultId))]) } })).map((p) => p.ratingResultId) : [],
  );
  const due: EventPayloads['RatingPublished'][] = [];
  for (const rating of ratings) {
    if (booked.has(rating.resultId)) {
      log.info({ resultId: rating.resultId }, 'incentive payout already booked for this rating result');
      continue;
    }
    booked.add(rating.resultId);
    if (rating.firmId) due.push(rating); // a self-managed compound has no firm to pay
  }
  if (due.length === 0) return;
  const compoundIds = [...new Set(due.map((r) => r.compoundId))];
  // Under the compounds' head locks, so a pool set at the same moment is either seen here or refused there.
  await lockHeads(manager, compoundIds);
  const pools = new Map(
    (await manager.find(IncentivePoolEntity, { where: { compoundId: In(compoundIds), period: In([...new Set(due.map((r) => r.period.slice(0, 16)))]) } })).map((p) => [`${p.compoundId}|${p.firmId}|${p.period}`, p.poolFen]),
  );
  const schedule = await currentSchedule(manager);
  const decided = due.map((rating) => {
    const period = rating.period.slice(0, 16);
    return { rating, period, decision: decideIncentive(schedule.bands, rating.scoreCentipoints, period, pools.get(`${rating.compoundId}|${rating.firmId}|${period}`) ?? null) };
  });
  const paying = decided.filter((d) => d.decision.amountFen > 0);
  const paid = [...new Set(paying.map((d) => d.rating.compoundId))];
  const accounts = await ensureAccounts(manager, paid.flatMap((compoundId) => [{ compoundId, kind: 'INCENTIVE_FUND_RECEIVABLE' as const }, { compoundId, kind: 'INCENTIVE_PAYABLE' as const }]));
  const accountsOf = new Map(paid.map((id, i) => [id, { receivable: accounts[2 * i], payable: accounts[2 * i + 1] }]));
  const posted = await postEntries(
    manager,
    paying.map(({ rating, decision }) => {
      const publishedAt = new Date(rating.publishedAt);
      const { receivable, payable } = accountsOf.get(rating.compoundId)!;
      return {
        compoundId: rating.compoundId,
        kind: 'INCENTIVE_PAYOUT' as const,
        bookedAt: publishedAt.getTime() <= Date.now() ? publishedAt : undefined,
        valueAt: publishedAt,
        sourceReference: `rating-result:${rating.resultId}`,
        description: `Incentive for ${rating.period}: score ${(rating.scoreCentipoints / 100).toFixed(2)}, ${decision.shareBasisPoints / 100}% of a ${decision.poolFen} fen pool`,
        ratingResultId: rating.resultId,
        postings: [
          { accountId: receivable.id, amountFen: decision.amountFen, category: 'INCENTIVE' },
          { accountId: payable.id, amountFen: -decision.amountFen, category: 'INCENTIVE' },
        ],
        closedPeriod: 'BOOK_TODAY' as const,
      };
    }),
  );
  const entryOf = new Map(paying.map((d, i) => [d.rating.resultId, posted[i].id]));
  const rows = decided.map(({ rating, period, decision }) =>
    manager.create(IncentivePayoutEntity, {
      ratingResultId: rating.resultId,
      roundId: rating.roundId,
      compoundId: rating.compoundId,
      firmId: rating.firmId!,
      period,
      scoreCentipoints: rating.scoreCentipoints,
      shareBasisPoints: decision.shareBasisPoints,
      poolFen: decision.poolFen,
      amountFen: decision.amountFen,
      scheduleId: schedule.id,
      entryId: entryOf.get(rating.resultId) ?? null,
      outcome: decision.outcome,
      reason: decision.reason,
      publishedAt: new Date(rating.publishedAt),
    }),
  );
  for (let i = 0; i < rows.length; i += PAYOUTS_PER_INSERT) await manager.insert(IncentivePayoutEntity, rows.slice(i, i + PAYOUTS_PER_INSERT));
  for (const { rating, period, decision } of decided) {
    if (decision.outcome === 'NO_POOL') log.warn({ resultId: rating.resultId, compoundId: rating.compoundId, period }, decision.reason);
  }
}

/** Payout rows per INSERT: inside SQLite's bound-variable limit. */
const PAYOUTS_PER_INSERT = 200;

/**
 * A firm sees only its own payouts and pools; committees and supervisors those of compounds in
 * their scope (naming the compound); admins all. Returns the filter the caller may use.
 */
async function incentiveFilter(ctx: RequestContext, filter: { compoundId?: string | null; firmId?: string | null }, what: string) {
  requireRole(ctx.claims, Role.ADMIN, Role.PROPERTY_FIRM, Role.OWNERS_COMMITTEE, Role.OFFICIAL, Role.PARTY_ORGANISATION);
  let firmId = filter.firmId ?? null;
  if (ctx.claims.role === Role.PROPERTY_FIRM) {
    if (firmId && firmId !== ctx.claims.firm) throw forbidden(`A firm sees only its own incentive ${what}`);
    firmId = ctx.claims.firm ?? '-';
  } else if (ctx.claims.role !== Role.ADMIN) {
    if (!filter.compoundId) throw forbidden(`Name the compound whose incentive ${what} you supervise (compoundId)`);
    if (!(await canSeeAccounts(ctx, filter.compoundId))) throw forbidden(`Compound ${filter.compoundId} is not in your scope`);
  }
  return { firmId, compoundId: filter.compoundId ?? null };
}

export async function incentivePayouts(ctx: RequestContext, filter: { compoundId?: string | null; firmId?: string | null }, args: PageArgs) {
  const { firmId, compoundId } = await incentiveFilter(ctx, filter, 'payouts');
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const qb = ctx.ds.getRepository(IncentivePayoutEntity).createQueryBuilder('p').where('1 = 1');
  if (firmId) qb.andWhere('p.firmId = :firmId', { firmId });
  if (compoundId) qb.andWhere('p.compoundId = :compoundId', { compoundId });
  if (afterId) qb.andWhere('p.id > :afterId', { afterId });
  return toConnection(await qb.orderBy('p.id', 'ASC').take(limit + 1).getMany(), limit, afterId !== null);
}

/** The pools set per period, so a firm and the district can see which periods are funded before results are published. */
export async function incentivePools(ctx: RequestContext, filter: { compoundId?: string | null; firmId?: string | null }, args: PageArgs) {
  const { firmId, compoundId } = await incentiveFilter(ctx, filter, 'pools');
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const qb = ctx.ds.getRepository(IncentivePoolEntity).createQueryBuilder('p').where('1 = 1');
  if (firmId) qb.andWhere('p.firmId = :firmId', { firmId });
  if (compoundId) qb.andWhere('p.compoundId = :compoundId', { compoundId });
  if (afterId) qb.andWhere('p.id > :afterId', { afterId });
  return toConnection(await qb.orderBy('p.id', 'ASC').take(limit + 1).getMany(), limit, afterId !== null);
}

export const incentiveSchedule = (ctx: RequestContext) => {
  requireRole(ctx.claims, ...(Object.values(Role).filter((r) => r !== Role.ANONYMOUS) as Role[]));
  return currentSchedule(ctx.ds.manager);
};

