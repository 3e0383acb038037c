import type { Resolvers } from '../generated/graphql';
import { compoundById } from '../compounds/compounds.service';
import { conventionOfMatter } from '../conventions/conventions.service';
import { electionTallyOf, myBallot, myMarks, tallyOf } from '../votes/votes.service';
import { loadOneBy } from '@hub/platform';
import { CandidateEntity } from '../elections/election.entity';
import { requireFound } from '../compounds/compound-scope';
import {
  closeVote,
  consultationsOf,
  listMatters,
  matterById,
  matterIfVisible,
  openConsultation,
  openVote,
  preReviewMatter,
  preReviewsOf,
  proposeMatter,
  publicationsOf,
  recordConsultation,
  transitionsOf,
} from './matters.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const matterResolvers: Resolvers = {
  Query: {
    matter: (_root, { id }, ctx) => matterById(ctx, id),
    matters: (_root, args, ctx) => listMatters(ctx, args),
  },
  Mutation: {
    proposeMatter: (_root, { input }, ctx) => proposeMatter(ctx, input),
    preReviewMatter: (_root, { id, by, approve, note }, ctx) => preReviewMatter(ctx, id, by, approve, note),
    openConsultation: (_root, { id, note }, ctx) => openConsultation(ctx, id, note),
    recordConsultation: (_root, { id, input }, ctx) => recordConsultation(ctx, id, input),
    openVote: (_root, { id, closesAt, note }, ctx) => openVote(ctx, id, closesAt, note),
    closeVote: (_root, { id }, ctx) => closeVote(ctx, id),
  },
  Matter: {
    __resolveReference: (ref, ctx) => matterIfVisible(ctx, ref.id),
    compound: async (m, _args, ctx) => {
      const compound = await compoundById(ctx, m.compoundId);
      if (!compound) throw new Error(`matter ${m.id} refers to missing compound ${m.compoundId}`);
      return compound;
    },
    proposedAt: (m) => m.createdAt.toISOString(),
    votingOpenedAt: (m) => iso(m.votingOpenedAt),
    votingClosesAt: (m) => iso(m.votingClosesAt),
    decidedAt: (m) => iso(m.decidedAt),
    preReviews: (m, _args, ctx) => preReviewsOf(ctx, m),
    consultations: (m, _args, ctx) => consultationsOf(ctx, m),
    transitions: (m, _args, ctx) => transitionsOf(ctx, m),
    publications: (m, _args, ctx) => publicationsOf(ctx, m),
    tally: (m, _args, ctx) => tallyOf(ctx, m),
    myBallot: (m, _args, ctx) => myBallot(ctx, m),
    electionTally: (m, _args, ctx) => electionTallyOf(ctx, m),
    myCandidates: async (m, _args, ctx) => {
      const marks = await myMarks(ctx, m);
      return marks && Promise.all(marks.map(async (id) => requireFound(await loadOneBy(ctx, CandidateEntity, 'id', id), 'Candidate', id)));
    },
    convention: (m, _args, ctx) => conventionOfMatter(ctx, m.id),
  },
  MatterPreReview: {
    reviewedAt: (r) => r.createdAt.toISOString(),
  },
  MatterConsultation: {
    heldAt: (c) => c.heldAt.toISOString(),
    parties: (c) => c.parties.split(','),
    recordedAt: (c) => c.createdAt.toISOString(),
  },
  MatterTransition: {
    from: (t) => t.fromState,
    to: (t) => t.toState,
    by: (t) => t.actor,
    byRole: (t) => t.actorRole,
    at: (t) => t.createdAt.toISOString(),
  },
  MatterPublication: {
    publishedAt: (p) => p.createdAt.toISOString(),
  },
};
