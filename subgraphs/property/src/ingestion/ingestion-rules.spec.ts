import { fetchBackoffMs, pauseReason, rateLimitDelayMs, shouldPause } from './ingestion-rules';

describe('fetch backoff', () => {
  it('does not wait when nothing failed', () => {
    expect(fetchBackoffMs(0, 1000, 60_000)).toBe(0);
    expect(fetchBackoffMs(-1, 1000, 60_000)).toBe(0);
  });

  it('waits the base after the first failure and doubles per further failure', () => {
    expect([1, 2, 3, 4].map((n) => fetchBackoffMs(n, 1000, 60_000))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('stops at the cap, exactly at it and far past it', () => {
    expect(fetchBackoffMs(7, 1000, 64_000)).toBe(64_000);
    expect(fetchBackoffMs(8, 1000, 64_000)).toBe(64_000);
    expect(fetchBackoffMs(1_000, 1000, 64_000)).toBe(64_000);
  });
});

describe('pause rule', () => {
  it('pauses at the configured count of failures in a row, not one before', () => {
    expect(shouldPause(4, 5)).toBe(false);
    expect(shouldPause(5, 5)).toBe(true);
    expect(shouldPause(6, 5)).toBe(true);
  });

  it('pauses at the first failure when configured so', () => {
    expect(shouldPause(0, 1)).toBe(false);
    expect(shouldPause(1, 1)).toBe(true);
  });

  it('says why and what to do, within the column', () => {
    expect(pauseReason(5, 'HTTP 500')).toBe('Paused after 5 failed pulls in a row (last: HTTP 500); fix the source, then resumeIngestionSource');
    expect(pauseReason(5, 'x'.repeat(2000)).length).toBe(500);
  });
});

describe('rate limit', () => {
  it('lets the first request go at once', () => {
    expect(rateLimitDelayMs(null, 1000, 2)).toBe(0);
  });

  it('spaces requests 1000/perSecond ms apart', () => {
    expect(rateLimitDelayMs(1000, 1000, 2)).toBe(500);
    expect(rateLimitDelayMs(1000, 1499, 2)).toBe(1);
    expect(rateLimitDelayMs(1000, 1500, 2)).toBe(0);
    expect(rateLimitDelayMs(1000, 9000, 2)).toBe(0);
  });

  it('rounds a fractional spacing up, never letting one more request through', () => {
    expect(rateLimitDelayMs(0, 0, 3)).toBe(334);
  });

  it('treats a rate below one as one a second', () => {
    expect(rateLimitDelayMs(0, 0, 0)).toBe(1000);
  });
});
