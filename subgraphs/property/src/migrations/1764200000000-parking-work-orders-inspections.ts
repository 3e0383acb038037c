import type { MigrationInterface, QueryRunner } from 'typeorm';

const BASE = `\`id\` varchar(36) NOT NULL,
      \`createdAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`updatedAt\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),`;

/** Parking (pricing, permits, passes, gate events, sessions, fees, convention, breaches), work orders, inspections. */
export class PropertyParkingWorkOrdersInspections1764200000000 implements MigrationInterface {
  name = 'PropertyParkingWorkOrdersInspections1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE \`parking_pricing_rule\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`plateClass\` varchar(8) NOT NULL,
      \`freeMinutes\` int NOT NULL,
      \`hourlyFen\` bigint NOT NULL DEFAULT 0,
      \`dailyCapFen\` bigint NULL,
      \`monthlyPassFen\` bigint NULL,
      UNIQUE INDEX \`IDX_parking_pricing_compound_class\` (\`compoundId\`, \`plateClass\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`parking_permit\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`plate\` varchar(12) NOT NULL,
      \`activePlate\` varchar(12) NULL,
      \`plateClass\` varchar(8) NOT NULL,
      \`unitId\` varchar(36) NULL,
      \`validFrom\` date NOT NULL,
      \`validTo\` date NULL,
      \`status\` varchar(8) NOT NULL,
      \`revokedReason\` varchar(200) NULL,
      UNIQUE INDEX \`IDX_parking_permit_active\` (\`compoundId\`, \`activePlate\`),
      INDEX \`IDX_parking_permit_compound_plate\` (\`compoundId\`, \`plate\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`parking_pass\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`permitId\` varchar(36) NOT NULL,
      \`plate\` varchar(12) NOT NULL,
      \`month\` varchar(7) NOT NULL,
      \`feeId\` varchar(36) NOT NULL,
      UNIQUE INDEX \`IDX_parking_pass_plate_month\` (\`compoundId\`, \`plate\`, \`month\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`parking_gate_event\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`sourceRef\` varchar(80) NOT NULL,
      \`plate\` varchar(12) NOT NULL,
      \`gate\` varchar(40) NOT NULL,
      \`direction\` varchar(5) NOT NULL,
      \`occurredAt\` datetime(6) NOT NULL,
      \`outcome\` varchar(10) NOT NULL,
      UNIQUE INDEX \`IDX_parking_gate_event_source\` (\`compoundId\`, \`sourceRef\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`parking_session\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`plate\` varchar(12) NOT NULL,
      \`plateClass\` varchar(8) NOT NULL,
      \`permitId\` varchar(36) NULL,
      \`enteredAt\` datetime(6) NOT NULL,
      \`exitedAt\` datetime(6) NULL,
      \`entryGate\` varchar(40) NOT NULL,
      \`exitGate\` varchar(40) NULL,
      \`status\` varchar(8) NOT NULL,
      \`feeFen\` bigint NULL,
      INDEX \`IDX_parking_session_open\` (\`compoundId\`, \`plate\`, \`status\`),
      INDEX \`IDX_parking_session_entered\` (\`compoundId\`, \`enteredAt\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`parking_fee\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`kind\` varchar(12) NOT NULL,
      \`plate\` varchar(12) NOT NULL,
      \`plateClass\` varchar(8) NOT NULL,
      \`amountFen\` bigint NOT NULL DEFAULT 0,
      \`collectedAt\` datetime(6) NOT NULL,
      \`sessionId\` varchar(36) NULL,
      INDEX \`IDX_parking_fee_compound_collected\` (\`compoundId\`, \`collectedAt\`),
      UNIQUE INDEX \`IDX_parking_fee_session\` (\`sessionId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`parking_convention\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`conventionId\` varchar(36) NOT NULL,
      \`escalation\` text NOT NULL,
      \`adoptedAt\` datetime(6) NOT NULL,
      UNIQUE INDEX \`IDX_parking_convention_compound\` (\`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`parking_breach\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`plate\` varchar(12) NOT NULL,
      \`breachNumber\` int NOT NULL,
      \`action\` varchar(8) NULL,
      \`conventionId\` varchar(36) NOT NULL,
      \`description\` varchar(200) NOT NULL,
      \`occurredAt\` datetime(6) NOT NULL,
      \`recordedBy\` varchar(64) NULL,
      UNIQUE INDEX \`IDX_parking_breach_number\` (\`compoundId\`, \`plate\`, \`breachNumber\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`work_order\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`firmId\` varchar(36) NULL,
      \`source\` varchar(16) NOT NULL,
      \`sourceRef\` varchar(120) NOT NULL,
      \`requestId\` varchar(36) NULL,
      \`category\` varchar(40) NOT NULL,
      \`priority\` varchar(8) NOT NULL,
      \`description\` varchar(1000) NOT NULL,
      \`place\` varchar(200) NULL,
      \`photoUrls\` text NOT NULL,
      \`status\` varchar(12) NOT NULL,
      \`assigneeName\` varchar(60) NULL,
      \`assigneePersonId\` varchar(36) NULL,
      \`dueAt\` datetime(6) NOT NULL,
      \`startedAt\` datetime(6) NULL,
      \`completedAt\` datetime(6) NULL,
      \`completionPhotoUrls\` text NULL,
      \`resolutionNote\` varchar(500) NULL,
      UNIQUE INDEX \`IDX_work_order_source\` (\`source\`, \`sourceRef\`),
      INDEX \`IDX_work_order_compound_status\` (\`compoundId\`, \`status\`),
      INDEX \`IDX_work_order_firm_status\` (\`firmId\`, \`status\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`work_order_transition\` (
      ${BASE}
      \`workOrderId\` varchar(36) NOT NULL,
      \`fromStatus\` varchar(12) NULL,
      \`toStatus\` varchar(12) NOT NULL,
      \`byRole\` varchar(24) NOT NULL,
      \`bySub\` varchar(64) NULL,
      \`note\` varchar(500) NULL,
      INDEX \`IDX_work_order_transition_order\` (\`workOrderId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`inspection_plan\` (
      ${BASE}
      \`compoundId\` varchar(36) NOT NULL,
      \`firmId\` varchar(36) NULL,
      \`name\` varchar(100) NOT NULL,
      \`intervalHours\` int NOT NULL,
      \`startsAt\` datetime(6) NOT NULL,
      \`active\` tinyint NOT NULL DEFAULT 1,
      INDEX \`IDX_inspection_plan_compound\` (\`compoundId\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`inspection_checkpoint\` (
      ${BASE}
      \`planId\` varchar(36) NOT NULL,
      \`sequence\` int NOT NULL,
      \`name\` varchar(100) NOT NULL,
      \`location\` varchar(200) NULL,
      UNIQUE INDEX \`IDX_inspection_checkpoint_sequence\` (\`planId\`, \`sequence\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
    await q.query(`CREATE TABLE \`inspection_record\` (
      ${BASE}
      \`planId\` varchar(36) NOT NULL,
      \`checkpointId\` varchar(36) NOT NULL,
      \`compoundId\` varchar(36) NOT NULL,
      \`inspectedAt\` datetime(6) NOT NULL,
      \`inspector\` varchar(60) NOT NULL,
      \`result\` varchar(8) NOT NULL,
      \`note\` varchar(500) NULL,
      \`photoUrls\` text NOT NULL,
      \`workOrderId\` varchar(36) NULL,
      \`sourceRef\` varchar(80) NOT NULL,
      INDEX \`IDX_inspection_record_plan_time\` (\`planId\`, \`inspectedAt\`),
      UNIQUE INDEX \`IDX_inspection_record_source\` (\`planId\`, \`sourceRef\`),
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'inspection_record',
      'inspection_checkpoint',
      'inspection_plan',
      'work_order_transition',
      'work_order',
      'parking_breach',
      'parking_convention',
      'parking_fee',
      'parking_session',
      'parking_gate_event',
      'parking_pass',
      'parking_permit',
      'parking_pricing_rule',
    ]) {
      await q.query(`DROP TABLE \`${table}\``);
    }
  }
}
