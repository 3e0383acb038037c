import { LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import {
  badInput,
  notFound,
  pageWindow,
  recordEvent,
  requireRole,
  Role,
  toConnection,
  transaction,
  type Claims,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { CompoundEntity } from '../compounds/compound.entity';
import { compoundById } from '../compounds/compounds.service';
import { assertSeesCompound, seesCompound } from '../compounds/compound-scope';
import { loadManyBy } from '../compounds/batch';
import {
  afterCloseVote,
  afterOpenConsultation,
  afterOpenVote,
  afterPreReview,
  assertCanRecordConsultation,
  type MatterSnapshot,
  type MatterState,
  type PreReviewer,
} from './matter-flow';
import {
  MatterConsultationEntity,
  MatterEntity,
  MatterPreReviewEntity,
  MatterPublicationEntity,
  MatterTransitionEntity,
  type MatterKind,
  type PublicationStage,
} from './matter.entity';
import { ConventionEntity } from '../conventions/convention.entity';
import { insertRow, onceByKey } from './persistence';
import { validateConvention, type ConventionDraft } from '../conventions/convention-rules';
import { ruleFor } from '../votes/tally';
import { tallyInTransaction } from '../votes/votes.service';
import type { StoredTally } from '../votes/tally-view';

/** Who may steer a matter through its steps: the self-governance body, the residents' committee (officials), the Party organisation. */
const STEWARDS = [Role.OWNERS_COMMITTEE, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.ADMIN];
/** Which role gives which pre-review (两先). */
const REVIEWER_ROLE: Record<PreReviewer, Role> = { OWNERS_COMMITTEE: Role.OWNERS_COMMITTEE, PARTY_ORGANISATION: Role.PARTY_ORGANISATION };

const actorOf = (claims: Claims) => ({ actor: claims.sub ?? claims.role, actorRole: claims.role });

/** Residents see a matter once its topic is published; everyone else who sees the compound, from the start. */
export function residentMaySee(claims: Claims, matter: MatterEntity): boolean {
  return claims.role !== Role.RESIDENT || matter.topicPublishedAt !== null;
}

const matterByIdLoader = (ctx: RequestContext, id: string) =>
  ctx.loaders
    .get<string, MatterEntity | null>('Matter.id', async (ids) => {
      const rows = await ctx.ds.getRepository(MatterEntity).createQueryBuilder('m').where('m.id IN (:...ids)', { ids }).getMany();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((i) => byId.get(i) ?? null);
    })
    .load(id);

async function visibleCompound(ctx: RequestContext, compoundId: string): Promise<CompoundEntity> {
  const compound = await compoundById(ctx, compoundId);
  if (!compound) throw notFound('Compound', compoundId);
  assertSeesCompound(ctx, compound);
  return compound;
}

/** A matter the caller may see, or NOT_FOUND / FORBIDDEN. */
export async function matterById(ctx: RequestContext, id: string): Promise<MatterEntity> {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.OWNERS_COMMITTEE, Role.RESIDENT);
  const matter = await matterByIdLoader(ctx, id);
  if (!matter) throw notFound('Matter', id);
  await visibleCompound(ctx, matter.compoundId);
  if (!residentMaySee(ctx.claims, matter)) throw notFound('Matter', id);
  return matter;
}

/** For federation references and agenda items: null instead of an error when not visible. */
export async function matterIfVisible(ctx: RequestContext, id: string): Promise<MatterEntity | null> {
  const matter = await matterByIdLoader(ctx, id);
  if (!matter) return null;
  const compound = await compoundById(ctx, matter.compoundId);
  if (!compound || !seesCompound(ctx, compound) || !residentMaySee(ctx.claims, matter)) return null;
  return matter;
}

export async function listMatters(ctx: RequestContext, args: PageArgs & { compoundId: string; state?: MatterState | null }) {
  requireRole(ctx.claims, Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.OWNERS_COMMITTEE, Role.RESIDENT);
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  await visibleCompound(ctx, args.compoundId);
  const qb = ctx.ds.getRepository(MatterEntity).createQueryBuilder('m').where('m.compoundId = :c', { c: args.compoundId }).orderBy('m.id', 'ASC').take(limit + 1);
  if (afterId) qb.andWhere('m.id > :afterId', { afterId });
  if (args.state) qb.andWhere('m.state = :state', { state: args.state });
  if (ctx.claims.role === Role.RESIDENT) qb.andWhere('m.topicPublishedAt IS NOT NULL');
  return toConnection(await qb.getMany(), limit, afterId !== null);
}

/* ---- per-matter lists, batched per request ---- */
export const preReviewsOf = (ctx: RequestContext, m: MatterEntity) => loadManyBy(ctx, MatterPreReviewEntity, 'matterId', m.id);
export const consultationsOf = (ctx: RequestContext, m: MatterEntity) => loadManyBy(ctx, MatterConsultationEntity, 'matterId', m.id);
export const transitionsOf = (ctx: RequestContext, m: MatterEntity) => loadManyBy(ctx, MatterTransitionEntity, 'matterId', m.id);
export const publicationsOf = (ctx: RequestContext, m: MatterEntity) => loadManyBy(ctx, MatterPublicationEntity, 'matterId', m.id);

/* ---- steps ---- */

export interface ProposeMatterInput {
  compoundId: string;
  title: string;
  description: string;
  article278Item: number;
  convention?: ConventionDraft | null;
  requestKey?: string | null;
}

function validateProposal(input: ProposeMatterInput) {
  const title = input.title.trim();
  if (!title || title.length > 200) throw badInput('title must be 1 to 200 characters', { argument: 'input.title' });
  const description = input.description.trim();
  if (!description) throw badInput('description must say what the owners are asked to decide', { argument: 'input.description' });
  try {
    ruleFor(input.article278Item);
  } catch {
    throw badInput(`article278Item must be an item of Civil Code art. 278, 1 to 9; got ${input.article278Item}`, { argument: 'input.article278Item' });
  }
  if (input.requestKey != null && !/^[A-Za-z0-9._:-]{1,64}$/.test(input.requestKey)) {
    throw badInput('requestKey must be 1 to 64 letters, digits or . _ : -', { argument: 'input.requestKey' });
  }
  const convention = input.convention ? validateConvention(input.convention) : null;
  return { title, description, convention };
}

/**
 * Creates a matter in PROPOSED inside the caller's transaction: used by proposeMatter and by the
 * owners'-committee election, whose vote is a matter of its own. Returns the existing matter when
 * the request key was used before.
 */
export async function createMatter(
  manager: EntityManager,
  claims: Claims,
  input: ProposeMatterInput & { kind?: MatterKind },
): Promise<MatterEntity> {
  const { title, description, convention } = validateProposal(input);
  if (input.requestKey) {
    const earlier = await manager.findOne(MatterEntity, { where: { compoundId: input.compoundId, requestKey: input.requestKey } });
    if (earlier) return earlier;
  }
  const kind: MatterKind = convention ? 'CONVENTION' : input.kind ?? 'GENERAL';
  const { actor, actorRole } = actorOf(claims);
  const matter = manager.create(MatterEntity, {
    compoundId: input.compoundId,
    title,
    description,
    article278Item: input.article278Item,
    kind,
    state: 'PROPOSED',
    requestKey: input.requestKey ?? null,
    proposedBy: actor,
    proposedByRole: actorRole,
    topicPublishedAt: null,
    votingOpenedAt: null,
    votingClosesAt: null,
    decidedAt: null,
    passed: null,
    finalTally: null,
  });
  await manager.save(matter);
  // The proposal's why is what the owners are asked to decide.
  await step(manager, claims, matter, 'PROPOSE', null, 'PROPOSED', `Civil Code art. 278 item ${input.article278Item}: ${description}`);
  if (convention) {
    await insertRow(manager, ConventionEntity, { compoundId: input.compoundId, matterId: matter.id, ...convention, status: 'DRAFT', adoptedAt: null });
  }
  return matter;
}

export async function proposeMatter(ctx: RequestContext, input: ProposeMatterInput): Promise<MatterEntity> {
  requireRole(ctx.claims, ...STEWARDS);
  await visibleCompound(ctx, input.compoundId);
  return onceByKey(
    input.requestKey,
    () => transaction(ctx.ds, (manager) => createMatter(manager, ctx.claims, input)),
    () => ctx.ds.getRepository(MatterEntity).findOne({ where: { compoundId: input.compoundId, requestKey: input.requestKey! } }),
  );
}

/**
 * Runs one step on a matter under a row lock, so that two steps on one matter never interleave
 * (and a ballot never lands in a vote being closed).
 */
async function onMatter<T>(ctx: RequestContext, id: string, roles: Role[], fn: (manager: EntityManager, matter: MatterEntity, snapshot: MatterSnapshot) => Promise<T>): Promise<T> {
  requireRole(ctx.claims, ...roles);
  const unlocked = await matterByIdLoader(ctx, id);
  if (!unlocked) throw notFound('Matter', id);
  await visibleCompound(ctx, unlocked.compoundId);
  return transaction(ctx.ds, async (manager) => {
    const matter = await lockMatter(manager, id, 'pessimistic_write');
    return fn(manager, matter, await snapshotOf(manager, matter));
  });
}

export async function lockMatter(manager: EntityManager, id: string, mode: 'pessimistic_write' | 'pessimistic_read'): Promise<MatterEntity> {
  // SQLite (the single-connection demo) serialises transactions itself and has no row locks.
  const lock = manager.connection.options.type === 'better-sqlite3' ? undefined : { mode };
  const matter = await manager.findOne(MatterEntity, { where: { id }, ...(lock ? { lock } : {}) });
  if (!matter) throw notFound('Matter', id);
  return matter;
}

export async function snapshotOf(manager: EntityManager, matter: MatterEntity): Promise<MatterSnapshot> {
  const reviews = await manager.find(MatterPreReviewEntity, { where: { matterId: matter.id } });
  const consultations = await manager.count(MatterConsultationEntity, { where: { matterId: matter.id } });
  return {
    state: matter.state,
    reviews: Object.fromEntries(reviews.map((r) => [r.reviewer, r.approved])),
    consultations,
    votingClosesAt: matter.votingClosesAt,
  };
}

async function step(
  manager: EntityManager,
  claims: Claims,
  matter: MatterEntity,
  action: string,
  from: MatterState | null,
  to: MatterState,
  note: string | null,
): Promise<void> {
  await insertRow(manager, MatterTransitionEntity, { matterId: matter.id, action, fromState: from, toState: to, ...actorOf(claims), note });
}

const publish = (manager: EntityManager, matter: MatterEntity, stage: PublicationStage, content: string) =>
  insertRow(manager, MatterPublicationEntity, { matterId: matter.id, stage, content });

export async function preReviewMatter(ctx: RequestContext, id: string, by: PreReviewer, approve: boolean, note: string | null | undefined) {
  return onMatter(ctx, id, [REVIEWER_ROLE[by], Role.ADMIN], async (manager, matter, snapshot) => {
    const text = note?.trim() || null;
    if (!approve && !text) throw badInput('A refusal needs a note saying why', { argument: 'note' });
    const next = afterPreReview(snapshot, by, approve);
    await insertRow(manager, MatterPreReviewEntity, { matterId: matter.id, reviewer: by, approved: approve, note: text, reviewedBy: actorOf(ctx.claims).actor });
    await step(manager, ctx.claims, matter, 'PRE_REVIEW', matter.state, next, `${by} ${approve ? 'approved' : 'refused'}${text ? `: ${text}` : ''}`);
    if (next !== matter.state) {
      matter.state = next;
      if (next === 'REJECTED') {
        matter.decidedAt = new Date();
        matter.passed = false;
        await manager.update(ConventionEntity, { matterId: matter.id }, { status: 'NOT_ADOPTED' });
      }
      await manager.save(matter);
      if (next === 'REJECTED') await announceDecision(manager, matter);
    }
    return matter;
  });
}

/** A steward's optional reason for a step, at most 2,000 characters. */
function reasonOf(note: string | null | undefined): string | null {
  const text = note?.trim() || null;
  if (text && text.length > 2_000) throw badInput('note must be at most 2,000 characters', { argument: 'note' });
  return text;
}

export async function openConsultation(ctx: RequestContext, id: string, note?: string | null) {
  const reason = reasonOf(note);
  return onMatter(ctx, id, STEWARDS, async (manager, matter, snapshot) => {
    const next = afterOpenConsultation(snapshot);
    await step(manager, ctx.claims, matter, 'OPEN_CONSULTATION', matter.state, next, reason ?? 'both pre-reviews approved; topic published');
    matter.state = next;
    matter.topicPublishedAt = new Date();
    await manager.save(matter);
    await publish(manager, matter, 'TOPIC', `议题公开 Topic: ${matter.title} (Civil Code art. 278 item ${matter.article278Item}). ${matter.description}`);
    return matter;
  });
}

export interface ConsultationInput {
  heldAt: string;
  parties: string[];
  participants: number;
  summary: string;
}

export async function recordConsultation(ctx: RequestContext, id: string, input: ConsultationInput) {
  const heldAt = parseInstant(input.heldAt, 'input.heldAt');
  if (heldAt.getTime() > Date.now()) throw badInput('input.heldAt must not be in the future: record a consultation once held', { argument: 'input.heldAt' });
  const parties = input.parties.map((p) => p.trim()).filter(Boolean);
  if (parties.length === 0) throw badInput('input.parties must name at least one party consulted', { argument: 'input.parties' });
  if (parties.join(',').length > 200 || parties.some((p) => p.includes(','))) throw badInput('input.parties: names without commas, 200 characters in all', { argument: 'input.parties' });
  if (!Number.isInteger(input.participants) || input.participants < 1) throw badInput('input.participants must be a whole number ≥ 1', { argument: 'input.participants' });
  const summary = input.summary.trim();
  if (!summary) throw badInput('input.summary must say what came of the consultation', { argument: 'input.summary' });
  return onMatter(ctx, id, STEWARDS, async (manager, matter, snapshot) => {
    assertCanRecordConsultation(snapshot);
    await insertRow(manager, MatterConsultationEntity, { matterId: matter.id, heldAt, parties: parties.join(','), participants: input.participants, summary, recordedBy: actorOf(ctx.claims).actor });
    await step(manager, ctx.claims, matter, 'RECORD_CONSULTATION', matter.state, matter.state, summary);
    await publish(manager, matter, 'PROCESS', `过程公开 Consultation ${snapshot.consultations + 1} held ${heldAt.toISOString()} with ${parties.join(', ')} (${input.participants} taking part): ${summary}`);
    return matter;
  });
}

export async function openVote(ctx: RequestContext, id: string, closesAtText: string, note?: string | null) {
  const closesAt = parseInstant(closesAtText, 'closesAt');
  const reason = reasonOf(note);
  return onMatter(ctx, id, STEWARDS, async (manager, matter, snapshot) => {
    const now = new Date();
    const next = afterOpenVote(snapshot, closesAt, now);
    await step(manager, ctx.claims, matter, 'OPEN_VOTE', matter.state, next, `voting until ${closesAt.toISOString()}${reason ? `: ${reason}` : ''}`);
    matter.state = next;
    matter.votingOpenedAt = now;
    matter.votingClosesAt = closesAt;
    await manager.save(matter);
    await publish(manager, matter, 'PROCESS', `过程公开 The owners' vote is open until ${closesAt.toISOString()} (${ruleFor(matter.article278Item) === 'THREE_QUARTERS_OF_PARTICIPANTS' ? 'three quarters' : 'majority'} of participants needed).`);
    return matter;
  });
}

/** Closes the vote: freezes the tally, publishes the result, announces it, adopts the convention of a passed matter. */
export async function closeVote(ctx: RequestContext, id: string) {
  return onMatter(ctx, id, STEWARDS, (manager, matter, snapshot) => decideVote(manager, ctx.claims, matter, snapshot, new Date()));
}

/** The hub closing a vote whose time has come, when nobody did: recorded as the system's step. */
const SYSTEM: Claims = { sub: 'SYSTEM', role: Role.ADMIN };

/**
 * How long after the announced closing time the hub closes a vote no steward closed. Ballots stop
 * at the closing time either way, so the result is the same; the grace leaves the announcement
 * to the stewards when they are there to make it.
 */
export const AUTO_CLOSE_GRACE_MS = 10 * 60_000;

/**
 * Closes every vote past its closing time and the grace, each in its own transaction under the matter's row
 * lock, so a steward closing it at the same moment or a second sweep finds it decided and skips it.
 */
export async function closeDueVotes(ds: DataSource, now: Date = new Date()): Promise<number> {
  const due = await ds.getRepository(MatterEntity).find({ select: { id: true }, where: { state: 'VOTING', votingClosesAt: LessThanOrEqual(new Date(now.getTime() - AUTO_CLOSE_GRACE_MS)) }, take: 100 });
  let closed = 0;
  for (const { id } of due) {
    const done = await transaction(ds, async (manager) => {
      const matter = await lockMatter(manager, id, 'pessimistic_write');
      if (matter.state !== 'VOTING') return false;
      await decideVote(manager, SYSTEM, matter, await snapshotOf(manager, matter), now);
      return true;
    });
    if (done) closed++;
  }
  return closed;
}

async function decideVote(manager: EntityManager, claims: Claims, matter: MatterEntity, snapshot: MatterSnapshot, now: Date) {
  // The state and the closing time are checked before the count, which reads every unit.
  afterCloseVote(snapshot, false, now);
  const tally = await tallyInTransaction(manager, matter, true);
  const next = afterCloseVote(snapshot, tally.passed, now);
  matter.state = next;
  matter.passed = tally.passed;
  matter.decidedAt = now;
  matter.finalTally = tally;
  await manager.save(matter);
  const summary = resultText(tally);
  await step(manager, claims, matter, 'CLOSE_VOTE', 'VOTING', next, summary);
  await publish(manager, matter, 'RESULT', `结果公开 ${matter.title}: ${summary}`);
  await announceDecision(manager, matter);
  if (matter.kind === 'CONVENTION') await settleConvention(manager, matter, tally.passed, now);
  return matter;
}

/** MatterDecided through the outbox, in the transaction that decided the matter. */
const announceDecision = (manager: EntityManager, matter: MatterEntity) =>
  recordEvent(manager, 'MatterDecided', matter.id, {
    matterId: matter.id,
    compoundId: matter.compoundId,
    article278Item: matter.article278Item,
    title: matter.title,
    passed: matter.passed === true,
    decidedAt: (matter.decidedAt ?? new Date()).toISOString(),
  });

async function settleConvention(manager: EntityManager, matter: MatterEntity, passed: boolean, now: Date): Promise<void> {
  const convention = await manager.findOne(ConventionEntity, { where: { matterId: matter.id } });
  if (!convention) return;
  convention.status = passed ? 'ADOPTED' : 'NOT_ADOPTED';
  convention.adoptedAt = passed ? now : null;
  await manager.save(convention);
  if (passed) {
    await recordEvent(manager, 'ConventionAdopted', convention.id, {
      conventionId: convention.id,
      compoundId: convention.compoundId,
      kind: convention.kind,
      escalation: convention.escalation,
      adoptedAt: now.toISOString(),
    });
  }
}

const m2 = (centi: number) => `${Math.trunc(centi / 100)}.${String(centi % 100).padStart(2, '0')} m²`;

/** The published result in words: the figures, then the verdict. */
export function resultText(t: StoredTally): string {
  const part = (label: string, s: { owners: number; areaCentiM2: number }) => `${label} ${s.owners} owners / ${m2(s.areaCentiM2)}`;
  const verdict = !t.quorumMet ? 'NOT PASSED: quorum not reached' : t.passed ? 'PASSED' : 'NOT PASSED: threshold not reached';
  if (t.election) {
    const e = t.election;
    const ranked = e.candidates.map((c, i) => `${i + 1}. ${part('', c.supporting).trim()}${c.elected ? ' elected' : c.runOff ? ' run-off' : c.majority ? '' : ' no majority'}`);
    const outcome = !t.quorumMet
      ? 'NOT ELECTED: quorum not reached'
      : e.complete
        ? `ELECTED: all ${e.seats} seats filled`
        : e.runOffSeats > 0
          ? `RUN-OFF NEEDED: ${e.runOffSeats} of ${e.seats} seats between candidates level on area and owners`
          : `NOT ELECTED: ${e.candidates.filter((c) => c.elected).length} of ${e.seats} seats filled by a majority`;
    return `${outcome}. ${part('Eligible', t.eligible)}; ${part('took part', t.participating)}; blank ballots ${t.abstain.owners}. Candidates by supporting area, then owners: ${ranked.join('; ')}. A candidate needs more than 1/2 of the participating area and of the participating owners (Civil Code art. 278 item 3).`;
  }
  return `${verdict}. ${part('Eligible', t.eligible)}; ${part('took part', t.participating)}; ${part('for', t.for)}; ${part('against', t.against)}; ${part('abstained', t.abstain)}. ${t.ruleText}.`;
}

export function parseInstant(value: string, argument: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : null;
  if (!at || Number.isNaN(at.getTime())) throw badInput(`${argument} must be an ISO-8601 instant with a time zone, e.g. 2026-12-01T12:00:00Z; got "${value}"`, { argument });
  return at;
}

/* ---- for the owners'-committee election ---- */

/**
 * Opens the owners' vote of an owners'-committee election as a matter of Civil Code art. 278
 * item 3 ("选举业主委员会"), inside the election's transaction. It then runs the same steps as
 * any matter: both pre-reviews, consultation, vote, close.
 */
export function openElectionMatter(
  manager: EntityManager,
  claims: Claims,
  input: { compoundId: string; title: string; description: string; requestKey?: string | null },
): Promise<MatterEntity> {
  return createMatter(manager, claims, { ...input, article278Item: 3, kind: 'ELECTION' });
}

export interface MatterOutcome {
  state: MatterState;
  decided: boolean;
  passed: boolean | null;
  decidedAt: Date | null;
  tally: StoredTally | null;
}

/** Where a matter stands, for the module that opened it (no scope check: the caller has done its own). */
export async function matterOutcome(manager: EntityManager, matterId: string): Promise<MatterOutcome> {
  const matter = await manager.findOne(MatterEntity, { where: { id: matterId } });
  if (!matter) throw notFound('Matter', matterId);
  const decided = matter.state === 'RESOLVED' || matter.state === 'REJECTED';
  return { state: matter.state, decided, passed: matter.passed, decidedAt: matter.decidedAt, tally: matter.finalTally };
}
