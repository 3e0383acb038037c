import type { CriterionKind, ReviewingBody } from './election.entity';
import { REVIEWING_BODIES } from './election.entity';

export type Problem = { field: string; message: string } | null;

/** An owners' committee has an odd number of members, 3 to 11 (物业管理条例 practice in Zhejiang). */
export function checkSeats(seats: number): Problem {
  if (!Number.isInteger(seats) || seats < 3 || seats > 11 || seats % 2 === 0) {
    return { field: 'seats', message: `Seats must be an odd number from 3 to 11, got ${seats}` };
  }
  return null;
}

/** At least two distinct bodies review jointly (联审), each one known. */
export function checkReviewingBodies(bodies: string[]): Problem {
  const unknown = bodies.filter((b) => !(REVIEWING_BODIES as readonly string[]).includes(b));
  if (unknown.length) return { field: 'reviewingBodies', message: `Unknown reviewing bodies: ${unknown.join(', ')}` };
  if (new Set(bodies).size !== bodies.length) return { field: 'reviewingBodies', message: 'Each reviewing body once' };
  if (bodies.length < 2) return { field: 'reviewingBodies', message: 'A joint review needs at least two reviewing bodies' };
  return null;
}

/** A term of office (任期) ends after it starts and lasts five years at most. */
export function checkTerm(startsOn: string, endsOn: string): Problem {
  if (endsOn <= startsOn) return { field: 'termEndsOn', message: 'The term must end after it starts' };
  const limit = `${String(Number(startsOn.slice(0, 4)) + 5).padStart(4, '0')}${startsOn.slice(4)}`;
  if (endsOn > limit) return { field: 'termEndsOn', message: `A term lasts five years at most: end on ${limit} or earlier` };
  return null;
}

/** The codes a vetting names must be criteria of the list, of the right kind, each once. */
export function checkVetting(criteria: { code: string; kind: CriterionKind }[], prioritiesMet: string[], exclusionsHit: string[]): Problem {
  const kindOf = new Map(criteria.map((c) => [c.code, c.kind]));
  for (const [field, codes, kind] of [
    ['prioritiesMet', prioritiesMet, 'PRIORITY'],
    ['exclusionsHit', exclusionsHit, 'EXCLUSION'],
  ] as const) {
    if (new Set(codes).size !== codes.length) return { field, message: 'Each criterion once' };
    const wrong = codes.filter((c) => kindOf.get(c) !== kind);
    if (wrong.length) return { field, message: `Not ${kind === 'PRIORITY' ? 'priorities' : 'exclusions'} of the election's list: ${wrong.join(', ')}` };
  }
  return null;
}

export interface CandidateStanding {
  vetted: boolean;
  exclusionsHit: string[];
  /** The latest verdict per body. */
  reviews: { body: ReviewingBody; approve: boolean }[];
}

/** Vetted and hit by no exclusion: one exclusion is enough to rule a candidate out. */
export const isEligible = (c: CandidateStanding): boolean => c.vetted && c.exclusionsHit.length === 0;

/** Eligible, and every reviewing body of the election approved: one refusal or one missing verdict is enough to stop. */
export function isQualified(c: CandidateStanding, bodies: ReviewingBody[]): boolean {
  if (!isEligible(c)) return false;
  const verdict = new Map(c.reviews.map((r) => [r.body, r.approve]));
  return bodies.length > 0 && bodies.every((b) => verdict.get(b) === true);
}

/**
 * The ballot paper put to the owners' vote: at least as many qualified candidates as seats. More
 * candidates than seats make a contested election (差额选举): each owner marks up to one per seat.
 */
export function checkSlate(qualified: number, seats: number): Problem {
  if (qualified < seats) {
    return { field: 'candidates', message: `The ballot needs at least ${seats} qualified candidates, one per seat; there are ${qualified}` };
  }
  return null;
}
