/** A notice is in effect from its start until its end, both included; an outage without an end lasts until one is reported. */
export function noticeActive(n: { startsAt: Date; endsAt: Date | null }, now: Date): boolean {
  return n.startsAt.getTime() <= now.getTime() && (n.endsAt === null || now.getTime() <= n.endsAt.getTime());
}

/** Parses an ISO-8601 instant that names its offset (Z or ±hh:mm); local times are ambiguous and refused. */
export function parseInstant(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export interface NoticeTerms {
  title: string;
  startsAt: string;
  endsAt?: string | null;
  externalId: string;
}

export function noticeProblems(t: NoticeTerms): string[] {
  const problems: string[] = [];
  if (!t.title.trim() || t.title.length > 200) problems.push('title must be 1 to 200 characters');
  if (!t.externalId.trim() || t.externalId.length > 100) problems.push('externalId must be 1 to 100 characters');
  const starts = parseInstant(t.startsAt);
  const ends = t.endsAt == null ? null : parseInstant(t.endsAt);
  if (!starts) problems.push(`startsAt must be an ISO-8601 instant with its offset, e.g. 2026-11-26T08:00:00+08:00; got ${t.startsAt}`);
  if (t.endsAt != null && !ends) problems.push(`endsAt must be an ISO-8601 instant with its offset; got ${t.endsAt}`);
  if (starts && ends && ends.getTime() < starts.getTime()) problems.push(`endsAt ${t.endsAt} is before startsAt ${t.startsAt}`);
  return problems;
}

export function coverageProblems(c: { householdsConnected: number; householdsTotal?: number | null; provider?: string | null }): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(c.householdsConnected) || c.householdsConnected < 0) problems.push(`householdsConnected must be a whole number, zero or more; got ${c.householdsConnected}`);
  if (c.householdsTotal != null) {
    if (!Number.isInteger(c.householdsTotal) || c.householdsTotal < 1) problems.push(`householdsTotal must be a whole number above zero, or left out; got ${c.householdsTotal}`);
    else if (c.householdsConnected > c.householdsTotal) problems.push(`householdsConnected ${c.householdsConnected} is more than householdsTotal ${c.householdsTotal}`);
  }
  if (c.provider != null && (!c.provider.trim() || c.provider.length > 100)) problems.push('provider must be 1 to 100 characters, or left out');
  return problems;
}
