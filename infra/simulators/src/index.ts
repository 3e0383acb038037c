export { startErpSimulator, type ErpShape, type ErpSimulatorOptions, type RunningErpSimulator } from './erp';
export { startUtilitySimulator, type UtilitySimulatorOptions } from './utility';
export { startWebhookReceiver, verifyStandardWebhook, type ReceivedWebhook, type RunningWebhookReceiver, type WebhookReceiverKnobs } from './webhook-receiver';
export { Random } from './random';
export { NO_FAULTS, type Expected, type ExpectedRecord, type Knobs, type MalformedRecord, type RunningSimulator, type SimCompound, type WorkOrderStatus } from './types';
