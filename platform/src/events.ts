import type { SubgraphName } from './config';

/**
 * Cross-subgraph events: the one place their names, payloads and consumers are declared.
 * Each consuming subgraph has one queue; the outbox relay fans an event out to the queues of
 * the subgraphs listed for its topic.
 */
export interface EventPayloads {
  /** A compound was registered or moved in the region tree (小区登记). */
  CompoundRegistered: { compoundId: string; name: string; regionPath: string[] };
}
export type EventTopic = keyof EventPayloads;

export const EVENT_CONSUMERS: { [T in EventTopic]: SubgraphName[] } = {
  CompoundRegistered: ['finance'],
};

export const eventQueueName = (subgraph: SubgraphName): string => `events-${subgraph}`;

export interface EventEnvelope<T extends EventTopic = EventTopic> {
  id: string;
  topic: T;
  aggregateId: string;
  occurredAt: string;
  payload: EventPayloads[T];
}
