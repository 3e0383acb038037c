import type { Resolvers } from '../generated/graphql';
import { attemptsOf, deliveriesOf, eventOf, listWebhooks, registerWebhook, replayDelivery, rotateWebhookSecret, setWebhookStatus, webhookById } from './webhooks.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const webhookResolvers: Resolvers = {
  Query: {
    webhooks: (_root, args, ctx) => listWebhooks(ctx, args),
    webhook: (_root, args, ctx) => webhookById(ctx, args.id),
  },
  Mutation: {
    registerWebhook: (_root, args, ctx) => registerWebhook(ctx, args),
    enableWebhook: (_root, args, ctx) => setWebhookStatus(ctx, args.id, 'ACTIVE'),
    disableWebhook: (_root, args, ctx) => setWebhookStatus(ctx, args.id, 'DISABLED'),
    replayWebhookDelivery: (_root, args, ctx) => replayDelivery(ctx, args.id),
    rotateWebhookSecret: (_root, args, ctx) => rotateWebhookSecret(ctx, args.id, args.graceSeconds),
  },
  WebhookEndpoint: {
    events: (w) => w.eventTypes,
    disabledAt: (w) => iso(w.disabledAt),
    secretRotatedAt: (w) => iso(w.secretRotatedAt),
    previousSecretExpiresAt: (w) => (w.previousSecretExpiresAt && w.previousSecretExpiresAt > new Date() ? w.previousSecretExpiresAt.toISOString() : null),
    createdAt: (w) => w.createdAt.toISOString(),
    deliveries: (w, args, ctx) => deliveriesOf(ctx, w, args),
  },
  WebhookDelivery: {
    event: (d, _args, ctx) => eventOf(ctx, d),
    nextAttemptAt: (d) => iso(d.nextAttemptAt),
    deliveredAt: (d) => iso(d.deliveredAt),
    attemptLog: (d, _args, ctx) => attemptsOf(ctx, d.id),
  },
  WebhookAttempt: {
    attemptedAt: (a) => a.attemptedAt.toISOString(),
  },
};
