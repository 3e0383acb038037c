import type { Resolvers } from '../generated/graphql';
import { compoundById } from '../compounds/compounds.service';
import { matterIfVisible } from '../matters/matters.service';
import { isOverdue, isoDay } from './meeting-rules';
import {
  agendaOf,
  attendanceOf,
  cancelMeeting,
  completeDecision,
  decisionsOf,
  listMeetings,
  listOverdueDecisions,
  meetingById,
  meetingOfDecision,
  recordMeeting,
  scheduleMeeting,
} from './meetings.service';

export const meetingResolvers: Resolvers = {
  Query: {
    jointMeeting: (_root, { id }, ctx) => meetingById(ctx, id),
    jointMeetings: (_root, args, ctx) => listMeetings(ctx, args),
    overdueMeetingDecisions: (_root, args, ctx) => listOverdueDecisions(ctx, args),
  },
  Mutation: {
    scheduleJointMeeting: (_root, { input }, ctx) => scheduleMeeting(ctx, input),
    recordJointMeeting: (_root, { id, input }, ctx) => recordMeeting(ctx, id, input),
    cancelJointMeeting: (_root, { id, reason }, ctx) => cancelMeeting(ctx, id, reason),
    completeMeetingDecision: (_root, { id, note }, ctx) => completeDecision(ctx, id, note),
  },
  JointMeeting: {
    compound: async (m, _args, ctx) => {
      const compound = await compoundById(ctx, m.compoundId);
      if (!compound) throw new Error(`meeting ${m.id} refers to missing compound ${m.compoundId}`);
      return compound;
    },
    scheduledAt: (m) => m.scheduledAt.toISOString(),
    heldAt: (m) => (m.heldAt ? m.heldAt.toISOString() : null),
    agenda: (m, _args, ctx) => agendaOf(ctx, m),
    attendance: (m, _args, ctx) => attendanceOf(ctx, m),
    decisions: (m, _args, ctx) => decisionsOf(ctx, m),
  },
  AgendaItem: {
    matter: (a, _args, ctx) => (a.matterId ? matterIfVisible(ctx, a.matterId) : null),
  },
  MeetingDecision: {
    meeting: (d, _args, ctx) => meetingOfDecision(ctx, d),
    overdue: (d) => isOverdue(d, isoDay(new Date())),
    doneAt: (d) => (d.doneAt ? d.doneAt.toISOString() : null),
  },
};
