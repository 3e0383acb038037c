/** The Standard Webhooks signature lives in the platform, shared with ingestion pushes. */
export { SECRET_PREFIX, newWebhookSecret, signWebhook, signWebhookWithEach, verifyWebhook } from '@hub/platform';
