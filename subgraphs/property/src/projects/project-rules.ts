import { isIsoDate } from '../scope/period';

export interface IncidentCounts {
  accidents: number;
  disturbances: number;
  complaints: number;
}

/** "Zero accidents, zero disturbance, zero complaints" (三零): true only when nothing was recorded. */
export const threeZeros = (c: IncidentCounts): boolean => c.accidents === 0 && c.disturbances === 0 && c.complaints === 0;

/** Progress may only move forward and never past the plan. */
export function progressProblem(current: number, planned: number, unitsDone: number): string | null {
  if (!Number.isInteger(unitsDone) || unitsDone < 0) return `unitsDone must be a whole number, zero or more; got ${unitsDone}`;
  if (unitsDone > planned) return `unitsDone ${unitsDone} is more than the ${planned} units planned`;
  if (unitsDone < current) return `unitsDone ${unitsDone} is below the ${current} already recorded; progress does not go back`;
  return null;
}

export interface ProjectTerms {
  name: string;
  unitsPlanned: number;
  budgetFen?: number | null;
  startsOn: string;
  endsOn?: string | null;
  milestones: { name: string; dueOn: string }[];
}

export function projectProblems(t: ProjectTerms): string[] {
  const problems: string[] = [];
  if (!t.name.trim() || t.name.length > 120) problems.push('name must be 1 to 120 characters');
  if (!Number.isInteger(t.unitsPlanned) || t.unitsPlanned < 1 || t.unitsPlanned > 100_000) problems.push(`unitsPlanned must be a whole number from 1 to 100000; got ${t.unitsPlanned}`);
  if (t.budgetFen != null && (!Number.isSafeInteger(t.budgetFen) || t.budgetFen < 0)) problems.push(`budgetFen must be whole fen, zero or more; got ${t.budgetFen}`);
  if (!isIsoDate(t.startsOn)) problems.push(`startsOn must be a date written YYYY-MM-DD; got ${t.startsOn}`);
  if (t.endsOn != null && !isIsoDate(t.endsOn)) problems.push(`endsOn must be a date written YYYY-MM-DD; got ${t.endsOn}`);
  if (t.endsOn != null && isIsoDate(t.endsOn) && t.endsOn < t.startsOn) problems.push(`endsOn ${t.endsOn} is before startsOn ${t.startsOn}`);
  t.milestones.forEach((m, i) => {
    if (!m.name.trim() || m.name.length > 120) problems.push(`milestones[${i}].name must be 1 to 120 characters`);
    if (!isIsoDate(m.dueOn)) problems.push(`milestones[${i}].dueOn must be a date written YYYY-MM-DD`);
  });
  return problems;
}
