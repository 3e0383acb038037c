import { In, type EntityManager } from 'typeorm';
import { badInput, forbidden, requireRole, Role, transaction, uuidv7, type PageArgs, type RequestContext } from '@hub/platform';
import { assertCompoundAccess, lockKnownCompound } from '../scope/compound-access';
import { groupByKeys, pageInMemory } from '../scope/paging';
import { UtilityCoverageEntity, UtilityNoticeEntity, type Utility, type UtilityNoticeKind } from './utility.entity';
import { coverageProblems, noticeActive, noticeProblems, parseInstant } from './utility-rules';

/** Coverage rows of each compound asked about in this request: one statement. */
export function coverageOf(ctx: RequestContext, compoundId: string): Promise<UtilityCoverageEntity[]> {
  return ctx.loaders
    .get<string, UtilityCoverageEntity[]>('UtilityCoverage.byCompound', async (ids) => {
      const rows = await ctx.ds.getRepository(UtilityCoverageEntity).find({ where: { compoundId: In([...ids]) }, order: { utility: 'ASC' } });
      return groupByKeys(ids, rows, (r) => r.compoundId);
    })
    .load(compoundId);
}

export async function compoundCoverage(ctx: RequestContext, compoundId: string) {
  await assertCompoundAccess(ctx, compoundId, 'the utility status');
  return coverageOf(ctx, compoundId);
}

/** Notices of a compound, the most recently recorded first; `active` filters on now. */
export async function compoundNotices(ctx: RequestContext, compoundId: string, active: boolean | null | undefined, args: PageArgs) {
  await assertCompoundAccess(ctx, compoundId, 'the utility notices');
  const all = await ctx.loaders
    .get<string, UtilityNoticeEntity[]>('UtilityNotice.byCompound', async (ids) => {
      const rows = await ctx.ds.getRepository(UtilityNoticeEntity).find({ where: { compoundId: In([...ids]) }, order: { id: 'DESC' } });
      return groupByKeys(ids, rows, (r) => r.compoundId);
    })
    .load(compoundId);
  const now = new Date();
  const kept = active == null ? all : all.filter((n) => noticeActive(n, now) === active);
  return pageInMemory(ctx, kept, args, true);
}

export interface NoticeReport {
  compoundId: string;
  utility: Utility;
  kind: UtilityNoticeKind;
  title: string;
  startsAt: string;
  endsAt?: string | null;
  externalId: string;
}

export interface CoverageReport {
  compoundId: string;
  utility: Utility;
  provider?: string | null;
  householdsConnected: number;
  householdsTotal?: number | null;
}

/**
 * What the utility ingestion workers call, inside their own transaction: records a notice by the
 * feed's (source, externalId), so a replayed batch updates instead of duplicating. Validates first;
 * throws BAD_USER_INPUT (nothing written) on a bad notice.
 */
export async function upsertUtilityNotice(manager: EntityManager, source: string, report: NoticeReport): Promise<UtilityNoticeEntity> {
  const problems = noticeReportProblems(source, report);
  if (problems.length) throw badInput(problems.join('; '));
  await lockKnownCompound(manager, report.compoundId);
  const existing = await manager.findOne(UtilityNoticeEntity, { where: { source, externalId: report.externalId } });
  const row = existing ?? manager.create(UtilityNoticeEntity, { source, externalId: report.externalId });
  Object.assign(row, {
    compoundId: report.compoundId,
    utility: report.utility,
    kind: report.kind,
    title: report.title.trim(),
    startsAt: parseInstant(report.startsAt)!,
    endsAt: report.endsAt == null ? null : parseInstant(report.endsAt)!,
  });
  return manager.save(row);
}

/** What the ingestion workers call for coverage: the latest report per compound and utility replaces the previous one. */
export async function upsertUtilityCoverage(manager: EntityManager, report: CoverageReport, reportedAt = new Date()): Promise<UtilityCoverageEntity> {
  const problems = coverageProblems(report);
  if (problems.length) throw badInput(problems.join('; '));
  await lockKnownCompound(manager, report.compoundId);
  const existing = await manager.findOne(UtilityCoverageEntity, { where: { compoundId: report.compoundId, utility: report.utility } });
  const row = existing ?? manager.create(UtilityCoverageEntity, { compoundId: report.compoundId, utility: report.utility });
  Object.assign(row, { provider: report.provider?.trim() || null, householdsConnected: report.householdsConnected, householdsTotal: report.householdsTotal ?? null, reportedAt });
  return manager.save(row);
}

/** Why a notice cannot be recorded under `source` (empty when it can), as upsertUtilityNotice checks it. */
export function noticeReportProblems(source: string, report: NoticeReport): string[] {
  const problems = noticeProblems(report);
  if (!/^[A-Z0-9_-]{1,40}$/i.test(source)) problems.push('source must be 1 to 40 letters, digits, _ or -');
  return problems;
}

export { coverageProblems };

/**
 * upsertUtilityNotice for many checked notices of one source (ingestion), of compounds the caller
 * has checked are known: one read of the notices already held, one multi-row upsert of those that
 * are new or differ. A notice without an end never replaces one whose end is known. Returns, per
 * report, whether it wrote anything.
 */
export async function upsertUtilityNotices(manager: EntityManager, source: string, reports: NoticeReport[]): Promise<boolean[]> {
  if (reports.length === 0) return [];
  const existing = new Map(
    (await manager.find(UtilityNoticeEntity, { where: { source, externalId: In([...new Set(reports.map((r) => r.externalId))]) } })).map((n) => [n.externalId, n]),
  );
  const rows = new Map<string, UtilityNoticeEntity>();
  const written = reports.map((report) => {
    const current = rows.get(report.externalId) ?? existing.get(report.externalId);
    const next = {
      compoundId: report.compoundId,
      utility: report.utility,
      kind: report.kind,
      title: report.title.trim(),
      startsAt: parseInstant(report.startsAt)!,
      endsAt: report.endsAt == null ? null : parseInstant(report.endsAt)!,
    };
    // A notice whose end has been reported does not lose it again: a version without an end is an
    // older one delivered late (a replay, an out-of-order page), not a reopening.
    if (current?.endsAt && next.endsAt === null) return false;
    if (
      current &&
      current.compoundId === next.compoundId &&
      current.utility === next.utility &&
      current.kind === next.kind &&
      current.title === next.title &&
      current.startsAt.getTime() === next.startsAt.getTime() &&
      (current.endsAt?.getTime() ?? null) === (next.endsAt?.getTime() ?? null)
    ) {
      return false;
    }
    rows.set(report.externalId, manager.create(UtilityNoticeEntity, { id: current?.id ?? uuidv7(), source, externalId: report.externalId, ...next }));
    return true;
  });
  if (rows.size) await manager.upsert(UtilityNoticeEntity, [...rows.values()], ['id']);
  return written;
}

/**
 * upsertUtilityCoverage for many checked reports (ingestion), of known compounds: the latest report
 * per compound and utility wins, and a report older than the one held changes nothing. One read,
 * one multi-row upsert. Returns, per report, whether it wrote anything.
 */
export async function upsertUtilityCoverages(manager: EntityManager, reports: Array<CoverageReport & { reportedAt: Date }>): Promise<boolean[]> {
  if (reports.length === 0) return [];
  const key = (r: { compoundId: string; utility: Utility }) => `${r.compoundId}#${r.utility}`;
  const held = await manager.find(UtilityCoverageEntity, { where: { compoundId: In([...new Set(reports.map((r) => r.compoundId))]) } });
  const latest = new Map(held.map((c) => [key(c), c]));
  const rows = new Map<string, UtilityCoverageEntity>();
  const written = reports.map((report) => {
    const current = latest.get(key(report));
    const next = { provider: report.provider?.trim() || null, householdsConnected: report.householdsConnected, householdsTotal: report.householdsTotal ?? null, reportedAt: report.reportedAt };
    if (current && current.reportedAt.getTime() > next.reportedAt.getTime()) return false;
    if (
      current &&
      current.reportedAt.getTime() === next.reportedAt.getTime() &&
      current.provider === next.provider &&
      current.householdsConnected === next.householdsConnected &&
      current.householdsTotal === next.householdsTotal
    ) {
      return false;
    }
    const row = manager.create(UtilityCoverageEntity, { id: current?.id ?? uuidv7(), compoundId: report.compoundId, utility: report.utility, ...next });
    latest.set(key(report), row);
    rows.set(key(report), row);
    return true;
  });
  if (rows.size) await manager.upsert(UtilityCoverageEntity, [...rows.values()], ['id']);
  return written;
}

/** The source an API caller reports under: an INTEGRATION token's own source, MANUAL for admins. */
function sourceOf(ctx: RequestContext): string {
  requireRole(ctx.claims, Role.ADMIN, Role.INTEGRATION);
  if (ctx.claims.role === Role.ADMIN) return 'MANUAL';
  if (!ctx.claims.source) throw forbidden('Your integration token names no source; ask for one bound to your feed');
  return ctx.claims.source;
}

export async function recordNotice(ctx: RequestContext, input: NoticeReport) {
  const source = sourceOf(ctx);
  return transaction(ctx.ds, (manager) => upsertUtilityNotice(manager, source, input));
}

export async function reportCoverage(ctx: RequestContext, input: CoverageReport) {
  sourceOf(ctx);
  return transaction(ctx.ds, (manager) => upsertUtilityCoverage(manager, input));
}
