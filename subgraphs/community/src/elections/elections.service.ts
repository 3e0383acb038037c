import { In, type EntityManager } from 'typeorm';
import { badInput, forbidden, loadOneBy, notFound, requireRole, Role, transaction, uuidv7, type PageArgs, type RequestContext } from '@hub/platform';
import {
  CandidateEntity,
  CandidateReviewEntity,
  CriteriaListEntity,
  ElectionCriterionEntity,
  ElectionEntity,
  type CriterionKind,
  type ReviewingBody,
} from './election.entity';
import { checkReviewingBodies, checkSeats, checkSlate, checkTerm, checkVetting, isEligible, isQualified, type Problem } from './election-rules';
import { CompoundEntity } from '../compounds/compound.entity';
import { compoundById } from '../compounds/compounds.service';
import { conflict, invalidTransition, regionPathOfCompound, seesCompound, seesRegion } from '../compounds/compound-scope';
import { childPage, loadManyBy } from '../compounds/batch';
import { UnitEntity } from '../units/unit.entity';
import { PersonEntity } from '../people/person.entity';
import { maskName } from '../people/masking';
import { isIsoDate } from '../people/dates';
import { OrganisationCompoundEntity, OrganisationEntity } from '../organisations/organisation.entity';
import { compoundIdsServedBy, recountCoverage } from '../organisations/compound-coverage';
import { PostEntity } from '../posts/post.entity';
import { announcePostsOfOrganisations } from '../posts/post-events';
import { matterOutcome, openElectionMatter } from '../matters/matters.service';

const fail = (p: Problem) => {
  if (p) throw badInput(p.message, { field: p.field });
};
const list = (csv: string): string[] => (csv ? csv.split(',') : []);
/** Those who run elections: admins, and officials and Party organisations of the compound's region. */
const ORGANISERS: Role[] = [Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION];

export const electionById = (ctx: RequestContext, id: string) => loadOneBy(ctx, ElectionEntity, 'id', id);
export const criteriaListById = (ctx: RequestContext, id: string) => loadOneBy(ctx, CriteriaListEntity, 'id', id);
export const criteriaOf = (ctx: RequestContext, listId: string) => loadManyBy(ctx, ElectionCriterionEntity, 'listId', listId, { code: 'ASC' });
export const candidatesOf = (ctx: RequestContext, e: ElectionEntity) => loadManyBy(ctx, CandidateEntity, 'electionId', e.id);
export const reviewsOf = (ctx: RequestContext, c: CandidateEntity) => loadManyBy(ctx, CandidateReviewEntity, 'candidateId', c.id, { body: 'ASC' });
export const bodiesOf = (e: ElectionEntity) => list(e.reviewingBodies) as ReviewingBody[];
export const codesOf = list;

export async function listCriteriaLists(ctx: RequestContext) {
  requireRole(ctx.claims, ...ORGANISERS, Role.OWNERS_COMMITTEE);
  return ctx.ds.getRepository(CriteriaListEntity).find({ order: { id: 'ASC' } });
}

export async function createCriteriaList(ctx: RequestContext, name: string, criteria: { code: string; kind: CriterionKind; text: string }[]) {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL);
  const n = name.trim();
  if (!n || n.length > 100) throw badInput('Name must be 1 to 100 characters', { field: 'name' });
  if (criteria.length === 0) throw badInput('A list needs at least one criterion', { field: 'criteria' });
  criteria.forEach((c, i) => {
    if (!/^[A-Za-z0-9_-]{1,10}$/.test(c.code)) throw badInput(`criteria[${i}].code must be 1 to 10 letters, digits, _ or -`, { field: `criteria.${i}.code` });
    if (!c.text.trim() || c.text.length > 200) throw badInput(`criteria[${i}].text must be 1 to 200 characters`, { field: `criteria.${i}.text` });
  });
  if (new Set(criteria.map((c) => c.code)).size !== criteria.length) throw badInput('Criterion codes must be unique in the list', { field: 'criteria' });
  return transaction(ctx.ds, async (m) => {
    const row = m.create(CriteriaListEntity, { id: uuidv7(), name: n });
    await m.insert(CriteriaListEntity, row);
    await m.insert(ElectionCriterionEntity, criteria.map((c) => ({ id: uuidv7(), listId: row.id, code: c.code, kind: c.kind, text: c.text.trim() })));
    return row;
  });
}

/** An election whose compound the caller sees; others get null. */
export async function visibleElection(ctx: RequestContext, id: string): Promise<ElectionEntity | null> {
  const e = await electionById(ctx, id);
  if (!e) return null;
  const c = await compoundById(ctx, e.compoundId);
  return c && seesCompound(ctx, c) ? e : null;
}

async function organisedCompound(ctx: RequestContext, compoundId: string, roles = ORGANISERS): Promise<CompoundEntity> {
  requireRole(ctx.claims, ...roles);
  const c = await compoundById(ctx, compoundId);
  if (!c) throw notFound('Compound', compoundId);
  const ok = ctx.claims.role === Role.OWNERS_COMMITTEE ? seesCompound(ctx, c) : seesRegion(ctx, regionPathOfCompound(c));
  if (!ok) throw forbidden(`Compound ${compoundId} is outside your scope`);
  return c;
}

/** The election under a row lock (none on SQLite, which serialises writes itself). */
async function lockElection(m: EntityManager, id: string): Promise<ElectionEntity> {
  const lock = m.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' as const } };
  const e = await m.findOne(ElectionEntity, { where: { id }, ...lock });
  if (!e) throw notFound('Election', id);
  return e;
}

/** Runs a step on an election the caller may organise, in one transaction under its lock. */
async function onElection<T>(ctx: RequestContext, id: string, roles: Role[], fn: (m: EntityManager, e: ElectionEntity, c: CompoundEntity) => Promise<T>): Promise<T> {
  requireRole(ctx.claims, ...roles);
  const seen = await electionById(ctx, id);
  if (!seen) throw notFound('Election', id);
  const compound = await organisedCompound(ctx, seen.compoundId, roles);
  return transaction(ctx.ds, async (m) => fn(m, await lockElection(m, id), compound));
}

const needStatus = (e: ElectionEntity, status: ElectionEntity['status'], what: string) => {
  if (e.status !== status) throw invalidTransition(`Cannot ${what}: the election is ${e.status}, this step needs ${status}`);
};

export interface OpenElectionInput {
  compoundId: string;
  seats: number;
  criteriaListId: string;
  reviewingBodies: ReviewingBody[];
  termStartsOn: string;
  termEndsOn: string;
}

export async function openElection(ctx: RequestContext, input: OpenElectionInput): Promise<ElectionEntity> {
  const compound = await organisedCompound(ctx, input.compoundId);
  fail(checkSeats(input.seats));
  fail(checkReviewingBodies(input.reviewingBodies));
  for (const f of ['termStartsOn', 'termEndsOn'] as const) if (!isIsoDate(input[f])) throw badInput(`${f} must be an ISO date such as 2026-12-01`, { field: f });
  fail(checkTerm(input.termStartsOn, input.termEndsOn));
  if (!(await criteriaListById(ctx, input.criteriaListId))) throw notFound('Criteria list', input.criteriaListId);
  return transaction(ctx.ds, async (m) => {
    const open = await m.findOne(ElectionEntity, { where: { compoundId: compound.id, status: In(['NOMINATING', 'VOTING']) } });
    if (open) throw conflict(`Compound ${compound.id} already has an election under way (${open.id}); conclude it first`);
    const e = m.create(ElectionEntity, {
      id: uuidv7(),
      compoundId: compound.id,
      seats: input.seats,
      status: 'NOMINATING',
      criteriaListId: input.criteriaListId,
      reviewingBodies: input.reviewingBodies.join(','),
      termStartsOn: input.termStartsOn,
      termEndsOn: input.termEndsOn,
      matterId: null,
      committeeId: null,
      decidedAt: null,
    });
    await m.insert(ElectionEntity, e);
    return e;
  });
}

/** Candidates are owners of a unit in the compound, put forward by the organisers or the sitting owners' committee. */
export async function nominateCandidate(ctx: RequestContext, electionId: string, personId: string, unitId: string): Promise<CandidateEntity> {
  return onElection(ctx, electionId, [...ORGANISERS, Role.OWNERS_COMMITTEE], async (m, e) => {
    needStatus(e, 'NOMINATING', 'nominate a candidate');
    const person = await m.findOneBy(PersonEntity, { id: personId });
    if (!person) throw notFound('Person', personId);
    if (person.kind !== 'INDIVIDUAL') throw badInput("Only natural persons stand for the owners' committee", { field: 'personId' });
    const unit = await m.findOneBy(UnitEntity, { id: unitId });
    if (!unit || unit.compoundId !== e.compoundId) throw badInput(`Unit ${unitId} is not a unit of the election's compound`, { field: 'unitId' });
    if (unit.ownerId !== personId) throw badInput(`The register does not show person ${personId} as owner of unit ${unitId}`, { field: 'unitId' });
    if (await m.existsBy(CandidateEntity, { electionId, personId })) throw conflict(`Person ${personId} is already a candidate in this election`);
    const c = m.create(CandidateEntity, { id: uuidv7(), electionId, personId, unitId, vetted: false, prioritiesMet: '', exclusionsHit: '', onBallot: false });
    await m.insert(CandidateEntity, c);
    return c;
  });
}

async function candidateAndElection(ctx: RequestContext, candidateId: string): Promise<CandidateEntity> {
  const c = await loadOneBy(ctx, CandidateEntity, 'id', candidateId);
  if (!c) throw notFound('Candidate', candidateId);
  return c;
}

export async function vetCandidate(ctx: RequestContext, candidateId: string, prioritiesMet: string[], exclusionsHit: string[]): Promise<CandidateEntity> {
  const seen = await candidateAndElection(ctx, candidateId);
  return onElection(ctx, seen.electionId, ORGANISERS, async (m, e) => {
    needStatus(e, 'NOMINATING', 'vet a candidate');
    const criteria = await m.findBy(ElectionCriterionEntity, { listId: e.criteriaListId });
    fail(checkVetting(criteria, prioritiesMet, exclusionsHit));
    const c = await m.findOneByOrFail(CandidateEntity, { id: candidateId });
    Object.assign(c, { vetted: true, prioritiesMet: [...prioritiesMet].sort().join(','), exclusionsHit: [...exclusionsHit].sort().join(',') });
    await m.update(CandidateEntity, { id: c.id }, { vetted: c.vetted, prioritiesMet: c.prioritiesMet, exclusionsHit: c.exclusionsHit });
    return c;
  });
}

/** Which caller speaks for which reviewing body: the Party organisation for itself, officials for the public bodies. */
const REVIEWER_ROLES: Record<ReviewingBody, Role[]> = {
  PARTY_ORGANISATION: [Role.PARTY_ORGANISATION, Role.ADMIN],
  RESIDENTS_COMMITTEE: [Role.OFFICIAL, Role.ADMIN],
  STREET_OFFICE: [Role.OFFICIAL, Role.ADMIN],
  POLICE_STATION: [Role.OFFICIAL, Role.ADMIN],
  HOUSING_AUTHORITY: [Role.OFFICIAL, Role.ADMIN],
};

export async function reviewCandidate(ctx: RequestContext, candidateId: string, body: ReviewingBody, approve: boolean, note?: string | null): Promise<CandidateEntity> {
  const seen = await candidateAndElection(ctx, candidateId);
  return onElection(ctx, seen.electionId, REVIEWER_ROLES[body] ?? [Role.ADMIN], async (m, e) => {
    needStatus(e, 'NOMINATING', 'review a candidate');
    if (!bodiesOf(e).includes(body)) throw badInput(`${body} is not a reviewing body of this election (${bodiesOf(e).join(', ')})`, { field: 'body' });
    const c = await m.findOneByOrFail(CandidateEntity, { id: candidateId });
    if (!c.vetted) throw invalidTransition('Vet the candidate against the criteria list before the joint review');
    if (!isEligible({ vetted: c.vetted, exclusionsHit: list(c.exclusionsHit), reviews: [] })) {
      throw invalidTransition(`The candidate is ruled out by ${c.exclusionsHit}; there is nothing to review`);
    }
    const text = note?.trim() || null;
    if (!approve && !text) throw badInput('A refusal needs a note saying why', { field: 'note' });
    if (text && text.length > 500) throw badInput('The note is 500 characters at most', { field: 'note' });
    const by = (ctx.claims.sub ?? ctx.claims.role).slice(0, 100);
    const earlier = await m.findOneBy(CandidateReviewEntity, { candidateId, body });
    if (earlier) await m.update(CandidateReviewEntity, { id: earlier.id }, { approve, note: text, reviewedBy: by });
    else await m.insert(CandidateReviewEntity, { id: uuidv7(), candidateId, body, approve, note: text, reviewedBy: by });
    return c;
  });
}

async function standingIn(m: EntityManager, e: ElectionEntity) {
  const candidates = await m.find(CandidateEntity, { where: { electionId: e.id }, order: { id: 'ASC' } });
  const reviews = candidates.length ? await m.findBy(CandidateReviewEntity, { candidateId: In(candidates.map((c) => c.id)) }) : [];
  return candidates.map((c) => ({
    candidate: c,
    qualified: isQualified({ vetted: c.vetted, exclusionsHit: list(c.exclusionsHit), reviews: reviews.filter((r) => r.candidateId === c.id) }, bodiesOf(e)),
  }));
}

export async function startElectionVote(ctx: RequestContext, electionId: string): Promise<ElectionEntity> {
  return onElection(ctx, electionId, ORGANISERS, async (m, e, compound) => {
    needStatus(e, 'NOMINATING', 'start the vote');
    const slate = (await standingIn(m, e)).filter((s) => s.qualified).map((s) => s.candidate);
    fail(checkSlate(slate.length, e.seats));
    await m.update(CandidateEntity, { id: In(slate.map((c) => c.id)) }, { onBallot: true });
    const people = await m.findBy(PersonEntity, { id: In(slate.map((c) => c.personId)) });
    const units = await m.findBy(UnitEntity, { id: In(slate.map((c) => c.unitId)) });
    const names = slate.map((c) => `${maskName(people.find((p) => p.id === c.personId)?.name ?? '?')}（${units.find((u) => u.id === c.unitId)?.number ?? '?'}）`);
    const matter = await openElectionMatter(m, ctx.claims, {
      compoundId: compound.id,
      title: `选举业主委员会 Election of the owners' committee of ${compound.name}`,
      description: `${slate.length} candidates for ${e.seats} seats, vetted and approved by ${bodiesOf(e).join(', ')}: ${names.join('、')}. Each owner marks up to ${e.seats}. Term ${e.termStartsOn} to ${e.termEndsOn}.`,
      requestKey: `election:${e.id}`,
    });
    e.status = 'VOTING';
    e.matterId = matter.id;
    await m.update(ElectionEntity, { id: e.id }, { status: e.status, matterId: e.matterId });
    return e;
  });
}

/**
 * Reads the owners' vote. Every seat filled: the elected candidates become the owners' committee
 * (a new organisation with a post for each member), replacing a sitting committee, whose posts end
 * as the new term starts; every post so written is announced as PostChanged. No quorum, too few
 * candidates with a majority or a run-off needed: FAILED.
 */
export async function concludeElection(ctx: RequestContext, electionId: string): Promise<ElectionEntity> {
  return onElection(ctx, electionId, ORGANISERS, async (m, e, compound) => {
    needStatus(e, 'VOTING', 'conclude the election');
    const outcome = await matterOutcome(m, e.matterId!);
    if (!outcome.decided) throw invalidTransition(`The owners' vote (matter ${e.matterId}) is ${outcome.state}; conclude once it is decided`);
    const now = new Date();
    const elected = new Set((outcome.tally?.election?.candidates ?? []).filter((c) => c.elected).map((c) => c.candidateId));
    if (!outcome.passed || elected.size !== e.seats) {
      Object.assign(e, { status: 'FAILED', decidedAt: now });
      await m.update(ElectionEntity, { id: e.id }, { status: e.status, decidedAt: now });
      return e;
    }
    const sitting = await m
      .createQueryBuilder(OrganisationEntity, 'o')
      .innerJoin(OrganisationCompoundEntity, 'oc', 'oc.organisationId = o.id')
      .where('oc.compoundId = :c AND o.kind = :k AND o.status <> :ended', { c: compound.id, k: 'OWNERS_COMMITTEE', ended: 'ENDED' })
      .getMany();
    for (const o of sitting) {
      await m.update(OrganisationEntity, { id: o.id }, { status: 'ENDED' });
      await m
        .createQueryBuilder()
        .update(PostEntity)
        .set({ endsOn: e.termStartsOn })
        .where('organisationId = :o AND endsOn IS NULL', { o: o.id })
        .execute();
    }
    const committee = m.create(OrganisationEntity, {
      id: uuidv7(),
      kind: 'OWNERS_COMMITTEE',
      name: `${compound.name}业主委员会`,
      partyLevel: null,
      status: 'ACTIVE',
      communityCode: compound.communityCode,
      streetCode: compound.streetCode,
      districtCode: compound.districtCode,
      buildingId: null,
      parentId: null,
      termStartsOn: e.termStartsOn,
      termEndsOn: e.termEndsOn,
      reelectionFlaggedAt: null,
      reelectionYears: '',
    });
    await m.insert(OrganisationEntity, committee);
    await m.insert(OrganisationCompoundEntity, { organisationId: committee.id, compoundId: compound.id });
    await recountCoverage(m, [compound.id, ...(await compoundIdsServedBy(m, sitting.map((o) => o.id)))]);
    const members = await m.find(CandidateEntity, { where: { id: In([...elected]) }, order: { id: 'ASC' } });
    await m.insert(
      PostEntity,
      members.map((c) => ({ id: uuidv7(), personId: c.personId, organisationId: committee.id, role: '委员', memberType: 'OWNER' as const, startsOn: e.termStartsOn, endsOn: null })),
    );
    await m.update(CompoundEntity, { id: compound.id }, { noOwnersCommittee: false });
    // The new committee's posts and the sitting committee's ended ones, as PostChanged (finance checks audit sign-offs against them).
    await announcePostsOfOrganisations(m, [committee.id, ...sitting.map((o) => o.id)]);
    Object.assign(e, { status: 'ELECTED', decidedAt: now, committeeId: committee.id });
    await m.update(ElectionEntity, { id: e.id }, { status: e.status, decidedAt: now, committeeId: committee.id });
    return e;
  });
}

/** A candidate's standing as the API shows it. */
export async function candidateStanding(ctx: RequestContext, c: CandidateEntity) {
  const [reviews, e] = await Promise.all([reviewsOf(ctx, c), electionById(ctx, c.electionId)]);
  const standing = { vetted: c.vetted, exclusionsHit: list(c.exclusionsHit), reviews };
  return { eligible: isEligible(standing), qualified: e ? isQualified(standing, bodiesOf(e)) : false, reviews };
}

export async function electionsOfCompound(ctx: RequestContext, compoundId: string, args: PageArgs) {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.OWNERS_COMMITTEE, Role.RESIDENT);
  const c = await compoundById(ctx, compoundId);
  if (!c) throw notFound('Compound', compoundId);
  if (!seesCompound(ctx, c)) throw forbidden(`You may not see the elections of compound ${compoundId}`);
  return childPage(ctx, ElectionEntity, 'compoundId', compoundId, args);
}
