import { coversDay, isIsoDate, periodsOverlap, type Period } from '../scope/period';
import type { ContractModel } from './service-contract.entity';

export type ContractState = 'UPCOMING' | 'IN_FORCE' | 'ENDED';

/** Where a contract stands on a day; follows from its period alone (ending early moves endsOn). */
export function contractStateOn(c: Period, day: string): ContractState {
  if (day < c.startsOn) return 'UPCOMING';
  return coversDay(c, day) ? 'IN_FORCE' : 'ENDED';
}

export type CleaningPayer = 'PROPERTY_FEE' | 'STREET' | 'OWNERS';

/**
 * Who pays for cleaning the common areas under each model: in the standardised service (大物业)
 * the owners' property fee covers it; in the volunteer model (托底) the street pays for it as a
 * floor, the firm's low fee does not; a self-managed compound's owners arrange it themselves.
 */
export function commonAreaCleaningPaidBy(model: ContractModel): CleaningPayer {
  switch (model) {
    case 'STANDARD':
      return 'PROPERTY_FEE';
    case 'VOLUNTEER_BASELINE':
      return 'STREET';
    case 'SELF_MANAGED':
      return 'OWNERS';
  }
}

/** Highest fee standard accepted: 100 yuan per m² per month, far above any residential fee, to catch unit slips. */
export const MAX_FEE_FEN_PER_M2_MONTH = 10_000;

export interface ContractTerms extends Period {
  firmId: string | null;
  model: ContractModel;
  feeFenPerM2Month: number;
}

/** What is wrong with a contract's terms, as messages a person can act on; empty when nothing is. */
export function contractTermsProblems(t: ContractTerms): string[] {
  const problems: string[] = [];
  if (t.model === 'SELF_MANAGED' && t.firmId !== null) problems.push('A SELF_MANAGED contract has no firm; leave firmId out');
  if (t.model !== 'SELF_MANAGED' && t.firmId === null) problems.push(`A ${t.model} contract needs the firmId of the serving firm`);
  if (!Number.isInteger(t.feeFenPerM2Month) || t.feeFenPerM2Month < 0) {
    problems.push(`feeFenPerM2Month must be a whole number of fen, zero or more; got ${t.feeFenPerM2Month}`);
  } else if (t.feeFenPerM2Month > MAX_FEE_FEN_PER_M2_MONTH) {
    problems.push(`feeFenPerM2Month ${t.feeFenPerM2Month} is above ${MAX_FEE_FEN_PER_M2_MONTH} fen (100 yuan) per m² per month; the unit is fen`);
  }
  if (!isIsoDate(t.startsOn)) problems.push(`startsOn must be a date written YYYY-MM-DD; got ${t.startsOn}`);
  if (t.endsOn !== null && !isIsoDate(t.endsOn)) problems.push(`endsOn must be a date written YYYY-MM-DD; got ${t.endsOn}`);
  if (problems.length === 0 && t.endsOn !== null && t.endsOn < t.startsOn) problems.push(`endsOn ${t.endsOn} is before startsOn ${t.startsOn}`);
  return problems;
}

/** The first existing contract whose period shares a day with the new one: at most one contract per compound on any day. */
export function firstOverlap<T extends Period>(existing: readonly T[], candidate: Period): T | null {
  return existing.find((c) => periodsOverlap(c, candidate)) ?? null;
}

/** Ending early: the new last day must lie within the contract's current period. */
export function earlyEndProblem(c: Period, endsOn: string): string | null {
  if (!isIsoDate(endsOn)) return `endsOn must be a date written YYYY-MM-DD; got ${endsOn}`;
  if (endsOn < c.startsOn) return `endsOn ${endsOn} is before the contract's first day ${c.startsOn}`;
  if (c.endsOn !== null && endsOn > c.endsOn) return `endsOn ${endsOn} is after the contract's last day ${c.endsOn}; ending early cannot extend it`;
  return null;
}
