/**
 * When may the owners' money be spent (业账社管). Pure rules; the service loads the facts.
 *
 * - Public revenue (公共收益): within the limit the owners' assembly authorised, the owners'
 *   committee approves and files the request with the community; above it, a passed assembly
 *   matter of the same compound is required.
 * - Maintenance fund (维修资金): using it needs a passed matter under Civil Code art. 278 item 5,
 *   except on the emergency path (应急使用), which needs the street's own approval instead.
 * - In every case the community supervisor co-signs before payment.
 */
export type Fund = 'PUBLIC_REVENUE' | 'MAINTENANCE_FUND';
export type SpendingStatus = 'RAISED' | 'APPROVED' | 'CO_SIGNED' | 'PAID' | 'REJECTED';
export type ApprovalBasis = 'WITHIN_LIMIT' | 'ASSEMBLY_MATTER' | 'EMERGENCY';

/** Art. 278 item 5: using the maintenance fund; item 6: raising it. */
export const ITEM_USE_MAINTENANCE_FUND = 5;
export const ITEM_RAISE_MAINTENANCE_FUND = 6;

export interface MatterFacts {
  compoundId: string;
  article278Item: number;
  passed: boolean;
}

export interface ApprovalFacts {
  compoundId: string;
  fund: Fund;
  amountFen: number;
  emergency: boolean;
  /** The limit the assembly authorised the committee to approve alone; 0 when none. */
  authorisedLimitFen: number;
  /** The matter the request cites, when it cites one and finance has heard of it. */
  matter: MatterFacts | null;
  citesMatter: boolean;
}

export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string };

export function approvalBasis(f: ApprovalFacts): Verdict<ApprovalBasis> {
  const matterCheck = (item: number | null): Verdict<ApprovalBasis> => {
    if (!f.citesMatter) return { ok: false, reason: item ? `needs a passed owners' assembly matter under art. 278 item ${item}; cite it as matterId` : 'needs a passed owners\' assembly matter; cite it as matterId' };
    if (!f.matter) return { ok: false, reason: 'cites a matter whose decision has not reached finance; wait for the vote result or check the id' };
    if (f.matter.compoundId !== f.compoundId) return { ok: false, reason: 'cites a matter of another compound' };
    if (!f.matter.passed) return { ok: false, reason: 'cites a matter the owners\' assembly rejected' };
    if (item !== null && f.matter.article278Item !== item) {
      return { ok: false, reason: `cites an art. 278 item ${f.matter.article278Item} matter; using the maintenance fund needs item ${item}` };
    }
    return { ok: true, value: 'ASSEMBLY_MATTER' };
  };
  if (f.fund === 'MAINTENANCE_FUND') {
    if (f.emergency) return { ok: true, value: 'EMERGENCY' };
    return matterCheck(ITEM_USE_MAINTENANCE_FUND);
  }
  // "Within the limit" includes the limit itself.
  if (f.amountFen <= f.authorisedLimitFen) return { ok: true, value: 'WITHIN_LIMIT' };
  const byMatter = matterCheck(null);
  return byMatter.ok
    ? byMatter
    : { ok: false, reason: `${f.amountFen} fen is above the ${f.authorisedLimitFen} fen the owners' assembly authorised the committee to approve, and ${byMatter.reason}` };
}

/** Raising the maintenance fund needs a passed item 6 matter of the same compound. */
export function raisingAllowed(compoundId: string, matter: MatterFacts | null): Verdict<true> {
  if (!matter) return { ok: false, reason: 'raising the maintenance fund needs a passed art. 278 item 6 matter, and finance has not heard of this one' };
  if (matter.compoundId !== compoundId) return { ok: false, reason: 'the matter belongs to another compound' };
  if (!matter.passed) return { ok: false, reason: 'the owners\' assembly rejected this matter' };
  if (matter.article278Item !== ITEM_RAISE_MAINTENANCE_FUND) {
    return { ok: false, reason: `raising the maintenance fund needs an art. 278 item 6 matter, this one is item ${matter.article278Item}` };
  }
  return { ok: true, value: true };
}

export type SpendingAction = 'APPROVE' | 'CO_SIGN' | 'PAY' | 'REJECT' | 'APPROVE_EMERGENCY';

const FROM: Record<SpendingAction, SpendingStatus[]> = {
  APPROVE: ['RAISED'],
  APPROVE_EMERGENCY: ['RAISED', 'APPROVED', 'CO_SIGNED'],
  CO_SIGN: ['APPROVED'],
  PAY: ['CO_SIGNED'],
  REJECT: ['RAISED', 'APPROVED', 'CO_SIGNED'],
};
const TO: Record<SpendingAction, SpendingStatus | null> = {
  APPROVE: 'APPROVED',
  APPROVE_EMERGENCY: null,
  CO_SIGN: 'CO_SIGNED',
  PAY: 'PAID',
  REJECT: 'REJECTED',
};

export interface RequestState {
  status: SpendingStatus;
  emergency: boolean;
  emergencyApproved: boolean;
}

/** The status after an action, or why the action is not allowed now. */
export function transition(state: RequestState, action: SpendingAction): Verdict<SpendingStatus> {
  if (!FROM[action].includes(state.status)) {
    const needs = FROM[action].join(' or ');
    return { ok: false, reason: `cannot ${action.toLowerCase().replace('_', '-')} a ${state.status} request; it must be ${needs}` };
  }
  if (action === 'APPROVE_EMERGENCY') {
    if (!state.emergency) return { ok: false, reason: 'only a request raised as an emergency takes the emergency approval' };
    if (state.emergencyApproved) return { ok: false, reason: 'the emergency use has already been approved' };
    return { ok: true, value: state.status };
  }
  if (action === 'PAY' && state.emergency && !state.emergencyApproved) {
    return { ok: false, reason: 'emergency use of the maintenance fund needs the street\'s emergency approval before payment' };
  }
  return { ok: true, value: TO[action] as SpendingStatus };
}
