import { badInput } from '@hub/platform';

/** ISO-8601 instant with an explicit zone (UTC on the wire), refused otherwise. */
export function parseInstant(value: string, argument: string): Date {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(d.getTime())) {
    throw badInput(`${argument} must be an ISO-8601 date or UTC time such as 2026-10-01 or 2026-10-01T08:00:00Z, got "${value}"`, { argument });
  }
  return d;
}
