import { HubError, ErrorCode } from '@hub/platform';

/**
 * A work order's life (工单状态): created (NEW), given to a staff member (ASSIGNED, may be
 * reassigned), worked on (IN_PROGRESS), then COMPLETED with photos, or CANCELLED with a reason
 * before completion. Nothing skips a step: a NEW order cannot be completed.
 */
export type WorkOrderStatus = 'NEW' | 'ASSIGNED' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';

export const NEXT_STATUSES: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  NEW: ['ASSIGNED', 'CANCELLED'],
  ASSIGNED: ['ASSIGNED', 'IN_PROGRESS', 'CANCELLED'],
  IN_PROGRESS: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
};

export const canMove = (from: WorkOrderStatus, to: WorkOrderStatus): boolean => NEXT_STATUSES[from].includes(to);

/** Throws INVALID_TRANSITION naming what the order may do next. */
export function assertMove(from: WorkOrderStatus, to: WorkOrderStatus): void {
  if (canMove(from, to)) return;
  const next = NEXT_STATUSES[from];
  throw new HubError(
    ErrorCode.INVALID_TRANSITION,
    next.length === 0
      ? `The work order is ${from} and cannot change any more`
      : `A ${from} work order cannot become ${to}; it can become ${next.join(' or ')}`,
    { from, to },
  );
}
