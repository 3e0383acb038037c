import { badInput } from '@hub/platform';

/** An ISO-8601 instant with an explicit zone ("2026-11-20T08:00:00Z" or "+08:00"), or BAD_USER_INPUT naming the field. */
export function parseInstant(value: string, field: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const at = new Date(value);
  if (!ok || Number.isNaN(at.getTime())) {
    throw badInput(`${field} must be an ISO-8601 instant with a time zone, e.g. 2026-11-20T08:00:00Z; got "${value}"`, { field });
  }
  return at;
}

/** A window [from, to) of instants, from before to. */
export function parseWindow(from: string, to: string): { from: Date; to: Date } {
  const f = parseInstant(from, 'from');
  const t = parseInstant(to, 'to');
  if (f.getTime() >= t.getTime()) throw badInput(`from (${from}) must be before to (${to})`, { field: 'from' });
  return { from: f, to: t };
}

/** Trimmed text of 1..max characters, or BAD_USER_INPUT naming the field. */
export function requiredText(value: string, field: string, max: number): string {
  const text = value.trim();
  if (text.length === 0 || text.length > max) throw badInput(`${field} must be 1 to ${max} characters`, { field });
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requiredText(value, field, max);
}
