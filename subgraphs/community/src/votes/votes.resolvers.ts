import type { Resolvers } from '../generated/graphql';
import { loadOneBy } from '@hub/platform';
import { requireFound } from '../compounds/compound-scope';
import { CandidateEntity } from '../elections/election.entity';
import { castBallot, castElectionBallot } from './votes.service';

const candidateById = async (ctx: Parameters<typeof loadOneBy>[0], id: string) => requireFound(await loadOneBy(ctx, CandidateEntity, 'id', id), 'Candidate', id);

export const voteResolvers: Resolvers = {
  Mutation: {
    castBallot: (_root, { matterId, choice }, ctx) => castBallot(ctx, matterId, choice),
    castElectionBallot: (_root, { matterId, candidateIds }, ctx) => castElectionBallot(ctx, matterId, candidateIds),
  },
  Ballot: {
    castAt: (b) => b.castAt.toISOString(),
  },
  ElectionBallot: {
    candidates: (b, _args, ctx) => Promise.all(b.candidateIds.map((id) => candidateById(ctx, id))),
    castAt: (b) => b.castAt.toISOString(),
  },
  CandidateTally: {
    candidate: (c, _args, ctx) => candidateById(ctx, c.candidateId),
  },
};
