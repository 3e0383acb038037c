import type { DataSource } from 'typeorm';
import { transaction } from '@hub/platform';
import { RatingResultEntity } from './results/rating-result.entity';
import { RatingSchemeEntity } from './schemes/rating-scheme.entity';
import type { GroupRule, IncompleteGroupRule, IndicatorRule, ListRule } from './schemes/scheme-rules';

export interface RatingDemo {
  results: { id: string; compoundId: string; period: string; scoreCentipoints: number; publishedAt: string }[];
  /** District rating schemes, with fixed ids. */
  schemes?: { id: string; districtCode: string; name: string; indicators: IndicatorRule[]; groups: GroupRule[]; incompleteGroupRule: IncompleteGroupRule; listRule: ListRule }[];
}

/** Idempotent: results are keyed by their fixed demo ids; schemes already present are left as they are. */
export async function seedRatingDemo(ds: DataSource, demo: RatingDemo): Promise<void> {
  await ds.getRepository(RatingResultEntity).upsert(
    demo.results.map((r) => ({ ...r, publishedAt: new Date(r.publishedAt) })),
    ['id'],
  );
  await transaction(ds, async (manager) => {
    for (const s of demo.schemes ?? []) {
      if (!(await manager.existsBy(RatingSchemeEntity, { id: s.id }))) await manager.save(manager.create(RatingSchemeEntity, s));
    }
  });
}
