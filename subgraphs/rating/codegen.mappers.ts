/** Resolver parent types for codegen: GraphQL type name → the entity module its resolvers receive (relative to src/generated). */
export const mappers: Record<string, string> = {
  Compound: '{ id: string }',
  Rating: '../results/rating-result.entity#RatingResultEntity',
  // ---- schemes, rounds, results, lists, reviews ----
  GroupScore: '../results/compute#GroupOutcome',
  RatingScheme: '../schemes/rating-scheme.entity#RatingSchemeEntity',
  RatingRound: '../rounds/rating-round.entity#RatingRoundEntity',
  RoundCompound: '../rounds/rating-round.entity#RoundCompoundEntity',
  RaterAssignment: '../rounds/rating-round.entity#RaterEntity',
  ScoreSheet: '../scores/score-sheet.entity#ScoreSheetEntity',
  RedBlackList: '../lists/red-black-list.entity#RedBlackListEntity',
  ListEntry: '../lists/red-black-list.entity#ListEntryEntity',
  CommitteeReview: '../reviews/committee-review.entity#CommitteeReviewEntity',
  // ---- partners ----
  PropertyFirm: '{ id: string }',
  RatingEvent: '../partners/rating-event.entity#RatingEventEntity',
  WebhookEndpoint: '../webhooks/webhook-endpoint.entity#WebhookEndpointEntity',
  WebhookDelivery: '../webhooks/webhook-delivery.entity#WebhookDeliveryEntity',
  WebhookAttempt: '../webhooks/webhook-delivery.entity#WebhookAttemptEntity',
  RegisteredWebhook: '../webhooks/webhooks.service#RegisteredWebhookResult',
};
