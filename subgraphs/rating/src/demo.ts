import type { DataSource } from 'typeorm';
import { RatingResultEntity } from './results/rating-result.entity';

export interface RatingDemo {
  results: { id: string; compoundId: string; period: string; scoreCentipoints: number; publishedAt: string }[];
}

/** Idempotent: results are keyed by their fixed demo ids. */
export async function seedRatingDemo(ds: DataSource, demo: RatingDemo): Promise<void> {
  await ds.getRepository(RatingResultEntity).upsert(
    demo.results.map((r) => ({ ...r, publishedAt: new Date(r.publishedAt) })),
    ['id'],
  );
}
