import type { Resolvers } from '../generated/graphql';
import { auditFindings, raiseAuditFinding, resolveAuditFinding, signOffStatement } from './audits.service';

export const auditResolvers: Resolvers = {
  Query: {
    auditFindings: (_root, { compoundId, openOnly }, ctx) => auditFindings(ctx, compoundId, openOnly ?? true),
  },
  Mutation: {
    signOffStatement: (_root, { statementId, as, note }, ctx) => signOffStatement(ctx, statementId, as, note),
    raiseAuditFinding: (_root, { statementId, as, description }, ctx) => raiseAuditFinding(ctx, statementId, as, description),
    resolveAuditFinding: (_root, { findingId, resolution }, ctx) => resolveAuditFinding(ctx, findingId, resolution),
  },
  AuditSignOff: {
    signedAt: (s) => s.createdAt.toISOString(),
  },
  AuditFinding: {
    resolvedAt: (f) => f.resolvedAt?.toISOString() ?? null,
    raisedAt: (f) => f.createdAt.toISOString(),
  },
};
