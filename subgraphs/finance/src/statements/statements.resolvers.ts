import type { Resolvers } from '../generated/graphql';
import { auditOf, findingsOf, signOffsOf } from '../audits/audits.service';
import { contentIntact, publishStatement, statementById, statementCsv, statementPreview, statements } from './statements.service';

export const statementResolvers: Resolvers = {
  Query: {
    statements: (_root, { compoundId, ...page }, ctx) => statements(ctx, compoundId, page),
    statement: (_root, { id }, ctx) => statementById(ctx, id),
    statementPreview: (_root, { compoundId, period }, ctx) => statementPreview(ctx, compoundId, period),
  },
  Mutation: {
    publishStatement: (_root, { compoundId, period }, ctx) => publishStatement(ctx, compoundId, period),
  },
  Statement: {
    period: (s) => s.content.period,
    firstDay: (s) => s.content.firstDay,
    lastDay: (s) => s.content.lastDay,
    sections: (s) => s.content.sections,
    ledgerSequence: (s) => s.content.ledgerSequence,
    ledgerHash: (s) => s.content.ledgerHash,
    publishedAt: (s) => s.publishedAt?.toISOString() ?? null,
    csv: (s) => statementCsv(s),
    contentIntact: (s) => contentIntact(s),
    audit: (s) => (s.id ? s : null),
  },
  StatementAudit: {
    status: async (s, _args, ctx) => (await auditOf(ctx, s.id!)).status,
    missing: async (s, _args, ctx) => (await auditOf(ctx, s.id!)).missing,
    signOffs: (s, _args, ctx) => signOffsOf(ctx, s.id!),
    findings: (s, _args, ctx) => findingsOf(ctx, s.id!),
  },
  StatementSection: {
    fund: (s) => s.fund as never,
    buildingRef: (s) => s.buildingRef || null,
  },
  SpendingLine: {
    payments: (l) => l.requests,
  },
  StatementPayment: {
    basis: (p) => p.basis as never,
  },
};
