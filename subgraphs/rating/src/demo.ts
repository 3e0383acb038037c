import type { DataSource } from 'typeorm';
import { transaction } from '@hub/platform';
import { RatingResultEntity } from './results/rating-result.entity';
import { RatingSchemeEntity } from './schemes/rating-scheme.entity';
import { recordRatingUpdates } from './partners/rating-updates';
import type { GroupRule, IncompleteGroupRule, IndicatorRule, ListRule } from './schemes/scheme-rules';

export interface RatingDemo {
  results: {
    id: string;
    compoundId: string;
    period: string;
    scoreCentipoints: number;
    publishedAt: string;
    /** [community, street, district] codes of the compound: where partners following a region see the result. */
    regionPath?: string[];
    /** The firm serving the compound when the result was published, as partners are told. */
    firmId?: string | null;
  }[];
  /** District rating schemes, with fixed ids. */
  schemes?: { id: string; districtCode: string; name: string; indicators: IndicatorRule[]; groups: GroupRule[]; incompleteGroupRule: IncompleteGroupRule; listRule: ListRule }[];
}

/**
 * Idempotent: results are keyed by their fixed demo ids; schemes already present are left as they
 * are. The published results also enter the partners' update log (in publication order, best
 * first within a day), once each: the log skips a result it already has, so the demo's feed,
 * subscriptions from the start and webhooks show them as if published through the hub.
 */
export async function seedRatingDemo(ds: DataSource, demo: RatingDemo): Promise<void> {
  await ds.getRepository(RatingResultEntity).upsert(
    demo.results.map(({ regionPath: _path, firmId: _firm, ...r }) => ({ ...r, publishedAt: new Date(r.publishedAt) })),
    ['id'],
  );
  await transaction(ds, async (manager) => {
    for (const s of demo.schemes ?? []) {
      if (!(await manager.existsBy(RatingSchemeEntity, { id: s.id }))) await manager.save(manager.create(RatingSchemeEntity, s));
    }
  });
  const published = demo.results
    .filter((r) => r.regionPath && r.regionPath.length > 0)
    .sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt) || b.scoreCentipoints - a.scoreCentipoints || a.id.localeCompare(b.id));
  if (published.length === 0) return;
  await transaction(ds, (manager) =>
    recordRatingUpdates(
      manager,
      published.map((r) => ({
        resultId: r.id,
        roundId: null,
        compoundId: r.compoundId,
        firmId: r.firmId ?? null,
        period: r.period,
        scoreCentipoints: r.scoreCentipoints,
        regionPath: r.regionPath!,
        publishedAt: new Date(r.publishedAt),
      })),
    ),
  );
}
