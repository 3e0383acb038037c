import { HubError, ErrorCode, type RequestContext } from '@hub/platform';
import type { RatingEventEntity } from '../partners/rating-event.entity';
import { decodeEventCursor, eventsAfter } from '../partners/rating-events.service';
import { assertMayFollowRegion } from '../partners/region-scope';
import { liveFeedOf } from './live-feed';

const CATCH_UP_PAGE = 200;

/**
 * The `ratingPublished` stream: registers for live entries first, then sends what the log holds
 * after `after` (if given), then the live entries not yet sent, each once and in log order.
 * A hand-written iterator rather than a generator, so that a subscriber who leaves while it waits
 * is released at once instead of at the region's next update.
 */
export async function ratingPublished(ctx: RequestContext, args: { regionCode: string; after?: string | null }): Promise<AsyncIterableIterator<RatingEventEntity>> {
  const afterSeq = args.after ? decodeEventCursor(args.after) : null;
  await assertMayFollowRegion(ctx, args.regionCode);
  const feed = liveFeedOf(ctx.ds);
  if (!feed) throw new HubError(ErrorCode.INTERNAL, 'Live rating updates are not available on this server; use ratingEvents to catch up');

  const live: RatingEventEntity[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const stopListening = feed.listen((event) => {
    if (!event.regionPath.split(',').includes(args.regionCode)) return;
    live.push(event);
    wake?.();
  });
  let sent = afterSeq ?? feed.position;
  let catchingUp = afterSeq !== null;
  let backlog: RatingEventEntity[] = [];

  const finish = (): IteratorResult<RatingEventEntity> => {
    done = true;
    stopListening();
    wake?.();
    return { done: true, value: undefined };
  };

  const iterator: AsyncIterableIterator<RatingEventEntity> = {
    async next() {
      while (!done) {
        if (backlog.length === 0 && catchingUp) {
          backlog = await eventsAfter(ctx.ds, args.regionCode, sent, CATCH_UP_PAGE);
          if (backlog.length < CATCH_UP_PAGE) catchingUp = false;
        }
        const source = backlog.length > 0 ? backlog : catchingUp ? null : live;
        while (source && source.length > 0) {
          const event = source.shift()!;
          if (event.seq <= sent) continue;
          sent = event.seq;
          return { done: false, value: event };
        }
        if (catchingUp || backlog.length > 0) continue;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      return { done: true, value: undefined };
    },
    async return() {
      return finish();
    },
    async throw(error?: unknown) {
      finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return iterator;
}
