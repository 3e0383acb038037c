import type { DataSource } from 'typeorm';
import { transaction } from '@hub/platform';
import { IngestionSourceEntity, type SourceKind } from './ingestion-source.entity';

export interface DemoSource {
  id: string;
  kind: SourceKind;
  adapter: string;
  baseUrl: string;
  credentialsRef: string;
  firmId: string | null;
  scheduleSeconds: number;
  pageSize: number;
  rateLimitPerSecond: number;
}

/**
 * Registers the demo's sources when absent and points them at this run's simulators (whose
 * ports change from run to run); their cursors, state and history are kept.
 */
export async function ensureDemoIngestionSources(ds: DataSource, sources: DemoSource[]): Promise<void> {
  await transaction(ds, async (manager) => {
    for (const s of sources) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(IngestionSourceEntity)
        .values({ ...s, cursor: null, enabled: true, pausedReason: null, consecutiveFailures: 0, retryAt: null, lastRunAt: null, lastSuccessAt: null, lastError: null })
        .orIgnore()
        .execute();
      await manager.update(IngestionSourceEntity, { id: s.id }, { baseUrl: s.baseUrl, credentialsRef: s.credentialsRef });
    }
  });
}
