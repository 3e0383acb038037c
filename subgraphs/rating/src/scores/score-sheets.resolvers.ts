import type { Resolvers } from '../generated/graphql';
import type { RaterGroup } from '../schemes/scheme-rules';
import { submitScores } from './score-sheets.service';

export const scoreResolvers: Resolvers = {
  Mutation: {
    submitScores: (_root, { roundId, compoundId, scores }, ctx) => submitScores(ctx, roundId, compoundId, scores),
  },
  ScoreSheet: {
    group: (s) => s.raterGroup as RaterGroup,
    submittedAt: (s) => s.createdAt.toISOString(),
  },
};
