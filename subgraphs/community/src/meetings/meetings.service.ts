import { In, type EntityManager } from 'typeorm';
import {
  badInput,
  ErrorCode,
  forbidden,
  HubError,
  loadOneBy,
  notFound,
  pageWindow,
  requireRole,
  Role,
  toConnection,
  transaction,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { CompoundEntity } from '../compounds/compound.entity';
import { compoundById } from '../compounds/compounds.service';
import { assertSeesCompound, seesRegion } from '../compounds/compound-scope';
import { CompoundContractEntity } from '../contracts/compound-contract.entity';
import { loadManyBy } from '../compounds/batch';
import { regionByCode } from '../regions/regions.service';
import { MatterEntity } from '../matters/matter.entity';
import { insertRow, onceByKey } from '../matters/persistence';
import { parseInstant } from '../matters/matters.service';
import {
  JointMeetingAgendaItemEntity,
  JointMeetingAttendanceEntity,
  JointMeetingDecisionEntity,
  JointMeetingEntity,
} from './joint-meeting.entity';
import { assertDueAfterMeeting, assertJointAttendance, isoDay, parseIsoDate, type MeetingParty } from './meeting-rules';

const READERS = [Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.OWNERS_COMMITTEE, Role.RESIDENT, Role.PROPERTY_FIRM];
/** The Party organisation convenes; officials (residents' committee) and the owners' committee may too. */
const CONVENERS = [Role.ADMIN, Role.OFFICIAL, Role.PARTY_ORGANISATION, Role.OWNERS_COMMITTEE];
/** Conveners, and the firm for the decisions it is responsible for. */
const COMPLETERS = [...CONVENERS, Role.PROPERTY_FIRM];

const text = (value: string, argument: string, max: number): string => {
  const t = value.trim();
  if (!t || t.length > max) throw badInput(`${argument} must be 1 to ${max} characters`, { argument });
  return t;
};

async function visibleCompound(ctx: RequestContext, compoundId: string): Promise<CompoundEntity> {
  const compound = await compoundById(ctx, compoundId);
  if (!compound) throw notFound('Compound', compoundId);
  if (ctx.claims.role === Role.PROPERTY_FIRM) {
    if (!(await compoundsServedToday(ctx)).includes(compoundId)) throw forbidden(`Your firm does not serve compound ${compoundId} today`);
    return compound;
  }
  assertSeesCompound(ctx, compound);
  return compound;
}

/**
 * A property firm is the third party of the joint meeting (三方) wherever it serves today, as the
 * property subgraph announced its contracts.
 */
async function compoundsServedToday(ctx: RequestContext): Promise<string[]> {
  if (!ctx.claims.firm) return [];
  const today = isoDay(new Date());
  const rows = await ctx.ds
    .getRepository(CompoundContractEntity)
    .createQueryBuilder('k')
    .select('k.compoundId', 'compoundId')
    .where('k.firmId = :firm AND k.startsOn <= :today AND (k.endsOn IS NULL OR k.endsOn >= :today)', { firm: ctx.claims.firm, today })
    .getRawMany<{ compoundId: string }>();
  return rows.map((r) => r.compoundId);
}

export async function meetingById(ctx: RequestContext, id: string): Promise<JointMeetingEntity> {
  requireRole(ctx.claims, ...READERS);
  const meeting = await loadOneBy(ctx, JointMeetingEntity, 'id', id);
  if (!meeting) throw notFound('Joint meeting', id);
  await visibleCompound(ctx, meeting.compoundId);
  return meeting;
}

export async function listMeetings(ctx: RequestContext, args: PageArgs & { compoundId: string }) {
  requireRole(ctx.claims, ...READERS);
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  await visibleCompound(ctx, args.compoundId);
  const qb = ctx.ds.getRepository(JointMeetingEntity).createQueryBuilder('m').where('m.compoundId = :c', { c: args.compoundId }).orderBy('m.id', 'ASC').take(limit + 1);
  if (afterId) qb.andWhere('m.id > :afterId', { afterId });
  return toConnection(await qb.getMany(), limit, afterId !== null);
}

export const agendaOf = (ctx: RequestContext, m: JointMeetingEntity) => loadManyBy(ctx, JointMeetingAgendaItemEntity, 'meetingId', m.id, { position: 'ASC' });
export const attendanceOf = (ctx: RequestContext, m: JointMeetingEntity) => loadManyBy(ctx, JointMeetingAttendanceEntity, 'meetingId', m.id);
export const decisionsOf = (ctx: RequestContext, m: JointMeetingEntity) => loadManyBy(ctx, JointMeetingDecisionEntity, 'meetingId', m.id);
export const meetingOfDecision = async (ctx: RequestContext, d: JointMeetingDecisionEntity) => {
  const meeting = await loadOneBy(ctx, JointMeetingEntity, 'id', d.meetingId);
  if (!meeting) throw new Error(`decision ${d.id} refers to missing meeting ${d.meetingId}`);
  return meeting;
};

export interface ScheduleInput {
  compoundId: string;
  title: string;
  scheduledAt: string;
  place: string;
  agenda: { title: string; matterId?: string | null }[];
  requestKey?: string | null;
}

export async function scheduleMeeting(ctx: RequestContext, input: ScheduleInput): Promise<JointMeetingEntity> {
  requireRole(ctx.claims, ...CONVENERS);
  await visibleCompound(ctx, input.compoundId);
  const title = text(input.title, 'input.title', 200);
  const place = text(input.place, 'input.place', 200);
  const scheduledAt = parseInstant(input.scheduledAt, 'input.scheduledAt');
  if (input.agenda.length === 0) throw badInput('input.agenda needs at least one item', { argument: 'input.agenda' });
  const agenda = input.agenda.map((item, i) => ({ title: text(item.title, `input.agenda[${i}].title`, 200), matterId: item.matterId ?? null }));
  if (input.requestKey != null && !/^[A-Za-z0-9._:-]{1,64}$/.test(input.requestKey)) throw badInput('requestKey must be 1 to 64 letters, digits or . _ : -', { argument: 'input.requestKey' });
  const matterIds = [...new Set(agenda.map((a) => a.matterId).filter((m): m is string => m !== null))];
  const create = () => transaction(ctx.ds, async (manager) => {
    if (input.requestKey) {
      const earlier = await manager.findOne(JointMeetingEntity, { where: { compoundId: input.compoundId, requestKey: input.requestKey } });
      if (earlier) return earlier;
    }
    if (matterIds.length) {
      const found = await manager.find(MatterEntity, { where: { id: In(matterIds), compoundId: input.compoundId }, select: { id: true } });
      const missing = matterIds.filter((id) => !found.some((m) => m.id === id));
      if (missing.length) throw badInput(`Agenda refers to matters that are not of this compound: ${missing.join(', ')}`, { argument: 'input.agenda' });
    }
    const meeting = manager.create(JointMeetingEntity, {
      compoundId: input.compoundId,
      title,
      scheduledAt,
      place,
      state: 'SCHEDULED',
      requestKey: input.requestKey ?? null,
      minutes: null,
      heldAt: null,
      convenedBy: ctx.claims.sub ?? ctx.claims.role,
    });
    await manager.save(meeting);
    for (const [i, item] of agenda.entries()) await insertRow(manager, JointMeetingAgendaItemEntity, { meetingId: meeting.id, position: i + 1, ...item });
    return meeting;
  });
  return onceByKey(input.requestKey, create, () => ctx.ds.getRepository(JointMeetingEntity).findOne({ where: { compoundId: input.compoundId, requestKey: input.requestKey! } }));
}

async function lockMeeting(manager: EntityManager, id: string): Promise<JointMeetingEntity> {
  const lock = manager.connection.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' as const } };
  const meeting = await manager.findOne(JointMeetingEntity, { where: { id }, ...lock });
  if (!meeting) throw notFound('Joint meeting', id);
  return meeting;
}

const notScheduled = (m: JointMeetingEntity, what: string) =>
  new HubError(ErrorCode.INVALID_TRANSITION, `Cannot ${what}: the meeting is ${m.state}, and only a SCHEDULED meeting can be`, { state: m.state });

export interface RecordInput {
  heldAt: string;
  attendance: { party: MeetingParty; attendee: string; personId?: string | null }[];
  minutes: string;
  decisions: { agendaPosition?: number | null; text: string; responsibleParty: MeetingParty; dueOn: string }[];
}

export async function recordMeeting(ctx: RequestContext, id: string, input: RecordInput): Promise<JointMeetingEntity> {
  requireRole(ctx.claims, ...CONVENERS);
  const found = await meetingById(ctx, id);
  const heldAt = parseInstant(input.heldAt, 'input.heldAt');
  if (heldAt.getTime() > Date.now()) throw badInput('input.heldAt must not be in the future: record a meeting once held', { argument: 'input.heldAt' });
  if (input.attendance.length === 0) throw badInput('input.attendance must list who attended', { argument: 'input.attendance' });
  assertJointAttendance(input.attendance.map((a) => a.party));
  const attendance = input.attendance.map((a, i) => ({ party: a.party, attendee: text(a.attendee, `input.attendance[${i}].attendee`, 100), personId: a.personId ?? null }));
  const minutes = text(input.minutes, 'input.minutes', 20_000);
  const day = isoDay(heldAt);
  const decisions = input.decisions.map((d, i) => {
    const dueOn = parseIsoDate(d.dueOn, `input.decisions[${i}].dueOn`);
    assertDueAfterMeeting(dueOn, day, `input.decisions[${i}].dueOn`);
    return { agendaPosition: d.agendaPosition ?? null, text: text(d.text, `input.decisions[${i}].text`, 2_000), responsibleParty: d.responsibleParty, dueOn };
  });
  return transaction(ctx.ds, async (manager) => {
    const meeting = await lockMeeting(manager, found.id);
    if (meeting.state !== 'SCHEDULED') throw notScheduled(meeting, 'record the meeting as held');
    const positions = new Set((await manager.find(JointMeetingAgendaItemEntity, { where: { meetingId: meeting.id } })).map((a) => a.position));
    decisions.forEach((d, i) => {
      if (d.agendaPosition !== null && !positions.has(d.agendaPosition)) {
        throw badInput(`input.decisions[${i}].agendaPosition ${d.agendaPosition} is not an item of the agenda (1 to ${positions.size})`, { argument: `input.decisions[${i}].agendaPosition` });
      }
    });
    await manager.update(JointMeetingEntity, { id: meeting.id }, { state: 'HELD', heldAt, minutes });
    for (const a of attendance) await insertRow(manager, JointMeetingAttendanceEntity, { meetingId: meeting.id, ...a });
    for (const d of decisions) {
      await insertRow(manager, JointMeetingDecisionEntity, { meetingId: meeting.id, compoundId: meeting.compoundId, ...d, status: 'OPEN', doneAt: null, doneNote: null, doneBy: null, doneByRole: null });
    }
    return Object.assign(meeting, { state: 'HELD' as const, heldAt, minutes });
  });
}

export async function cancelMeeting(ctx: RequestContext, id: string, reason: string): Promise<JointMeetingEntity> {
  requireRole(ctx.claims, ...CONVENERS);
  const found = await meetingById(ctx, id);
  const why = text(reason, 'reason', 2_000);
  return transaction(ctx.ds, async (manager) => {
    const meeting = await lockMeeting(manager, found.id);
    if (meeting.state !== 'SCHEDULED') throw notScheduled(meeting, 'cancel the meeting');
    const minutes = `Cancelled: ${why}`;
    await manager.update(JointMeetingEntity, { id: meeting.id }, { state: 'CANCELLED', minutes });
    return Object.assign(meeting, { state: 'CANCELLED' as const, minutes });
  });
}

export async function completeDecision(ctx: RequestContext, id: string, note: string): Promise<JointMeetingDecisionEntity> {
  requireRole(ctx.claims, ...COMPLETERS);
  const decision = await loadOneBy(ctx, JointMeetingDecisionEntity, 'id', id);
  if (!decision) throw notFound('Meeting decision', id);
  await visibleCompound(ctx, decision.compoundId);
  if (ctx.claims.role === Role.PROPERTY_FIRM && decision.responsibleParty !== 'PROPERTY_FIRM') {
    throw forbidden(`Decision ${id} is the ${decision.responsibleParty}'s to complete, not the property firm's`);
  }
  const doneNote = text(note, 'note', 2_000);
  return transaction(ctx.ds, async (manager) => {
    const doneAt = new Date();
    const done = { status: 'DONE' as const, doneAt, doneNote, doneBy: ctx.claims.sub ?? ctx.claims.role, doneByRole: ctx.claims.role };
    const result = await manager.update(JointMeetingDecisionEntity, { id, status: 'OPEN' }, done);
    if (!result.affected) throw new HubError(ErrorCode.INVALID_TRANSITION, `Decision ${id} is already done`, { state: 'DONE' });
    return Object.assign(decision, done);
  });
}

/**
 * Open decisions past due, limited in SQL to what the caller may see: admins everything,
 * officials and Party organisations their regions, committees and residents their compounds.
 */
export async function listOverdueDecisions(ctx: RequestContext, args: PageArgs & { regionCode?: string | null; compoundId?: string | null }, today = isoDay(new Date())) {
  requireRole(ctx.claims, ...READERS);
  const { limit, afterId } = pageWindow(args, ctx.config.limits.maxPageSize);
  if (!args.regionCode && !args.compoundId) throw badInput('Pass regionCode or compoundId', { argument: 'regionCode' });
  const qb = ctx.ds
    .getRepository(JointMeetingDecisionEntity)
    .createQueryBuilder('d')
    .innerJoin(CompoundEntity, 'c', 'c.id = d.compoundId')
    .where("d.status = 'OPEN' AND d.dueOn < :today", { today })
    .orderBy('d.id', 'ASC')
    .take(limit + 1);
  if (afterId) qb.andWhere('d.id > :afterId', { afterId });
  if (args.compoundId) {
    await visibleCompound(ctx, args.compoundId);
    qb.andWhere('d.compoundId = :compoundId', { compoundId: args.compoundId });
  }
  if (args.regionCode) {
    const region = await regionByCode(ctx, args.regionCode);
    if (!region) throw badInput(`Region ${args.regionCode} is not in the region tree`, { argument: 'regionCode' });
    const path = [region.code];
    for (let parent = region.parentCode; parent; ) {
      path.push(parent);
      parent = (await regionByCode(ctx, parent))?.parentCode ?? null;
    }
    const { role } = ctx.claims;
    if ((role === Role.OFFICIAL || role === Role.PARTY_ORGANISATION) && !seesRegion(ctx, path)) {
      throw forbidden(`Region ${args.regionCode} is outside the regions of your token`);
    }
    const column = region.level === 'DISTRICT' ? 'districtCode' : region.level === 'STREET' ? 'streetCode' : 'communityCode';
    qb.andWhere(`c.${column} = :code`, { code: region.code });
  }
  const { claims } = ctx;
  if (claims.role === Role.OFFICIAL || claims.role === Role.PARTY_ORGANISATION) {
    const regions = claims.regions?.length ? claims.regions : ['-'];
    qb.andWhere('(c.communityCode IN (:...regions) OR c.streetCode IN (:...regions) OR c.districtCode IN (:...regions))', { regions });
  } else if (claims.role === Role.OWNERS_COMMITTEE || claims.role === Role.RESIDENT) {
    qb.andWhere('c.id IN (:...compounds)', { compounds: claims.compounds?.length ? claims.compounds : ['-'] });
  } else if (claims.role === Role.PROPERTY_FIRM) {
    const served = await compoundsServedToday(ctx);
    qb.andWhere('c.id IN (:...served)', { served: served.length ? served : ['-'] });
  }
  return toConnection(await qb.getMany(), limit, afterId !== null);
}
