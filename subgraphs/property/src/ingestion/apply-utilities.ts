import { coverageProblems, noticeReportProblems, upsertUtilityCoverages, upsertUtilityNotices, type CoverageReport, type NoticeReport } from '../utilities/utilities.service';
import { instant, reject, scopeProblem, type ApplyContext, type Indexed } from './apply-context';
import type { UtilityCoverageRecord, UtilityNoticeRecord } from './records';

/**
 * Coverage reports of a utility feed: the latest report per compound and utility is kept, and one
 * older than the report held changes nothing (upsertUtilityCoverages). One read, one upsert.
 */
export async function applyUtilityCoverage(ctx: ApplyContext, items: Indexed<UtilityCoverageRecord>[]): Promise<void> {
  const checked: Array<{ item: Indexed<UtilityCoverageRecord>; report: CoverageReport & { reportedAt: Date } }> = [];
  for (const item of items) {
    const r = item.record;
    const reportedAt = instant(r.reportedAt);
    if (!reportedAt) {
      reject(ctx, item, `reportedAt "${r.reportedAt}" is not an ISO-8601 instant`);
      continue;
    }
    const report = { compoundId: r.compoundId, utility: r.utility, provider: r.provider, householdsConnected: r.householdsConnected, householdsTotal: r.householdsTotal, reportedAt };
    const problems = [scopeProblem(ctx, r.compoundId, reportedAt), ...coverageProblems(report)].filter(Boolean);
    if (problems.length) reject(ctx, item, problems.join('; '));
    else checked.push({ item, report });
  }
  const written = await upsertUtilityCoverages(ctx.manager, checked.map((c) => c.report));
  for (const w of written) ctx.outcome[w ? 'applied' : 'unchanged']++;
}

/**
 * Outages and planned maintenance (停水停电停气通知), kept by (source, externalId): a notice sent
 * again as it is changes nothing, a changed one (a new end time) is updated. One read, one upsert.
 */
export async function applyUtilityNotices(ctx: ApplyContext, items: Indexed<UtilityNoticeRecord>[]): Promise<void> {
  const checked: NoticeReport[] = [];
  for (const item of items) {
    const r = item.record;
    const report: NoticeReport = { compoundId: r.compoundId, utility: r.utility, kind: r.noticeKind, title: r.title, startsAt: r.startsAt, endsAt: r.endsAt, externalId: r.externalId };
    const startsAt = instant(r.startsAt);
    const problems = [startsAt ? scopeProblem(ctx, r.compoundId, startsAt) : null, ...noticeReportProblems(ctx.source.id, report)].filter(Boolean);
    if (problems.length) reject(ctx, item, problems.join('; '));
    else checked.push(report);
  }
  const written = await upsertUtilityNotices(ctx.manager, ctx.source.id, checked);
  for (const w of written) ctx.outcome[w ? 'applied' : 'unchanged']++;
}
