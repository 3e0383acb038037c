import type { HubRecord } from './records';

/** The outcome of mapping one raw vendor record: the hub record, or why it was refused. */
export type Mapped = { ok: true; record: HubRecord } | { ok: false; externalId: string | null; reason: string };

/** A page of raw vendor records and where the next page starts. */
export interface SourcePage {
  records: unknown[];
  /** The cursor after this page; equal to the one asked with when there is nothing new. */
  nextCursor: string | null;
  /** Whether the source said more records are ready after `nextCursor`. */
  hasMore: boolean;
}

/**
 * One vendor's format (接入适配器). Adapters are pure: the pipeline does the HTTP, the retries
 * and the bookkeeping; an adapter only builds the page request and maps what came back.
 */
export interface SourceAdapter {
  /** The name a source record refers to, e.g. `erp-a`. */
  name: string;
  kind: 'ERP' | 'UTILITY';
  /** Path and query of the page after `cursor` (null: from the start), relative to the source's base URL. */
  pagePath(cursor: string | null, limit: number): string;
  /** Reads a page body; throws an Error with a readable message when the page itself is malformed. */
  parsePage(body: unknown): SourcePage;
  /** Validates (zod) and maps one raw record; never throws. */
  map(raw: unknown): Mapped;
  /** The body a push carries (`POST /ingest/{sourceId}`): the raw records in it, or a readable reason it is refused. */
  parsePush(body: unknown): { ok: true; records: unknown[] } | { ok: false; reason: string };
}
