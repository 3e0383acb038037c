/**
 * The pipeline's timing rules, pure so that their boundaries are specified: how long a failing
 * source waits, when it is paused, and how often it may be asked for a page.
 */

/**
 * Wait before the next pull of a source that has failed `failures` times in a row:
 * `baseMs · 2^(failures − 1)`, at most `maxMs`; no wait when nothing failed.
 */
export function fetchBackoffMs(failures: number, baseMs: number, maxMs: number): number {
  if (failures <= 0) return 0;
  // 2^30 is far past any cap; stop doubling before the number loses meaning.
  const factor = 2 ** Math.min(failures - 1, 30);
  return Math.min(baseMs * factor, maxMs);
}

/** A source that has now failed `failures` times in a row is paused at the configured count. */
export const shouldPause = (failures: number, pauseAfter: number): boolean => failures >= pauseAfter;

/**
 * How long to wait before asking a source for the next page so that it sees at most
 * `perSecond` requests a second: requests are spaced 1000/perSecond ms apart.
 */
export function rateLimitDelayMs(lastRequestAt: number | null, now: number, perSecond: number): number {
  if (lastRequestAt === null) return 0;
  const spacing = 1000 / Math.max(perSecond, 1);
  return Math.max(0, Math.ceil(lastRequestAt + spacing - now));
}

/** The reason shown on a source paused by the failure rule; it says what to do. */
export const pauseReason = (failures: number, lastError: string): string =>
  `Paused after ${failures} failed pulls in a row (last: ${lastError}); fix the source, then resumeIngestionSource`.slice(0, 500);
