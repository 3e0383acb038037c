import type { RatingEventEntity } from '../partners/rating-event.entity';
import { eventCursor } from '../partners/rating-events.service';

/** Webhook event type names, dotted as Standard Webhooks suggests. */
const TYPE_NAMES = { RATING_PUBLISHED: 'rating.published' } as const;

/** The JSON body of a delivery: the same fields as the GraphQL RatingEvent, ids for references. */
export function webhookBody(event: RatingEventEntity): string {
  return JSON.stringify({
    type: TYPE_NAMES[event.type],
    timestamp: event.occurredAt.toISOString(),
    data: {
      id: event.id,
      cursor: eventCursor(event.seq),
      resultId: event.resultId,
      roundId: event.roundId,
      compoundId: event.compoundId,
      firmId: event.firmId,
      period: event.period,
      score: event.scoreCentipoints / 100,
      scoreCentipoints: event.scoreCentipoints,
      regionPath: event.regionPath.split(','),
      publishedAt: event.occurredAt.toISOString(),
    },
  });
}
