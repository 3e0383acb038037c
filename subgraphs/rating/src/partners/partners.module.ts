import { mergeResolvers, webhookSecretKey, type BackgroundContext } from '@hub/platform';
import { RatingCounterEntity, RatingEventEntity, RatingEventRegionEntity } from './rating-event.entity';
import { WebhookEndpointEntity } from '../webhooks/webhook-endpoint.entity';
import { WebhookAttemptEntity, WebhookDeliveryEntity } from '../webhooks/webhook-delivery.entity';
import { RatingPartnerLog1764200000000 } from '../migrations/1764200000000-partner-log';
import { RatingWebhooks1764200000001 } from '../migrations/1764200000001-webhooks';
import { RatingHardening1764300000000 } from '../migrations/1764300000000-rating-hardening';
import { ratingEventResolvers } from './rating-events.resolvers';
import { webhookResolvers } from '../webhooks/webhooks.resolvers';
import { subscriptionResolvers } from '../subscriptions/subscriptions.resolvers';
import { startWebhookWork } from '../webhooks/webhook-worker';
import { startLiveFeed } from '../subscriptions/live-feed';

/** The partner side (event log, feed, subscriptions, webhooks), listed once for subgraph.ts. */
export const partnerEntities = [RatingEventEntity, RatingEventRegionEntity, RatingCounterEntity, WebhookEndpointEntity, WebhookDeliveryEntity, WebhookAttemptEntity];
export const partnerMigrations = [RatingPartnerLog1764200000000, RatingWebhooks1764200000001, RatingHardening1764300000000];
export const partnerResolvers = mergeResolvers(ratingEventResolvers, webhookResolvers, subscriptionResolvers);

/** Worker side: webhook dispatch, sweep and delivery. */
export const startPartnerBackground = (ctx: BackgroundContext) => startWebhookWork(ctx);
/**
 * Server side: the live feed behind `ratingPublished`. The server seals and shows webhook secrets,
 * so it refuses to start without WEBHOOK_SECRET_KEY in production, as the worker does.
 */
export const startPartnerServing = async (ctx: BackgroundContext) => {
  webhookSecretKey(ctx.config);
  return startLiveFeed(ctx);
};
