import type { Resolvers } from '../generated/graphql';
import { compoundById } from '../compounds/compounds.service';
import { regionByCode } from '../regions/regions.service';
import { personById } from '../people/people.service';
import { isOverdue } from '../escalation/escalation';
import { listRequests, myRequests, requestById, submitRequest, timelineOf, transitionRequest } from './requests.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const requestResolvers: Resolvers = {
  Query: {
    residentRequest: (_root, { id }, ctx) => requestById(ctx, id),
    myRequests: (_root, args, ctx) => myRequests(ctx, args),
    residentRequests: (_root, args, ctx) => listRequests(ctx, args),
  },
  Mutation: {
    submitRequest: (_root, { input }, ctx) => submitRequest(ctx, input),
    acceptRequest: (_root, { id, note }, ctx) => transitionRequest(ctx, id, 'ACCEPT', { note }),
    dispatchRequest: (_root, { id, responsible, note }, ctx) => transitionRequest(ctx, id, 'DISPATCH', { responsible, note }),
    startRequest: (_root, { id, note }, ctx) => transitionRequest(ctx, id, 'START', { note }),
    resolveRequest: (_root, { id, note, photoUrls }, ctx) => transitionRequest(ctx, id, 'RESOLVE', { note, photoUrls: photoUrls ?? [] }),
    closeRequest: (_root, { id, satisfaction, feedback }, ctx) => transitionRequest(ctx, id, 'CLOSE', { satisfaction, feedback }),
    reopenRequest: (_root, { id, feedback }, ctx) => transitionRequest(ctx, id, 'REOPEN', { feedback }),
  },
  ResidentRequest: {
    __resolveReference: (ref, ctx) => requestById(ctx, ref.id),
    compound: async (r, _args, ctx) => {
      const compound = await compoundById(ctx, r.compoundId);
      if (!compound) throw new Error(`request ${r.id} refers to unknown compound ${r.compoundId}`);
      return compound;
    },
    reporter: (r, _args, ctx) => personById(ctx, r.reporterId),
    escalatedTo: (r, _args, ctx) =>
      r.level === 'COMMUNITY' ? regionByCode(ctx, r.communityCode) : r.level === 'STREET' ? regionByCode(ctx, r.streetCode) : null,
    submittedAt: (r) => r.submittedAt.toISOString(),
    dueAt: (r) => iso(r.dueAt),
    overdue: (r) => isOverdue(r, new Date()),
    dispatchedAt: (r) => iso(r.dispatchedAt),
    resolvedAt: (r) => iso(r.resolvedAt),
    closedAt: (r) => iso(r.closedAt),
    timeline: (r, _args, ctx) => timelineOf(ctx, r.id),
  },
  RequestStep: {
    at: (s) => s.at.toISOString(),
  },
};
