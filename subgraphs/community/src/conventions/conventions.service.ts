import { loadOneBy, notFound, pageWindow, requireRole, Role, toConnection, type PageArgs, type RequestContext } from '@hub/platform';
import { compoundById } from '../compounds/compounds.service';
import { assertSeesCompound, seesCompound } from '../compounds/compound-scope';
import { ConventionEntity, type ConventionStatus } from './convention.entity';

const READERS = [Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.OWNERS_COMMITTEE, Role.RESIDENT];

/**
 * Residents see a convention once it is adopted (or was put to them and not adopted); drafts
 * stay with the bodies steering the matter until its topic is published with it.
 */
const residentMaySee = (ctx: RequestContext, c: ConventionEntity) => ctx.claims.role !== Role.RESIDENT || c.status !== 'DRAFT';

export async function conventionById(ctx: RequestContext, id: string): Promise<ConventionEntity> {
  requireRole(ctx.claims, ...READERS);
  const convention = await loadOneBy(ctx, ConventionEntity, 'id', id);
  if (!convention) throw notFound('Convention', id);
  const compound = await compoundById(ctx, convention.compoundId);
  if (!compound) throw notFound('Convention', id);
  assertSeesCompound(ctx, compound);
  if (!residentMaySee(ctx, convention)) throw notFound('Convention', id);
  return convention;
}

/** The convention a matter puts to the owners, if any; batched per request. */
export async function conventionOfMatter(ctx: RequestContext, matterId: string): Promise<ConventionEntity | null> {
  const convention = await loadOneBy(ctx, ConventionEntity, 'matterId', matterId);
  if (!convention) return null;
  const compound = await compoundById(ctx, convention.compoundId);
  return compound && seesCompound(ctx, compound) ? convention : null;
}

export async function listConventions(ctx: RequestContext, args: PageArgs & { compoundId: string; status?: ConventionStatus | null }) {
  requireRole(ctx.claims, ...READERS);
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  const compound = await compoundById(ctx, args.compoundId);
  if (!compound) throw notFound('Compound', args.compoundId);
  assertSeesCompound(ctx, compound);
  const qb = ctx.ds.getRepository(ConventionEntity).createQueryBuilder('c').where('c.compoundId = :id', { id: args.compoundId }).orderBy('c.id', 'ASC').take(limit + 1);
  if (afterId) qb.andWhere('c.id > :afterId', { afterId });
  if (args.status) qb.andWhere('c.status = :status', { status: args.status });
  if (ctx.claims.role === Role.RESIDENT) qb.andWhere("c.status <> 'DRAFT'");
  return toConnection(await qb.getMany(), limit, afterId !== null);
}
