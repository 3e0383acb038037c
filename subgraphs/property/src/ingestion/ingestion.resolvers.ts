import type { Resolvers } from '../generated/graphql';
import {
  batchById,
  batchRejections,
  deadBatches,
  listSources,
  pauseSource,
  quarantinedRecords,
  registerSource,
  replayDead,
  replayQuarantined,
  replaySource,
  resumeSource,
  sourceStatus,
  updateSource,
} from './ingestion-sources.service';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const ingestionResolvers: Resolvers = {
  IngestionSource: {
    retryAt: (s) => iso(s.retryAt),
    lastRunAt: (s) => iso(s.lastRunAt),
    lastSuccessAt: (s) => iso(s.lastSuccessAt),
    createdAt: (s) => s.createdAt.toISOString(),
  },
  IngestionStatus: {
    lastRunAt: (s) => iso(s.source.lastRunAt),
    lastSuccessAt: (s) => iso(s.source.lastSuccessAt),
    lastError: (s) => s.source.lastError,
    pausedReason: (s) => s.source.pausedReason,
  },
  IngestionBatch: {
    createdAt: (b) => b.createdAt.toISOString(),
    appliedAt: (b) => iso(b.appliedAt),
    rejections: (b, _args, ctx) => batchRejections(ctx, b.id),
  },
  QuarantinedRecord: {
    raw: (q) => JSON.stringify(q.raw),
    createdAt: (q) => q.createdAt.toISOString(),
    replayedAt: (q) => iso(q.replayedAt),
  },
  Query: {
    ingestionSources: (_root, _args, ctx) => listSources(ctx),
    ingestionStatus: (_root, { sourceId }, ctx) => sourceStatus(ctx, sourceId),
    ingestionBatch: (_root, { id }, ctx) => batchById(ctx, id),
    quarantinedRecords: (_root, { sourceId, pending, ...page }, ctx) => quarantinedRecords(ctx, sourceId, pending ?? false, page),
    deadIngestionBatches: (_root, { sourceId, ...page }, ctx) => deadBatches(ctx, sourceId ?? null, page),
  },
  Mutation: {
    registerIngestionSource: (_root, { input }, ctx) => registerSource(ctx, input),
    updateIngestionSource: (_root, { id, input }, ctx) => updateSource(ctx, id, input),
    pauseIngestionSource: (_root, { id, reason }, ctx) => pauseSource(ctx, id, reason),
    resumeIngestionSource: (_root, { id }, ctx) => resumeSource(ctx, id),
    replayIngestionSource: (_root, { id, fromCursor }, ctx) => replaySource(ctx, id, fromCursor ?? null),
    replayQuarantinedRecords: (_root, { sourceId, ids }, ctx) => replayQuarantined(ctx, sourceId, ids ?? null),
    replayDeadBatch: (_root, { id }, ctx) => replayDead(ctx, id),
  },
};
