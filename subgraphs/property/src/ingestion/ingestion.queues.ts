/**
 * The ingestion queues and their job data, declared once. Jobs are only triggers: what must not
 * be lost (the cursor, the staged batches) is in the database.
 */

/** Pulls (one job scheduler per enabled source) and the reconciler's ticks. */
export const INGEST_PULL_QUEUE = 'property-ingest-pull';
/** Applying staged batches; the job id is the batch id, so a batch is queued at most once at a time. */
export const INGEST_APPLY_QUEUE = 'property-ingest-apply';

export const PULL_JOB = 'pull';
export const RECONCILE_JOB = 'reconcile';
export const APPLY_JOB = 'apply';

export interface PullJob {
  sourceId: string;
}
/** The reconciler carries nothing: it reads the database. */
export type ReconcileJob = Record<string, never>;
export type PullQueueJob = PullJob | ReconcileJob;

export interface ApplyJob {
  batchId: string;
}

/** Fixed ids, so that re-upserting after a restart replaces instead of adding. */
export const pullSchedulerId = (sourceId: string): string => `ingest:${sourceId}`;
export const RECONCILE_SCHEDULER_ID = 'ingest-reconcile';
