import { HubError } from '@hub/platform';
import { assertMove, canMove, NEXT_STATUSES, type WorkOrderStatus } from './status';

const ALL = Object.keys(NEXT_STATUSES) as WorkOrderStatus[];

describe('work order status machine', () => {
  it.each([
    ['NEW', 'ASSIGNED'],
    ['NEW', 'CANCELLED'],
    ['ASSIGNED', 'ASSIGNED'],
    ['ASSIGNED', 'IN_PROGRESS'],
    ['IN_PROGRESS', 'COMPLETED'],
    ['IN_PROGRESS', 'CANCELLED'],
  ])('allows %s → %s', (from, to) => {
    expect(canMove(from as WorkOrderStatus, to as WorkOrderStatus)).toBe(true);
  });

  it.each([
    ['NEW', 'COMPLETED'],
    ['NEW', 'IN_PROGRESS'],
    ['ASSIGNED', 'COMPLETED'],
    ['IN_PROGRESS', 'ASSIGNED'],
    ['COMPLETED', 'IN_PROGRESS'],
    ['CANCELLED', 'NEW'],
  ])('refuses the jump %s → %s with INVALID_TRANSITION', (from, to) => {
    try {
      assertMove(from as WorkOrderStatus, to as WorkOrderStatus);
    } catch (error) {
      expect(error).toBeInstanceOf(HubError);
      expect((error as HubError).extensions.code).toBe('INVALID_TRANSITION');
      return;
    }
    throw new Error('expected INVALID_TRANSITION');
  });

  it('ends in COMPLETED and CANCELLED', () => {
    for (const to of ALL) {
      expect(canMove('COMPLETED', to)).toBe(false);
      expect(canMove('CANCELLED', to)).toBe(false);
    }
  });
});
