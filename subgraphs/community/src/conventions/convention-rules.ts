import { badInput } from '@hub/platform';

/** Kinds of convention the hub knows; PARKING conventions carry a per-vehicle escalation that property enforces. */
export type ConventionKind = 'PARKING' | 'RESIDENTS' | 'OTHER';
export type EscalationAction = 'CAUTION' | 'WARNING' | 'REMOVAL';

/** One rule of a convention, as data: a stable code, the text owners voted on, and an optional number it fixes (e.g. 72 spaces). */
export interface ConventionRule {
  code: string;
  text: string;
  quantity: number | null;
}

/** The action taken at the n-th breach ("一次劝诫、二次警告、三次驱离"). */
export interface EscalationStep {
  breach: number;
  action: EscalationAction;
}

const SEVERITY: Record<EscalationAction, number> = { CAUTION: 1, WARNING: 2, REMOVAL: 3 };

export interface ConventionDraft {
  kind: ConventionKind;
  title: string;
  rules: { code: string; text: string; quantity?: number | null }[];
  escalation?: EscalationStep[] | null;
}

/**
 * Checks a convention draft before anything is written: at least one rule, rule codes unique
 * (upper-case letters, digits, underscores), escalation steps numbered 1, 2, 3… without gaps and
 * never milder than the step before; a parking convention must have an escalation.
 */
export function validateConvention(draft: ConventionDraft): { kind: ConventionKind; title: string; rules: ConventionRule[]; escalation: EscalationStep[] } {
  const title = draft.title.trim();
  if (!title || title.length > 200) throw badInput('convention.title must be 1 to 200 characters', { argument: 'convention.title' });
  if (draft.rules.length === 0) throw badInput('A convention needs at least one rule', { argument: 'convention.rules' });
  const seen = new Set<string>();
  const rules = draft.rules.map((rule, i) => {
    const where = `convention.rules[${i}]`;
    if (!/^[A-Z][A-Z0-9_]{0,39}$/.test(rule.code)) throw badInput(`${where}.code must be upper-case letters, digits and _ (at most 40), got "${rule.code}"`, { argument: where });
    if (seen.has(rule.code)) throw badInput(`${where}.code "${rule.code}" appears twice; rule codes must be unique`, { argument: where });
    seen.add(rule.code);
    const text = rule.text.trim();
    if (!text) throw badInput(`${where}.text must not be empty`, { argument: where });
    const quantity = rule.quantity ?? null;
    if (quantity !== null && (!Number.isSafeInteger(quantity) || quantity < 0)) throw badInput(`${where}.quantity must be a whole number ≥ 0`, { argument: where });
    return { code: rule.code, text, quantity };
  });
  const escalation = draft.escalation ?? [];
  escalation.forEach((step, i) => {
    if (step.breach !== i + 1) {
      throw badInput(`convention.escalation[${i}].breach must be ${i + 1}: steps are numbered from the 1st breach without gaps`, { argument: 'convention.escalation' });
    }
    if (i > 0 && SEVERITY[step.action] < SEVERITY[escalation[i - 1].action]) {
      throw badInput(`convention.escalation[${i}] (${step.action}) is milder than the breach before it (${escalation[i - 1].action})`, { argument: 'convention.escalation' });
    }
  });
  if (draft.kind === 'PARKING' && escalation.length === 0) {
    throw badInput('A parking convention must say what happens at each breach (convention.escalation)', { argument: 'convention.escalation' });
  }
  return { kind: draft.kind, title, rules, escalation: escalation.map((s) => ({ breach: s.breach, action: s.action })) };
}

/**
 * The action for a vehicle's n-th breach; beyond the last step the last action applies again
 * (a fourth breach under "caution, warning, removal" is another removal). Null for no breach.
 */
export function actionForBreach(escalation: readonly EscalationStep[], breachCount: number): EscalationAction | null {
  if (!Number.isInteger(breachCount) || breachCount < 1 || escalation.length === 0) return null;
  return escalation[Math.min(breachCount, escalation.length) - 1].action;
}
