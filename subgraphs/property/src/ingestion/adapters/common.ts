import { z } from 'zod';
import type { Mapped } from '../adapter';
import type { HubRecord } from '../records';

/** Thrown inside a mapper to refuse a record with a reason naming the field; `map` turns it into `{ ok: false }`. */
export class Refusal extends Error {}

export const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

/** Vendor ids become part of the hub's idempotency keys, so they are bounded and printable. */
export const externalIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:#-]{0,39}$/, { message: 'must be 1 to 40 letters, digits or _.:#- starting with a letter or digit' });

/** "path: message" for the first problem zod found, e.g. `data.amount: expected string, received number`. */
export function zodReason(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length ? issue.path.map(String).join('.') : 'record';
  return `${path}: ${issue.message.replace(/^Invalid input: /, '')}`;
}

/** Runs a mapper: zod validation first, then the vendor-specific conversions, which refuse by throwing Refusal. */
export function mapWith<S extends z.ZodType>(schema: S, raw: unknown, idOf: (raw: unknown) => string | null, convert: (value: z.output<S>) => HubRecord): Mapped {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, externalId: idOf(raw), reason: zodReason(parsed.error) };
  try {
    return { ok: true, record: convert(parsed.data) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, externalId: idOf(raw), reason: error.message };
    throw error;
  }
}

/** Reads `key` of an object when it is a short string or number, for naming a refused record. */
export function idField(raw: unknown, key: string): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const value = (raw as Record<string, unknown>)[key];
  if (typeof value === 'string' && value.length > 0) return value.slice(0, 100);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

const YUAN = /^(0|[1-9][0-9]{0,11})(?:\.([0-9]{1,2}))?$/;

/**
 * A yuan amount written as a decimal string ("12.50", "3", "0.05") to integer fen, exactly: the
 * digits are shifted, never multiplied as a float (0.29 * 100 is 28.999…). At most two decimals
 * and twelve integer digits; a sign, exponent or grouping comma is refused.
 */
export function yuanToFen(text: string): number | null {
  const m = YUAN.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const BEIJING = /^([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})$/;

/**
 * Beijing time (UTC+8, no daylight saving) written "2026-11-03 14:05:00" to an ISO instant
 * ("2026-11-03T06:05:00.000Z"); null when it is not such a time or names a day that does not exist.
 */
export function beijingToIso(text: string): string | null {
  const m = BEIJING.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const at = new Date(Date.UTC(y, mo - 1, d, h - 8, mi, s));
  // Date.UTC rolls 02-30 over into March: a day that does not exist comes back different.
  const local = new Date(at.getTime() + 8 * 3_600_000);
  if (local.getUTCDate() !== d || local.getUTCMonth() !== mo - 1) return null;
  return at.toISOString();
}

/** An instant with an explicit offset ("2026-11-03T14:05:00+08:00" or "…Z") to ISO UTC; null otherwise. */
export function offsetInstantToIso(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** Max records in one push body; the pipeline has its own configured limit on top of this. */
export const PUSH_MAX_RECORDS = 5_000;

/**
 * Every adapter's push body is `{ "records": [ <vendor record>, … ] }`: the same records the vendor
 * serves in its pages, wrapped, so a vendor pushes exactly what it would otherwise be polled for.
 */
export function parsePushBody(body: unknown): { ok: true; records: unknown[] } | { ok: false; reason: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'the body must be a JSON object { "records": [...] }' };
  const records = (body as { records?: unknown }).records;
  if (!Array.isArray(records)) return { ok: false, reason: 'records: expected an array of vendor records' };
  if (records.length === 0) return { ok: false, reason: 'records: the array is empty' };
  if (records.length > PUSH_MAX_RECORDS) return { ok: false, reason: `records: ${records.length} records, at most ${PUSH_MAX_RECORDS} per push` };
  return { ok: true, records };
}

/** Query string with its parameters percent-encoded, skipping absent ones. */
export function query(params: Record<string, string | number | null>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const httpUrl = z.string().regex(/^https?:\/\/\S{1,480}$/, { message: 'must be an http(s) URL' });
