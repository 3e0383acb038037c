import { z } from 'zod';
import type { SourceAdapter, SourcePage } from '../adapter';
import type { HubRecord } from '../records';
import type { Utility } from '../../utilities/utility.entity';
import { externalIdSchema, idField, mapWith, parsePushBody, query, refuse } from './common';

/**
 * The utility companies' grid feed (水电气): coverage reports, outages and planned maintenance.
 *
 *   GET /grid/v2/feed?after=<resume token>&max=<n>
 *   → { "batch": { "entries": [ { "msgType": "COVERAGE"|"OUTAGE"|"MAINT", "msgId": "…", "siteRef": "<compound id>",
 *                                 "service": "E"|"W"|"G", "company": "…", … } ],
 *                  "resumeToken": "…", "remaining": 42 } }
 *
 * Service codes: E electricity, W water, G gas. Times are Unix epoch seconds.
 */
const epoch = z.number().int().min(946_684_800).max(4_102_444_800);
const base = { msgId: externalIdSchema, siteRef: z.string().min(1).max(36), service: z.string(), company: z.string().trim().min(1).max(100).nullable() };

const coverage = z.object({ msgType: z.literal('COVERAGE'), ...base, connected: z.number().int().min(0), households: z.number().int().min(1).nullable(), asOf: epoch });
const notice = z.object({ msgType: z.enum(['OUTAGE', 'MAINT']), ...base, headline: z.string().trim().min(1).max(200), from: epoch, until: epoch.nullable() });
const entry = z.discriminatedUnion('msgType', [coverage, notice]);

const page = z.object({ batch: z.object({ entries: z.array(z.unknown()), resumeToken: z.string().nullable(), remaining: z.number().int().min(0) }) });

/** The feed's service codes. */
export const GRID_SERVICES: Readonly<Record<string, Utility>> = { E: 'POWER', W: 'WATER', G: 'GAS' };

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

function convert(e: z.output<typeof entry>): HubRecord {
  const utility = GRID_SERVICES[e.service] ?? refuse(`service ${e.service} is not a utility-grid service code (E power, W water, G gas)`);
  if (e.msgType === 'COVERAGE') {
    if (e.households !== null && e.connected > e.households) refuse(`connected ${e.connected} is more than households ${e.households}`);
    return { kind: 'UTILITY_COVERAGE', externalId: e.msgId, compoundId: e.siteRef, utility, provider: e.company, householdsConnected: e.connected, householdsTotal: e.households, reportedAt: iso(e.asOf) };
  }
  if (e.until !== null && e.until < e.from) refuse(`until ${e.until} is before from ${e.from}`);
  return {
    kind: 'UTILITY_NOTICE',
    externalId: e.msgId,
    compoundId: e.siteRef,
    utility,
    noticeKind: e.msgType === 'OUTAGE' ? 'OUTAGE' : 'PLANNED_MAINTENANCE',
    title: e.headline,
    startsAt: iso(e.from),
    endsAt: e.until === null ? null : iso(e.until),
  };
}

export const utilityGrid: SourceAdapter = {
  name: 'utility-grid',
  kind: 'UTILITY',
  pagePath: (cursor, limit) => `/grid/v2/feed${query({ after: cursor, max: limit })}`,
  parsePage(body: unknown): SourcePage {
    const parsed = page.safeParse(body);
    if (!parsed.success) throw new Error(`utility-grid page is not { batch: { entries, resumeToken, remaining } }: ${parsed.error.issues[0].path.join('.') || 'body'} ${parsed.error.issues[0].message}`);
    const { entries, resumeToken, remaining } = parsed.data.batch;
    return { records: entries, nextCursor: resumeToken, hasMore: remaining > 0 };
  },
  map: (raw) => mapWith(entry, raw, (r) => idField(r, 'msgId'), convert),
  parsePush: parsePushBody,
};
