/**
 * When a failed delivery is tried again. Each retry waits three times longer than the one
 * before, from `baseMs`, capped at a day, with ±20% jitter so that endpoints that failed together
 * are not all retried in the same instant. With the default 30 s base, the ten retries span
 * about three days (30 s, 90 s, 4.5 min, 13.5 min, 40.5 min, 2 h, 6 h, 18 h, 24 h, 24 h).
 */
export const MAX_ATTEMPTS = 11;
export const MAX_RETRY_DELAY_MS = 24 * 3600 * 1000;

/**
 * Delay before attempt `nextAttempt` (2 = the first retry); null when no attempt is left.
 * `random` is in [0, 1); 0.5 gives the delay without jitter.
 */
export function retryDelayMs(nextAttempt: number, baseMs: number, random: number): number | null {
  if (!Number.isInteger(nextAttempt) || nextAttempt < 2 || nextAttempt > MAX_ATTEMPTS) return null;
  const plain = Math.min(baseMs * 3 ** (nextAttempt - 2), MAX_RETRY_DELAY_MS);
  const jitter = 0.8 + 0.4 * Math.min(Math.max(random, 0), 1);
  return Math.round(plain * jitter);
}

/** What the receiver's answer means for the delivery and the endpoint. */
export type AttemptOutcome = 'SUCCEEDED' | 'GONE' | 'FAILED';

export function outcomeOf(statusCode: number | null): AttemptOutcome {
  if (statusCode === null) return 'FAILED';
  if (statusCode >= 200 && statusCode < 300) return 'SUCCEEDED';
  // 410 Gone: the receiver says the endpoint no longer exists; never call it again.
  if (statusCode === 410) return 'GONE';
  return 'FAILED';
}
