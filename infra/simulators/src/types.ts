/**
 * The hub's records as the simulators expect them to arrive after mapping: the same shapes as the
 * property subgraph's ingestion records, repeated here because the simulators play the vendors and
 * depend on nothing of the hub.
 */
export type WorkOrderStatus = 'NEW' | 'ASSIGNED' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';

export type ExpectedRecord =
  | {
      kind: 'WORK_ORDER';
      externalId: string;
      compoundId: string;
      hubWorkOrderId: string | null;
      category: string;
      priority: 'URGENT' | 'NORMAL';
      description: string;
      place: string | null;
      status: WorkOrderStatus;
      assigneeName: string | null;
      resolutionNote: string | null;
      completionPhotoUrls: string[];
      createdAt: string;
      updatedAt: string;
      completedAt: string | null;
    }
  | { kind: 'INSPECTION'; externalId: string; compoundId: string; planId: string; checkpointName: string; inspector: string; result: 'OK' | 'FINDING'; note: string | null; photoUrls: string[]; inspectedAt: string }
  | { kind: 'GATE_EVENT'; externalId: string; compoundId: string; plate: string; gate: string; direction: 'ENTRY' | 'EXIT'; at: string }
  | { kind: 'FEE_RECEIPT'; externalId: string; compoundId: string; feeKind: 'PARKING_PASS' | 'PARKING_TEMPORARY'; plate: string | null; amountFen: number; receivedAt: string }
  | { kind: 'UTILITY_COVERAGE'; externalId: string; compoundId: string; utility: 'GAS' | 'WATER' | 'POWER'; provider: string | null; householdsConnected: number; householdsTotal: number | null; reportedAt: string }
  | { kind: 'UTILITY_NOTICE'; externalId: string; compoundId: string; utility: 'GAS' | 'WATER' | 'POWER'; noticeKind: 'PLANNED_MAINTENANCE' | 'OUTAGE'; title: string; startsAt: string; endsAt: string | null };

/** A compound the simulated vendor serves: its hub id, its barrier gate codes, optionally an inspection route. */
export interface SimCompound {
  id: string;
  gates: string[];
  /** The hub's inspection plan and its checkpoint names, for patrol records; none without it. */
  inspection?: { planId: string; checkpoints: string[] };
}

/** Request-time faults and generation-time defects. */
export interface Knobs {
  /** Share of page requests answered 500 or 503. */
  errorRate: number;
  /** Delay before every answer. */
  latencyMs: number;
  /** Share of page requests never answered (the connection hangs until the client gives up or the simulator stops). */
  timeoutRate: number;
  /** Share of records served again on a later page (generation time). */
  duplicateRate: number;
  /** Share of records written so they break the vendor schema in a known way (generation time). */
  malformedRate: number;
}

export const NO_FAULTS: Knobs = { errorRate: 0, latencyMs: 0, timeoutRate: 0, duplicateRate: 0, malformedRate: 0 };

/** A record broken on purpose: it must end up in quarantine with a reason containing `reason`. */
export interface MalformedRecord {
  position: number;
  externalId: string;
  defect: string;
  reason: string;
  /** What the record would have been without the defect (for replay-after-fix tests). */
  intended: ExpectedRecord;
}

/** The truth a test reconciles the hub against. */
export interface Expected {
  /** Every well-formed record served, in order, without the duplicates (work orders: each version). */
  records: ExpectedRecord[];
  /** The newest version of each (kind, externalId) among `records`. */
  latest: ExpectedRecord[];
  malformed: MalformedRecord[];
  /** Positions (in the served sequence) that repeat an earlier record. */
  duplicates: Array<{ position: number; externalId: string }>;
  /** Items in the served sequence: records + malformed + duplicates. */
  served: number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  stop(): Promise<void>;
  expected(): Expected;
  setKnobs(knobs: Partial<Knobs>): void;
  /** Generates `count` more records (a live feed); the same seed extends the same way. */
  extend(count: number): void;
  /** A push body (`{ records: [...] }`) of the served items in positions [from, to). */
  pushBody(from: number, to: number): { records: unknown[] };
  /** Requests answered so far, by outcome. */
  stats(): { pages: number; errors: number; timeouts: number };
}
