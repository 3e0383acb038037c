import { HOUR_MS } from '../parking/fee';

/**
 * Missed checkpoints (漏检): a plan's route is walked once per interval, windows counted from the
 * plan's start. A checkpoint with no record inside a window is missed for that window. Only
 * windows lying wholly inside [from, to) are judged, so an unfinished window is never reported.
 * A record exactly at a window's end belongs to the next window. Once a plan has ended, only the
 * windows that closed by its end are judged: the route is no longer walked after it.
 */
export interface MissedCheckpoint {
  checkpointId: string;
  windowStart: Date;
  windowEnd: Date;
}

export const MAX_JUDGED_WINDOWS = 2000;

export function missedCheckpoints(
  plan: { startsAt: Date; intervalHours: number; endsAt?: Date | null },
  checkpointIds: readonly string[],
  records: readonly { checkpointId: string; inspectedAt: Date }[],
  from: Date,
  to: Date,
): MissedCheckpoint[] {
  const interval = plan.intervalHours * HOUR_MS;
  if (!Number.isInteger(plan.intervalHours) || plan.intervalHours < 1) throw new RangeError('intervalHours must be a positive whole number');
  const start = plan.startsAt.getTime();
  // First window starting at or after `from`, aligned on the plan's start.
  const firstIndex = Math.max(0, Math.ceil((from.getTime() - start) / interval));
  const until = plan.endsAt && plan.endsAt.getTime() < to.getTime() ? plan.endsAt.getTime() : to.getTime();
  const lastIndex = Math.floor((until - start) / interval) - 1; // last window whose end is ≤ to and ≤ the plan's end
  if (lastIndex - firstIndex + 1 > MAX_JUDGED_WINDOWS) throw new RangeError(`at most ${MAX_JUDGED_WINDOWS} windows can be judged at once`);
  const seen = new Set<string>();
  for (const r of records) {
    const index = Math.floor((r.inspectedAt.getTime() - start) / interval);
    seen.add(`${r.checkpointId}#${index}`);
  }
  const missed: MissedCheckpoint[] = [];
  for (let i = firstIndex; i <= lastIndex; i++) {
    for (const checkpointId of checkpointIds) {
      if (!seen.has(`${checkpointId}#${i}`)) {
        missed.push({ checkpointId, windowStart: new Date(start + i * interval), windowEnd: new Date(start + (i + 1) * interval) });
      }
    }
  }
  return missed;
}
