import type { Resolvers } from '../generated/graphql';
import {
  approveEmergencyUse,
  approveSpendingRequest,
  authoriseSpendingLimit,
  coSignSpendingRequest,
  paySpendingRequest,
  raiseSpendingRequest,
  rejectSpendingRequest,
  spendingAuthority,
  spendingRequest,
  spendingRequests,
} from './spending.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const spendingResolvers: Resolvers = {
  Query: {
    spendingRequests: (_root, { compoundId, status, ...page }, ctx) => spendingRequests(ctx, compoundId, status, page),
    spendingRequest: (_root, { id }, ctx) => spendingRequest(ctx, id),
    spendingAuthority: (_root, { compoundId }, ctx) => spendingAuthority(ctx, compoundId),
  },
  Mutation: {
    authoriseSpendingLimit: (_root, { compoundId, limitFen, matterId }, ctx) => authoriseSpendingLimit(ctx, compoundId, limitFen, matterId),
    raiseSpendingRequest: (_root, { input }, ctx) => raiseSpendingRequest(ctx, input),
    approveSpendingRequest: (_root, { id }, ctx) => approveSpendingRequest(ctx, id),
    approveEmergencyUse: (_root, { id }, ctx) => approveEmergencyUse(ctx, id),
    coSignSpendingRequest: (_root, { id }, ctx) => coSignSpendingRequest(ctx, id),
    rejectSpendingRequest: (_root, { id, reason }, ctx) => rejectSpendingRequest(ctx, id, reason),
    paySpendingRequest: (_root, { id }, ctx) => paySpendingRequest(ctx, id),
  },
  SpendingRequest: {
    buildingRef: (r) => r.buildingRef || null,
    category: (r) => r.category as never,
    approvedAt: (r) => iso(r.approvedAt),
    filedWithCommunityAt: (r) => iso(r.filedWithCommunityAt),
    emergencyApprovedAt: (r) => iso(r.emergencyApprovedAt),
    coSignedAt: (r) => iso(r.coSignedAt),
    paidAt: (r) => iso(r.paidAt),
  },
};
