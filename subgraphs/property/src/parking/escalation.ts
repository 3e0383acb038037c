/**
 * Parking convention enforcement (停车公约): per vehicle, the n-th breach draws the action the
 * convention sets for it, "一次劝诫、二次警告、三次驱离" in the Mengda convention.
 */
export type BreachAction = 'CAUTION' | 'WARNING' | 'REMOVAL';
export interface EscalationStep {
  breach: number;
  action: BreachAction;
}

const ACTIONS: readonly BreachAction[] = ['CAUTION', 'WARNING', 'REMOVAL'];

/** Why a convention's escalation ladder cannot be enforced, or null when it can. */
export function ladderProblem(ladder: readonly EscalationStep[]): string | null {
  if (ladder.length === 0) return 'the escalation has no steps';
  const seen = new Set<number>();
  for (const step of ladder) {
    if (!Number.isInteger(step.breach) || step.breach < 1) return `breach ${step.breach} is not a positive whole number`;
    if (!ACTIONS.includes(step.action)) return `action ${step.action} is not one of ${ACTIONS.join(', ')}`;
    if (seen.has(step.breach)) return `breach ${step.breach} appears twice`;
    seen.add(step.breach);
  }
  return null;
}

/**
 * The action for a vehicle's n-th breach: the step with the highest breach number not above n.
 * Breaches past the last step repeat its action (a fourth breach is still removal); breaches
 * before the first step draw no action (null).
 */
export function actionForBreach(ladder: readonly EscalationStep[], breachNumber: number): BreachAction | null {
  if (!Number.isInteger(breachNumber) || breachNumber < 1) throw new RangeError('breach numbers start at 1');
  let chosen: EscalationStep | null = null;
  for (const step of ladder) if (step.breach <= breachNumber && (!chosen || step.breach > chosen.breach)) chosen = step;
  return chosen?.action ?? null;
}
