/**
 * Contract periods as inclusive ISO dates (YYYY-MM-DD, UTC calendar days). An open end (null)
 * runs until further notice. ISO dates compare correctly as strings, so no Date arithmetic is
 * needed and no time zone can shift a boundary.
 */
export interface Period {
  startsOn: string;
  endsOn: string | null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The UTC calendar day of an instant. */
export const utcDay = (at: Date = new Date()): string => at.toISOString().slice(0, 10);

/** A period covers a day when the day lies between its first and last day, both included. */
export const coversDay = (p: Period, day: string): boolean => p.startsOn <= day && (p.endsOn === null || day <= p.endsOn);

/** Two periods overlap when they share at least one day; touching ends (31 May / 1 June) do not. */
export const periodsOverlap = (a: Period, b: Period): boolean =>
  (a.endsOn === null || b.startsOn <= a.endsOn) && (b.endsOn === null || a.startsOn <= b.endsOn);

/** Whether two periods share any day with the window [from, to] (both inclusive). */
export const overlapsWindow = (p: Period, from: string, to: string): boolean => periodsOverlap(p, { startsOn: from, endsOn: to });
