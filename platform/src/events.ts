import type { SubgraphName } from './config';

/**
 * Cross-subgraph events: the one place their names, payloads and consumers are declared.
 * Each consuming subgraph has one queue; the outbox relay fans an event out to the queues of
 * the subgraphs listed for its topic. Times are ISO-8601 UTC strings, money integer fen.
 */
export interface EventPayloads {
  /** A compound was registered or moved in the region tree (小区登记). */
  CompoundRegistered: { compoundId: string; name: string; regionPath: string[] };

  /** An owners' assembly matter reached RESOLVED or REJECTED (表决结果); finance checks spending and fund use against it. */
  MatterDecided: {
    matterId: string;
    compoundId: string;
    /** Civil Code art. 278 item, 1–9. */
    article278Item: number;
    title: string;
    passed: boolean;
    decidedAt: string;
  };

  /** A convention was adopted through a passed matter (公约); property enforces the parking one. */
  ConventionAdopted: {
    conventionId: string;
    compoundId: string;
    kind: 'PARKING' | 'RESIDENTS' | 'OTHER';
    /** Per vehicle: the action taken at the n-th breach, ascending by breach. */
    escalation: Array<{ breach: number; action: 'CAUTION' | 'WARNING' | 'REMOVAL' }>;
    adoptedAt: string;
  };

  /** A resident request was dispatched to its responsible party (派单); property turns a firm's into a work order. */
  RequestDispatched: {
    requestId: string;
    compoundId: string;
    category: string;
    description: string;
    place: string | null;
    photoUrls: string[];
    responsible: 'PROPERTY_FIRM' | 'RESIDENTS_COMMITTEE' | 'OWNERS_COMMITTEE' | 'UTILITY';
    dueAt: string;
    dispatchedAt: string;
    /**
     * The request's dispatch count: 1 for the first dispatch, one more for each dispatch after a
     * reopening or after the firm gave it back (WorkOrderCancelled). With requestId it names one
     * dispatch, so a request dispatched again makes a new work order.
     */
    round?: number;
  };

  /** A resident request was closed with the reporter's feedback; rating may use satisfaction. */
  RequestClosed: {
    requestId: string;
    compoundId: string;
    category: string;
    /** 1–5, null when the reporter gave none. */
    satisfaction: number | null;
    closedAt: string;
  };

  /** A work order was completed (完工); the request it came from moves to RESOLVED. */
  WorkOrderCompleted: {
    workOrderId: string;
    requestId: string | null;
    compoundId: string;
    firmId: string | null;
    photoUrls: string[];
    completedAt: string;
    /**
     * The dispatch round of the request the order came from (RequestDispatched `round`, 1 when
     * absent): community ignores a completion of an older round than the request's current dispatch.
     */
    requestRound?: number;
  };

  /**
   * A work order made from a resident request was cancelled (工单撤销) with the firm's reason; the
   * request goes back to ACCEPTED so that it can be dispatched again.
   */
  WorkOrderCancelled: {
    workOrderId: string;
    requestId: string;
    /** As in WorkOrderCompleted: the dispatch round the order was made for. */
    requestRound: number;
    compoundId: string;
    firmId: string | null;
    reason: string;
    cancelledAt: string;
  };

  /** A service contract was created or changed status (物业服务合同). */
  ContractChanged: {
    contractId: string;
    compoundId: string;
    firmId: string | null;
    model: 'STANDARD' | 'VOLUNTEER_BASELINE' | 'SELF_MANAGED';
    startsOn: string;
    endsOn: string | null;
    status: string;
  };

  /** A firm staff post was recorded or ended; community counts it in cross-appointments (交叉任职). */
  FirmPostRecorded: {
    postId: string;
    firmId: string;
    /** The community subgraph's Person id. */
    personId: string;
    role: string;
    startsOn: string;
    endsOn: string | null;
  };

  /** A parking fee was collected (停车收费); finance books it as public revenue, once per feeId. */
  ParkingFeeCollected: {
    feeId: string;
    compoundId: string;
    plateClass: 'OWNER' | 'TENANT' | 'SHOP' | 'VISITOR';
    amountFen: number;
    collectedAt: string;
  };

  /** A rating result was published (评价结果公布); finance books the incentive payout once per resultId. */
  RatingPublished: {
    resultId: string;
    roundId: string;
    compoundId: string;
    firmId: string | null;
    period: string;
    /** 0–10000: the score times 100, so 92.35 is 9235. */
    scoreCentipoints: number;
    regionPath: string[];
    publishedAt: string;
  };

  /**
   * A post in a community organisation was taken up or ended (任职变动); finance checks joint-audit
   * sign-offs against the owners' committee and supervisory board posts. A later event for the same
   * postId replaces the earlier one.
   */
  PostChanged: {
    postId: string;
    /** The community subgraph's Person id. */
    personId: string;
    organisationId: string;
    organisationKind:
      | 'PARTY_ORGANISATION'
      | 'RESIDENTS_COMMITTEE'
      | 'OWNERS_COMMITTEE'
      | 'STEWARD_GROUP'
      | 'CO_GOVERNANCE_COMMITTEE'
      | 'SUPERVISORY_BOARD'
      | 'VOLUNTEER_TEAM'
      | 'AREA_SERVICE_TEAM';
    /** The compound the organisation serves; null when it serves none or several. */
    compoundId: string | null;
    role: string;
    /** ISO dates; the post is held from startsOn up to, not including, endsOn. */
    startsOn: string;
    endsOn: string | null;
  };

  /** An owners' committee failed its yearly review twice running (换届提示). */
  CommitteeReelectionFlagged: {
    /** The community subgraph's Organisation id of the owners' committee. */
    committeeId: string;
    compoundId: string;
    years: number[];
    flaggedAt: string;
  };
}
export type EventTopic = keyof EventPayloads;

export const EVENT_CONSUMERS: { [T in EventTopic]: SubgraphName[] } = {
  CompoundRegistered: ['property', 'finance', 'rating'],
  MatterDecided: ['finance'],
  ConventionAdopted: ['property'],
  RequestDispatched: ['property'],
  RequestClosed: ['rating'],
  WorkOrderCompleted: ['community'],
  WorkOrderCancelled: ['community'],
  ContractChanged: ['rating', 'community'],
  FirmPostRecorded: ['community'],
  ParkingFeeCollected: ['finance'],
  RatingPublished: ['finance'],
  CommitteeReelectionFlagged: ['community'],
  PostChanged: ['finance'],
};

/** The topics a subgraph consumes; its definition must handle each of them. */
export const topicsConsumedBy = (subgraph: SubgraphName): EventTopic[] =>
  (Object.keys(EVENT_CONSUMERS) as EventTopic[]).filter((t) => EVENT_CONSUMERS[t].includes(subgraph));

export const eventQueueName = (subgraph: SubgraphName): string => `events-${subgraph}`;

/**
 * A job on a consumer's event queue: up to `EVENTS_PER_JOB` events in outbox order, each applied
 * once (`applyEvents`: on its own, or with the events of its topic beside it where the consumer
 * has a batch handler). One job per event cost the relay more than the writes the
 * events announce when an ingestion batch records thousands at once; a single event (a rating
 * published, a contract signed) still goes out as a job of one, as soon as it is relayed.
 */
export interface EventJob {
  events: EventEnvelope[];
}

export const EVENT_JOB = 'events';
export const EVENTS_PER_JOB = 100;

export interface EventEnvelope<T extends EventTopic = EventTopic> {
  id: string;
  topic: T;
  aggregateId: string;
  occurredAt: string;
  payload: EventPayloads[T];
}
