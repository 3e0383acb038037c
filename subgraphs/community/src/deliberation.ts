/**
 * Deliberation and owners' votes, conventions and joint meetings, described once for the
 * subgraph definition: entities, migrations and resolvers of these features.
 */
import {
  MatterConsultationEntity,
  MatterEntity,
  MatterPreReviewEntity,
  MatterPublicationEntity,
  MatterTransitionEntity,
} from './matters/matter.entity';
import { matterResolvers } from './matters/matters.resolvers';
import { BallotEntity } from './votes/ballot.entity';
import { voteResolvers } from './votes/votes.resolvers';
import { ConventionEntity } from './conventions/convention.entity';
import { conventionResolvers } from './conventions/conventions.resolvers';
import {
  JointMeetingAgendaItemEntity,
  JointMeetingAttendanceEntity,
  JointMeetingDecisionEntity,
  JointMeetingEntity,
} from './meetings/joint-meeting.entity';
import { meetingResolvers } from './meetings/meetings.resolvers';
import { CommunityDeliberation1764200000000 } from './migrations/1764200000000-deliberation';
import { CommunityMeetingDecisionDoneBy1764410000000 } from './migrations/1764410000000-meeting-decision-done-by';
import { CommunityContestedElections1764400000000 } from './migrations/1764400000000-contested-elections';

export const deliberationEntities = [
  MatterEntity,
  MatterPreReviewEntity,
  MatterConsultationEntity,
  MatterTransitionEntity,
  MatterPublicationEntity,
  BallotEntity,
  ConventionEntity,
  JointMeetingEntity,
  JointMeetingAgendaItemEntity,
  JointMeetingAttendanceEntity,
  JointMeetingDecisionEntity,
];

export const deliberationMigrations = [CommunityDeliberation1764200000000, CommunityContestedElections1764400000000, CommunityMeetingDecisionDoneBy1764410000000];

export const deliberationResolvers: object[] = [matterResolvers, voteResolvers, conventionResolvers, meetingResolvers];
