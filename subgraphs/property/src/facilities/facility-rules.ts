import type { ParkingSpaceKind } from './parking-area.entity';

/** Oldest installation year accepted: the first elevators in Ningbo homes are far later. */
export const EARLIEST_ELEVATOR_YEAR = 1950;
/** Largest activity room accepted, in 0.01 m²: 10 000 m². */
export const MAX_ROOM_CENTI_M2 = 1_000_000;
/** Most spaces one area may be recorded with in one call. */
export const MAX_SPACES_PER_AREA = 5_000;

const text = (value: string, field: string, max: number, problems: string[]) => {
  const t = value.trim();
  if (!t || t.length > max) problems.push(`${field} must be 1 to ${max} characters`);
};

/** Space numbers painted on the ground: letters, digits, '-' and '/'. */
const SPACE_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/-]{0,19}$/;
const GATE_CODE = /^[A-Za-z0-9_-]{1,40}$/;

export const facilityProblems = {
  parkingArea(input: { name: string; entrances: { name: string; gateCode?: string | null }[]; spaces: { number: string; kind: ParkingSpaceKind }[] }): string[] {
    const problems: string[] = [];
    text(input.name, 'name', 100, problems);
    if (input.entrances.length === 0) problems.push('a parking area needs at least one entrance');
    input.entrances.forEach((e, i) => {
      text(e.name, `entrances[${i}].name`, 100, problems);
      if (e.gateCode && !GATE_CODE.test(e.gateCode.trim())) problems.push(`entrances[${i}].gateCode may use letters, digits, '_' and '-' (at most 40)`);
    });
    const codes = input.entrances.map((e) => e.gateCode?.trim()).filter(Boolean);
    if (new Set(codes).size !== codes.length) problems.push('two entrances have the same gateCode');
    if (input.spaces.length > MAX_SPACES_PER_AREA) problems.push(`at most ${MAX_SPACES_PER_AREA} spaces per area`);
    const numbers = new Set<string>();
    for (const s of input.spaces) {
      const n = s.number.trim();
      if (!SPACE_NUMBER.test(n)) problems.push(`space number "${s.number}" may use letters, digits, '-' and '/' (at most 20)`);
      else if (numbers.has(n)) problems.push(`space number ${n} appears twice`);
      numbers.add(n);
    }
    return problems;
  },

  elevator(input: { building: string; installedYear: number }, thisYear: number): string[] {
    const problems: string[] = [];
    text(input.building, 'building', 60, problems);
    if (!Number.isInteger(input.installedYear) || input.installedYear < EARLIEST_ELEVATOR_YEAR || input.installedYear > thisYear) {
      problems.push(`installedYear must be a year from ${EARLIEST_ELEVATOR_YEAR} to ${thisYear}; got ${input.installedYear}`);
    }
    return problems;
  },

  fireLane(input: { name: string; lengthM: number }): string[] {
    const problems: string[] = [];
    text(input.name, 'name', 100, problems);
    if (!Number.isInteger(input.lengthM) || input.lengthM < 1 || input.lengthM > 10_000) problems.push(`lengthM must be whole metres from 1 to 10000; got ${input.lengthM}`);
    return problems;
  },

  activityRoom(input: { name: string; areaCentiM2: number; usedBy?: string | null }): string[] {
    const problems: string[] = [];
    text(input.name, 'name', 100, problems);
    if (input.usedBy != null) text(input.usedBy, 'usedBy', 100, problems);
    if (!Number.isInteger(input.areaCentiM2) || input.areaCentiM2 < 1 || input.areaCentiM2 > MAX_ROOM_CENTI_M2) {
      problems.push(`areaCentiM2 must be whole hundredths of a m² from 1 to ${MAX_ROOM_CENTI_M2}; got ${input.areaCentiM2} (160 m² is 16000)`);
    }
    return problems;
  },
};

export function spaceCounts(spaces: readonly { kind: ParkingSpaceKind }[]) {
  const counts = { owner: 0, visitor: 0, shop: 0, total: spaces.length };
  for (const s of spaces) {
    if (s.kind === 'OWNER') counts.owner++;
    else if (s.kind === 'VISITOR') counts.visitor++;
    else counts.shop++;
  }
  return counts;
}
