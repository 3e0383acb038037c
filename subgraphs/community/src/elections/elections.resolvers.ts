import type { Resolvers } from '../generated/graphql';
import {
  bodiesOf,
  candidatesOf,
  candidateStanding,
  codesOf,
  concludeElection,
  createCriteriaList,
  electionsOfCompound,
  criteriaListById,
  criteriaOf,
  listCriteriaLists,
  nominateCandidate,
  openElection,
  reviewCandidate,
  startElectionVote,
  vetCandidate,
  visibleElection,
} from './elections.service';
import { compoundById } from '../compounds/compounds.service';
import { personById } from '../people/people.service';
import { unitById } from '../units/units.service';
import { organisationById } from '../organisations/organisations.service';
import { requireFound } from '../compounds/compound-scope';

export const electionResolvers: Resolvers = {
  Query: {
    criteriaLists: (_root, _args, ctx) => listCriteriaLists(ctx),
    election: (_root, { id }, ctx) => visibleElection(ctx, id),
    elections: (_root, { compoundId, ...page }, ctx) => electionsOfCompound(ctx, compoundId, page),
  },
  Mutation: {
    createCriteriaList: (_root, { name, criteria }, ctx) => createCriteriaList(ctx, name, criteria),
    openElection: (_root, { input }, ctx) => openElection(ctx, input),
    nominateCandidate: (_root, { electionId, personId, unitId }, ctx) => nominateCandidate(ctx, electionId, personId, unitId),
    vetCandidate: (_root, { candidateId, prioritiesMet, exclusionsHit }, ctx) => vetCandidate(ctx, candidateId, prioritiesMet, exclusionsHit),
    reviewCandidate: (_root, { candidateId, body, approve, note }, ctx) => reviewCandidate(ctx, candidateId, body, approve, note),
    startElectionVote: (_root, { electionId }, ctx) => startElectionVote(ctx, electionId),
    concludeElection: (_root, { electionId }, ctx) => concludeElection(ctx, electionId),
  },
  CriteriaList: {
    criteria: (l, _args, ctx) => criteriaOf(ctx, l.id),
  },
  OwnersCommitteeElection: {
    compound: async (e, _args, ctx) => requireFound(await compoundById(ctx, e.compoundId), 'Compound', e.compoundId),
    criteriaList: async (e, _args, ctx) => requireFound(await criteriaListById(ctx, e.criteriaListId), 'Criteria list', e.criteriaListId),
    reviewingBodies: (e) => bodiesOf(e),
    candidates: (e, _args, ctx) => candidatesOf(ctx, e),
    committee: (e, _args, ctx) => (e.committeeId ? organisationById(ctx, e.committeeId) : null),
    openedAt: (e) => e.createdAt.toISOString(),
    decidedAt: (e) => e.decidedAt?.toISOString() ?? null,
  },
  Candidate: {
    person: async (c, _args, ctx) => requireFound(await personById(ctx, c.personId), 'Person', c.personId),
    unit: async (c, _args, ctx) => requireFound(await unitById(ctx, c.unitId), 'Unit', c.unitId),
    prioritiesMet: (c) => codesOf(c.prioritiesMet),
    exclusionsHit: (c) => codesOf(c.exclusionsHit),
    eligible: async (c, _args, ctx) => (await candidateStanding(ctx, c)).eligible,
    qualified: async (c, _args, ctx) => (await candidateStanding(ctx, c)).qualified,
    reviews: async (c, _args, ctx) => (await candidateStanding(ctx, c)).reviews,
  },
  QualificationReview: {
    reviewedAt: (r) => r.updatedAt.toISOString(),
  },
};
