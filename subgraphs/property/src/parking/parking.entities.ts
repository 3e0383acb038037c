import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, bigintTransformer, MoneyColumn } from '@hub/platform';
import type { BreachAction, EscalationStep } from './escalation';

export type PlateClass = 'OWNER' | 'TENANT' | 'SHOP' | 'VISITOR';
export const PLATE_CLASSES: readonly PlateClass[] = ['OWNER', 'TENANT', 'SHOP', 'VISITOR'];

const nullableFen = { type: 'bigint' as const, transformer: bigintTransformer, nullable: true };

/** What one class of vehicle pays in one compound (停车收费标准); VISITOR is the market price for outside vehicles. */
@Entity('parking_pricing_rule')
@Index('IDX_parking_pricing_compound_class', ['compoundId', 'plateClass'], { unique: true })
export class ParkingPricingRuleEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 8 })
  plateClass: PlateClass;

  @Column({ type: 'int' })
  freeMinutes: number;

  @MoneyColumn()
  hourlyFen: number;

  @Column(nullableFen)
  dailyCapFen: number | null;

  @Column(nullableFen)
  monthlyPassFen: number | null;
}

export type PermitStatus = 'ACTIVE' | 'REVOKED' | 'EXPIRED';

/**
 * A parking permit (停车证) for one plate in one compound. `activePlate` repeats the plate while
 * the permit is ACTIVE and is null otherwise, so a unique index makes "one active permit per plate
 * and compound" hold even under concurrent issuing.
 */
@Entity('parking_permit')
@Index('IDX_parking_permit_active', ['compoundId', 'activePlate'], { unique: true })
@Index('IDX_parking_permit_compound_plate', ['compoundId', 'plate'])
export class ParkingPermitEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 12 })
  plate: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  activePlate: string | null;

  @Column({ type: 'varchar', length: 8 })
  plateClass: PlateClass;

  /** The community subgraph's Unit id: the home, shop or host unit. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  unitId: string | null;

  @Column({ type: 'date' })
  validFrom: string;

  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  @Column({ type: 'varchar', length: 8 })
  status: PermitStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  revokedReason: string | null;
}

/** A monthly pass (月卡) sold for a permit; unique per plate, compound and month. */
@Entity('parking_pass')
@Index('IDX_parking_pass_plate_month', ['compoundId', 'plate', 'month'], { unique: true })
export class ParkingPassEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 36 })
  permitId: string;

  @Column({ type: 'varchar', length: 12 })
  plate: string;

  /** China Standard Time calendar month, YYYY-MM. */
  @Column({ type: 'varchar', length: 7 })
  month: string;

  @Column({ type: 'varchar', length: 36 })
  feeId: string;
}

export type GateDirection = 'ENTRY' | 'EXIT';

/** Every gate event as the gate system sent it; (compound, sourceRef) makes a resend harmless. */
@Entity('parking_gate_event')
@Index('IDX_parking_gate_event_source', ['compoundId', 'sourceRef'], { unique: true })
export class ParkingGateEventEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 80 })
  sourceRef: string;

  @Column({ type: 'varchar', length: 12 })
  plate: string;

  @Column({ type: 'varchar', length: 40 })
  gate: string;

  @Column({ type: 'varchar', length: 5 })
  direction: GateDirection;

  @Column({ type: 'datetime', precision: 6 })
  occurredAt: Date;

  /** What the event did: OPENED, CLOSED, or NO_ENTRY for an exit without a recorded entry. */
  @Column({ type: 'varchar', length: 10 })
  outcome: string;
}

export type SessionStatus = 'OPEN' | 'CLOSED' | 'NO_EXIT';

/** One stay of a vehicle, from its entry to its exit (停车记录). */
@Entity('parking_session')
@Index('IDX_parking_session_open', ['compoundId', 'plate', 'status'])
@Index('IDX_parking_session_entered', ['compoundId', 'enteredAt'])
export class ParkingSessionEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 12 })
  plate: string;

  /** The class the vehicle was priced as: its permit's at entry, else VISITOR. */
  @Column({ type: 'varchar', length: 8 })
  plateClass: PlateClass;

  @Column({ type: 'varchar', length: 36, nullable: true })
  permitId: string | null;

  @Column({ type: 'datetime', precision: 6 })
  enteredAt: Date;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  exitedAt: Date | null;

  @Column({ type: 'varchar', length: 40 })
  entryGate: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  exitGate: string | null;

  @Column({ type: 'varchar', length: 8 })
  status: SessionStatus;

  @Column(nullableFen)
  feeFen: number | null;
}

export type FeeKind = 'SESSION' | 'MONTHLY_PASS';

/**
 * A parking fee collected (停车费): at the exit gate for a stay, or for a monthly pass. Its id is
 * the feeId of the ParkingFeeCollected event finance books once.
 */
@Entity('parking_fee')
@Index('IDX_parking_fee_compound_collected', ['compoundId', 'collectedAt'])
// The parking revenue of propertyStats reads this alone, without the rows (ADR 0006).
@Index('IDX_parking_fee_compound_collected_class', ['compoundId', 'collectedAt', 'plateClass', 'amountFen'])
@Index('IDX_parking_fee_session', ['sessionId'], { unique: true })
@Index('IDX_parking_fee_receipt', ['receiptRef'], { unique: true })
export class ParkingFeeEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 12 })
  kind: FeeKind;

  @Column({ type: 'varchar', length: 12 })
  plate: string;

  @Column({ type: 'varchar', length: 8 })
  plateClass: PlateClass;

  @MoneyColumn()
  amountFen: number;

  @Column({ type: 'datetime', precision: 6 })
  collectedAt: Date;

  @Column({ type: 'varchar', length: 36, nullable: true })
  sessionId: string | null;

  /** A receipt reported by the firm's ERP: "<firmId>:<receipt number>", so a resent receipt is kept (and booked) once. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  receiptRef: string | null;
}

/** The parking convention in force in a compound, as adopted in the community subgraph (停车公约). */
@Entity('parking_convention')
@Index('IDX_parking_convention_compound', ['compoundId'], { unique: true })
export class ParkingConventionEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  /** The community subgraph's Convention id. */
  @Column({ type: 'varchar', length: 36 })
  conventionId: string;

  @Column({ type: 'simple-json' })
  escalation: EscalationStep[];

  @Column({ type: 'datetime', precision: 6 })
  adoptedAt: Date;
}

/** A recorded breach of the parking convention by one plate, numbered per plate and compound. */
@Entity('parking_breach')
@Index('IDX_parking_breach_number', ['compoundId', 'plate', 'breachNumber'], { unique: true })
export class ParkingBreachEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  compoundId: string;

  @Column({ type: 'varchar', length: 12 })
  plate: string;

  @Column({ type: 'int' })
  breachNumber: number;

  @Column({ type: 'varchar', length: 8, nullable: true })
  action: BreachAction | null;

  @Column({ type: 'varchar', length: 36 })
  conventionId: string;

  @Column({ type: 'varchar', length: 200 })
  description: string;

  @Column({ type: 'datetime', precision: 6 })
  occurredAt: Date;

  /** The caller's subject claim, for the record. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  recordedBy: string | null;
}
