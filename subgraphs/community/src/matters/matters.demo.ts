import type { EntityManager } from 'typeorm';
import { recordEvent } from '@hub/platform';
import { ConventionEntity } from '../conventions/convention.entity';
import { validateConvention, type ConventionDraft } from '../conventions/convention-rules';
import {
  JointMeetingAgendaItemEntity,
  JointMeetingAttendanceEntity,
  JointMeetingDecisionEntity,
  JointMeetingEntity,
} from '../meetings/joint-meeting.entity';
import type { MeetingParty } from '../meetings/meeting-rules';
import { BallotEntity } from '../votes/ballot.entity';
import type { BallotChoice } from '../votes/tally';
import { DEVELOPER_VOTER, tallyInTransaction } from '../votes/votes.service';
import { UnitEntity } from '../units/unit.entity';
import { PersonEntity } from '../people/person.entity';
import {
  MatterConsultationEntity,
  MatterEntity,
  MatterPreReviewEntity,
  MatterPublicationEntity,
  MatterTransitionEntity,
  type PublicationStage,
} from './matter.entity';
import type { MatterState } from './matter-flow';
import { insertRow } from './persistence';
import { resultText } from './matters.service';

/** A matter the demo shows as already decided, with every step it went through. */
export interface DemoMatter {
  id: string;
  compoundId: string;
  title: string;
  description: string;
  article278Item: number;
  convention?: ConventionDraft & { id: string };
  consultations: { heldAt: string; parties: string[]; participants: number; summary: string }[];
  votingOpenedAt: string;
  votingClosesAt: string;
  /** Ballots by owner (Person id on the unit register). */
  ballots: { ownerId: string; choice: BallotChoice }[];
}

export interface DemoMeeting {
  id: string;
  compoundId: string;
  title: string;
  scheduledAt: string;
  place: string;
  agenda: { title: string; matterId?: string }[];
  attendance: { party: MeetingParty; attendee: string }[];
  minutes: string;
  decisions: { agendaPosition: number | null; text: string; responsibleParty: MeetingParty; dueOn: string; doneAt?: string; doneNote?: string }[];
}

export interface DeliberationDemo {
  matters: DemoMatter[];
  meetings: DemoMeeting[];
}

const DEMO_ACTOR = { actor: 'demo-seed', actorRole: 'ADMIN' };

/**
 * Seeds decided matters, their conventions and joint meetings, each once (by id): the rows each
 * step would have left, the count taken from the seeded unit register, and the decision and the
 * adopted convention announced through the outbox as a real close would.
 */
export async function seedDemoDeliberation(manager: EntityManager, demo: DeliberationDemo | undefined): Promise<void> {
  for (const m of demo?.matters ?? []) {
    if (await manager.existsBy(MatterEntity, { id: m.id })) continue;
    await seedMatter(manager, m);
  }
  for (const meeting of demo?.meetings ?? []) {
    if (await manager.existsBy(JointMeetingEntity, { id: meeting.id })) continue;
    await seedMeeting(manager, meeting);
  }
}

async function seedMatter(manager: EntityManager, m: DemoMatter): Promise<void> {
  const convention = m.convention ? validateConvention(m.convention) : null;
  const first = new Date(m.consultations[0]?.heldAt ?? m.votingOpenedAt);
  const proposedAt = new Date(first.getTime() - 14 * 86_400_000);
  const closesAt = new Date(m.votingClosesAt);
  await manager.insert(MatterEntity, {
    id: m.id,
    createdAt: proposedAt,
    compoundId: m.compoundId,
    title: m.title,
    description: m.description,
    article278Item: m.article278Item,
    kind: convention ? 'CONVENTION' : 'GENERAL',
    state: 'VOTING',
    requestKey: null,
    proposedBy: DEMO_ACTOR.actor,
    proposedByRole: 'OWNERS_COMMITTEE',
    topicPublishedAt: new Date(proposedAt.getTime() + 7 * 86_400_000),
    votingOpenedAt: new Date(m.votingOpenedAt),
    votingClosesAt: closesAt,
    decidedAt: null,
    passed: null,
    finalTally: null,
  });
  const steps: [string, MatterState | null, MatterState, string | null][] = [
    ['PROPOSE', null, 'PROPOSED', null],
    ['PRE_REVIEW', 'PROPOSED', 'PROPOSED', 'OWNERS_COMMITTEE approved'],
    ['PRE_REVIEW', 'PROPOSED', 'PRE_REVIEWED', 'PARTY_ORGANISATION approved'],
    ['OPEN_CONSULTATION', 'PRE_REVIEWED', 'IN_CONSULTATION', null],
    ...m.consultations.map((c): [string, MatterState, MatterState, string] => ['RECORD_CONSULTATION', 'IN_CONSULTATION', 'IN_CONSULTATION', c.summary]),
    ['OPEN_VOTE', 'IN_CONSULTATION', 'VOTING', `voting until ${closesAt.toISOString()}`],
  ];
  for (const [action, fromState, toState, note] of steps) {
    await insertRow(manager, MatterTransitionEntity, { matterId: m.id, action, fromState, toState, ...DEMO_ACTOR, note });
  }
  for (const reviewer of ['OWNERS_COMMITTEE', 'PARTY_ORGANISATION'] as const) {
    await insertRow(manager, MatterPreReviewEntity, { matterId: m.id, reviewer, approved: true, note: null, reviewedBy: DEMO_ACTOR.actor });
  }
  const publish = (stage: PublicationStage, content: string) => insertRow(manager, MatterPublicationEntity, { matterId: m.id, stage, content });
  await publish('TOPIC', `议题公开 Topic: ${m.title} (Civil Code art. 278 item ${m.article278Item}). ${m.description}`);
  for (const [i, c] of m.consultations.entries()) {
    await insertRow(manager, MatterConsultationEntity, { matterId: m.id, heldAt: new Date(c.heldAt), parties: c.parties.join(','), participants: c.participants, summary: c.summary, recordedBy: DEMO_ACTOR.actor });
    await publish('PROCESS', `过程公开 Consultation ${i + 1} held ${c.heldAt} with ${c.parties.join(', ')} (${c.participants} taking part): ${c.summary}`);
  }
  if (convention) {
    await manager.insert(ConventionEntity, { id: m.convention!.id, compoundId: m.compoundId, matterId: m.id, ...convention, status: 'DRAFT', adoptedAt: null });
  }

  // Ballots under the voter key the live service would use: the developer's units vote as one.
  const kinds = new Map(
    (await manager.createQueryBuilder(PersonEntity, 'p').innerJoin(UnitEntity, 'u', 'u.ownerId = p.id').select('p.id', 'id').addSelect('p.kind', 'kind').where('u.compoundId = :c', { c: m.compoundId }).getRawMany<{ id: string; kind: string }>()).map((r) => [r.id, r.kind]),
  );
  const voted = new Set<string>();
  for (const b of m.ballots) {
    const voterKey = kinds.get(b.ownerId) === 'DEVELOPER' ? DEVELOPER_VOTER : b.ownerId;
    if (!kinds.has(b.ownerId)) throw new Error(`demo matter ${m.title}: ballot of ${b.ownerId}, who owns no unit of the compound`);
    if (voted.has(voterKey)) continue;
    voted.add(voterKey);
    await insertRow(manager, BallotEntity, { matterId: m.id, voterKey, castBy: b.ownerId, choice: b.choice, candidateIds: null });
  }

  const matter = await manager.findOneByOrFail(MatterEntity, { id: m.id });
  const tally = await tallyInTransaction(manager, matter, true);
  const state: MatterState = tally.passed ? 'RESOLVED' : 'REJECTED';
  await manager.update(MatterEntity, { id: m.id }, { state, passed: tally.passed, decidedAt: closesAt, finalTally: tally });
  const summary = resultText(tally);
  await insertRow(manager, MatterTransitionEntity, { matterId: m.id, action: 'CLOSE_VOTE', fromState: 'VOTING', toState: state, ...DEMO_ACTOR, note: summary });
  await publish('RESULT', `结果公开 ${m.title}: ${summary}`);
  await recordEvent(manager, 'MatterDecided', m.id, {
    matterId: m.id,
    compoundId: m.compoundId,
    article278Item: m.article278Item,
    title: m.title,
    passed: tally.passed,
    decidedAt: closesAt.toISOString(),
  });
  if (convention) {
    await manager.update(ConventionEntity, { id: m.convention!.id }, { status: tally.passed ? 'ADOPTED' : 'NOT_ADOPTED', adoptedAt: tally.passed ? closesAt : null });
    if (tally.passed) {
      await recordEvent(manager, 'ConventionAdopted', m.convention!.id, {
        conventionId: m.convention!.id,
        compoundId: m.compoundId,
        kind: convention.kind,
        escalation: convention.escalation,
        adoptedAt: closesAt.toISOString(),
      });
    }
  }
}

async function seedMeeting(manager: EntityManager, meeting: DemoMeeting): Promise<void> {
  const at = new Date(meeting.scheduledAt);
  await manager.insert(JointMeetingEntity, {
    id: meeting.id,
    compoundId: meeting.compoundId,
    title: meeting.title,
    scheduledAt: at,
    place: meeting.place,
    state: 'HELD',
    requestKey: null,
    minutes: meeting.minutes,
    heldAt: at,
    convenedBy: DEMO_ACTOR.actor,
  });
  for (const [i, item] of meeting.agenda.entries()) {
    await insertRow(manager, JointMeetingAgendaItemEntity, { meetingId: meeting.id, position: i + 1, title: item.title, matterId: item.matterId ?? null });
  }
  for (const a of meeting.attendance) await insertRow(manager, JointMeetingAttendanceEntity, { meetingId: meeting.id, party: a.party, attendee: a.attendee, personId: null });
  for (const d of meeting.decisions) {
    await insertRow(manager, JointMeetingDecisionEntity, {
      meetingId: meeting.id,
      compoundId: meeting.compoundId,
      agendaPosition: d.agendaPosition,
      text: d.text,
      responsibleParty: d.responsibleParty,
      dueOn: d.dueOn,
      status: d.doneAt ? 'DONE' : 'OPEN',
      doneAt: d.doneAt ? new Date(d.doneAt) : null,
      doneNote: d.doneNote ?? null,
      doneBy: d.doneAt ? DEMO_ACTOR.actor : null,
      doneByRole: d.doneAt ? DEMO_ACTOR.actorRole : null,
    });
  }
}
