import { HOUR_MS } from '../parking/fee';

/**
 * Service-level deadlines (处理时限). A dispatched resident request brings its own due time; an
 * inspection finding or an ERP order without one gets the default for its priority.
 */
export type WorkOrderPriority = 'URGENT' | 'NORMAL';
export const SLA_HOURS: Readonly<Record<WorkOrderPriority, number>> = { URGENT: 4, NORMAL: 72 };

export const defaultDueAt = (priority: WorkOrderPriority, from: Date): Date => new Date(from.getTime() + SLA_HOURS[priority] * HOUR_MS);

export type SlaState = 'ON_TRACK' | 'OVERDUE' | 'MET' | 'BREACHED' | 'NOT_APPLICABLE';

/** Completion at the due instant itself still meets the deadline. */
export function slaState(order: { status: string; dueAt: Date; completedAt: Date | null }, now: Date): SlaState {
  if (order.status === 'CANCELLED') return 'NOT_APPLICABLE';
  if (order.status === 'COMPLETED') return order.completedAt && order.completedAt.getTime() <= order.dueAt.getTime() ? 'MET' : 'BREACHED';
  return now.getTime() <= order.dueAt.getTime() ? 'ON_TRACK' : 'OVERDUE';
}

/**
 * SLA compliance as an exact ratio: met / (met + breached), returned as basis points (0–10000)
 * rounded down with integer arithmetic; null when nothing has been completed.
 */
export function complianceBasisPoints(met: number, breached: number): number | null {
  const total = met + breached;
  if (total === 0) return null;
  return Number((BigInt(met) * 10000n) / BigInt(total));
}

/** Photo URLs given as evidence must be absolute http(s) URLs; returns the first bad one. */
export function badPhotoUrl(urls: readonly string[]): string | null {
  for (const url of urls) {
    try {
      const u = new URL(url);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') return url;
    } catch {
      return url;
    }
  }
  return null;
}
