import { In, IsNull, Not, type EntityManager } from 'typeorm';
import {
  badInput,
  byKeys,
  HubError,
  ErrorCode,
  forbidden,
  notFound,
  pageWindow,
  recordEvent,
  recordEvents,
  Role,
  toConnection,
  transaction,
  uuidv7,
  assertFen,
  type EventPayloads,
  type PageArgs,
  type RequestContext,
} from '@hub/platform';
import { assertCompoundAccess, lockKnownCompound } from '../scope/compound-access';
import { isIsoDate, utcDay } from '../scope/period';
import { assertCompoundOperator, isDuplicateKey, writeLock } from '../work-orders/access';
import { optionalText, parseInstant, parseWindow, requiredText } from '../work-orders/input';
import { ParkingEntranceEntity } from '../facilities/parking-area.entity';
import { unknownGateProblem } from './gates';
import { parkingFeeFen, passMonthOf, passMonthWindow, pricingProblem } from './fee';
import { normalisePlate } from './plate';
import { recordParkingFees } from '../stats/property-summary';
import {
  PLATE_CLASSES,
  ParkingFeeEntity,
  ParkingGateEventEntity,
  ParkingPassEntity,
  ParkingPermitEntity,
  ParkingPricingRuleEntity,
  ParkingSessionEntity,
  type GateDirection,
  type PlateClass,
} from './parking.entities';

export function plateOrError(raw: string, field = 'plate'): string {
  const plate = normalisePlate(raw);
  if (!plate) throw badInput(`${field} "${raw}" is not a Chinese vehicle plate (e.g. 浙B12345, or 浙BD12345 for new energy)`, { field });
  return plate;
}

const isClass = (value: string): value is PlateClass => (PLATE_CLASSES as readonly string[]).includes(value);

/* ---- pricing ---- */

export interface PricingInput {
  plateClass: PlateClass;
  freeMinutes: number;
  hourlyFen: number;
  dailyCapFen?: number | null;
  monthlyPassFen?: number | null;
}

/** A compound's parking prices, one statement for all compounds asked about in the request. Prices are public (收费公示). */
export function pricingOf(ctx: RequestContext, compoundId: string): Promise<ParkingPricingRuleEntity[]> {
  return ctx.loaders
    .get<string, ParkingPricingRuleEntity[]>('ParkingPricingRule.compoundId', async (ids) => {
      const rows = await ctx.ds.getRepository(ParkingPricingRuleEntity).find({ where: { compoundId: In([...ids]) }, order: { plateClass: 'ASC' } });
      return ids.map((id) => rows.filter((r) => r.compoundId === id));
    })
    .load(compoundId);
}

/** Sets the prices of the given classes (other classes keep theirs); all rules are checked before any is written. */
export async function setParkingPricing(ctx: RequestContext, compoundId: string, rules: PricingInput[]): Promise<ParkingPricingRuleEntity[]> {
  await assertCompoundOperator(ctx, compoundId, 'parking prices');
  if (rules.length === 0) throw badInput('Give at least one rule', { field: 'rules' });
  const seen = new Set<string>();
  const rows = rules.map((r, i) => {
    if (seen.has(r.plateClass)) throw badInput(`rules[${i}]: class ${r.plateClass} is given twice`, { field: 'rules' });
    seen.add(r.plateClass);
    const rule = { freeMinutes: r.freeMinutes, hourlyFen: r.hourlyFen, dailyCapFen: r.dailyCapFen ?? null, monthlyPassFen: r.monthlyPassFen ?? null };
    const problem = pricingProblem(rule);
    if (problem) throw badInput(`rules[${i}] (${r.plateClass}): ${problem}`, { field: 'rules' });
    return { compoundId, plateClass: r.plateClass, ...rule };
  });
  return transaction(ctx.ds, async (manager) => {
    await lockKnownCompound(manager, compoundId);
    const existing = await manager.find(ParkingPricingRuleEntity, { where: { compoundId } });
    for (const row of rows) {
      const current = existing.find((e) => e.plateClass === row.plateClass);
      if (current) await manager.update(ParkingPricingRuleEntity, { id: current.id }, row);
      else await manager.save(manager.create(ParkingPricingRuleEntity, row));
    }
    return manager.find(ParkingPricingRuleEntity, { where: { compoundId }, order: { plateClass: 'ASC' } });
  });
}

/* ---- permits ---- */

export interface IssuePermitInput {
  compoundId: string;
  plate: string;
  plateClass: PlateClass;
  unitId?: string | null;
  validFrom: string;
  validTo?: string | null;
}

/**
 * Issues a permit. A plate may hold one ACTIVE permit per compound: an earlier one whose last day
 * is before the new one's first is retired as EXPIRED; any other → CONFLICT, nothing written.
 */
export async function issuePermit(ctx: RequestContext, input: IssuePermitInput): Promise<ParkingPermitEntity> {
  await assertCompoundOperator(ctx, input.compoundId, 'parking permits');
  const plate = plateOrError(input.plate);
  if (!isClass(input.plateClass)) throw badInput(`plateClass must be one of ${PLATE_CLASSES.join(', ')}`, { field: 'plateClass' });
  const unitId = optionalText(input.unitId, 'unitId', 36);
  if (input.plateClass !== 'VISITOR' && !unitId) throw badInput(`A ${input.plateClass} permit needs the unit (unitId) it belongs to`, { field: 'unitId' });
  if (!isIsoDate(input.validFrom)) throw badInput('validFrom must be a date written YYYY-MM-DD', { field: 'validFrom' });
  const validTo = input.validTo ?? null;
  if (validTo !== null && (!isIsoDate(validTo) || validTo < input.validFrom)) {
    throw badInput('validTo must be a date written YYYY-MM-DD, on or after validFrom', { field: 'validTo' });
  }
  try {
    return await transaction(ctx.ds, async (manager) => {
      await lockKnownCompound(manager, input.compoundId);
      const active = await manager.findOne(ParkingPermitEntity, { where: { compoundId: input.compoundId, activePlate: plate } });
      if (active) {
        if (active.validTo !== null && active.validTo < input.validFrom) {
          await manager.update(ParkingPermitEntity, { id: active.id }, { status: 'EXPIRED', activePlate: null });
        } else {
          throw new HubError(
            ErrorCode.CONFLICT,
            `Plate ${plate} already has active permit ${active.id} in this compound (${active.plateClass}, from ${active.validFrom}${active.validTo ? ` to ${active.validTo}` : ''}); revoke it first or start the new one after it ends`,
            { permitId: active.id },
          );
        }
      }
      return manager.save(
        manager.create(ParkingPermitEntity, {
          compoundId: input.compoundId,
          plate,
          activePlate: plate,
          plateClass: input.plateClass,
          unitId,
          validFrom: input.validFrom,
          validTo,
          status: 'ACTIVE',
          revokedReason: null,
        }),
      );
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw new HubError(ErrorCode.CONFLICT, `Plate ${plate} was given another active permit at the same moment; look it up before retrying`);
    throw error;
  }
}

export async function revokePermit(ctx: RequestContext, id: string, reason: string): Promise<ParkingPermitEntity> {
  const why = requiredText(reason, 'reason', 200);
  const permit = await ctx.ds.getRepository(ParkingPermitEntity).findOneBy({ id });
  if (!permit) throw notFound('Parking permit', id);
  await assertCompoundOperator(ctx, permit.compoundId, 'parking permits');
  return transaction(ctx.ds, async (manager) => {
    const current = await manager.findOneOrFail(ParkingPermitEntity, { where: { id }, ...writeLock(ctx.ds) });
    if (current.status !== 'ACTIVE') {
      throw new HubError(ErrorCode.INVALID_TRANSITION, `Permit ${id} is already ${current.status}; only an ACTIVE permit can be revoked`, { from: current.status, to: 'REVOKED' });
    }
    await retirePermit(manager, current, why);
    return manager.findOneByOrFail(ParkingPermitEntity, { id });
  });
}

/** Revokes inside the caller's transaction (also used when the parking convention orders removal). */
export async function retirePermit(manager: EntityManager, permit: ParkingPermitEntity, reason: string): Promise<void> {
  await manager.update(ParkingPermitEntity, { id: permit.id }, { status: 'REVOKED', activePlate: null, revokedReason: reason });
}

/**
 * Permits of a compound, oldest first. Operators and officials see all; a resident only those of
 * their own units (plates are personal data).
 */
export async function listPermits(ctx: RequestContext, compoundId: string, plate: string | null | undefined, page: PageArgs) {
  await assertCompoundAccess(ctx, compoundId, 'parking permits');
  const { limit, afterId } = pageWindow(page, ctx.config.limits.maxPageSize);
  const q = ctx.ds.getRepository(ParkingPermitEntity).createQueryBuilder('p').where('p.compoundId = :compoundId', { compoundId });
  if (plate) q.andWhere('p.plate = :plate', { plate: plateOrError(plate) });
  if (ctx.claims.role === Role.RESIDENT) {
    const units = ctx.claims.units ?? [];
    if (units.length === 0) return toConnection([], limit);
    q.andWhere('p.unitId IN (:...units)', { units });
  }
  if (afterId) q.andWhere('p.id > :afterId', { afterId });
  return toConnection(await q.orderBy('p.id', 'ASC').take(limit + 1).getMany(), limit, Boolean(afterId));
}

/* ---- monthly passes ---- */

/** Sells a monthly pass (月卡) for a permit at the compound's price for its class; the fee is announced once. */
export async function sellMonthlyPass(ctx: RequestContext, permitId: string, month: string): Promise<ParkingFeeEntity> {
  const window = passMonthWindow(month);
  if (!window) throw badInput(`month must be written YYYY-MM, got "${month}"`, { field: 'month' });
  const permit = await ctx.ds.getRepository(ParkingPermitEntity).findOneBy({ id: permitId });
  if (!permit) throw notFound('Parking permit', permitId);
  await assertCompoundOperator(ctx, permit.compoundId, 'monthly passes');
  if (permit.status !== 'ACTIVE') throw new HubError(ErrorCode.CONFLICT, `Permit ${permitId} is ${permit.status}; passes are sold for ACTIVE permits only`);
  const lastDay = new Date(window.to.getTime() - 1);
  const monthFirst = `${month}-01`;
  const monthLast = utcDay(new Date(lastDay.getTime() + 8 * 3_600_000));
  if (permit.validFrom > monthLast || (permit.validTo !== null && permit.validTo < monthFirst)) {
    throw badInput(`Permit ${permitId} is not valid during ${month} (valid ${permit.validFrom} to ${permit.validTo ?? 'open'})`, { field: 'month' });
  }
  const rule = await ctx.ds.getRepository(ParkingPricingRuleEntity).findOneBy({ compoundId: permit.compoundId, plateClass: permit.plateClass });
  if (!rule || rule.monthlyPassFen === null) throw badInput(`This compound sells no monthly pass to ${permit.plateClass} vehicles; set monthlyPassFen in its pricing first`, { field: 'permitId' });
  try {
    return await transaction(ctx.ds, async (manager) => {
      const fee = await manager.save(
        manager.create(ParkingFeeEntity, {
          id: uuidv7(),
          compoundId: permit.compoundId,
          kind: 'MONTHLY_PASS',
          plate: permit.plate,
          plateClass: permit.plateClass,
          amountFen: rule.monthlyPassFen!,
          collectedAt: new Date(),
          sessionId: null,
        }),
      );
      await manager.insert(ParkingPassEntity, manager.create(ParkingPassEntity, { compoundId: permit.compoundId, permitId, plate: permit.plate, month, feeId: fee.id }));
      await recordParkingFees(manager, [fee]);
      const amountFen = rule.monthlyPassFen!;
      if (amountFen > 0) await announceFee(manager, feeAnnouncement({ ...fee, amountFen }));
      return fee;
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw new HubError(ErrorCode.CONFLICT, `Plate ${permit.plate} already has a monthly pass for ${month} in this compound`);
    throw error;
  }
}

/**
 * ParkingFeeCollected, in the fee's own transaction: finance books it as public revenue, once per
 * feeId. Built from the values given, not from the row after insertion, whose default-valued
 * columns the driver may hand back as raw strings.
 */
export function feeAnnouncement(fee: Pick<ParkingFeeEntity, 'id' | 'compoundId' | 'plateClass' | 'amountFen' | 'collectedAt'>): EventPayloads['ParkingFeeCollected'] {
  return { feeId: fee.id, compoundId: fee.compoundId, plateClass: fee.plateClass, amountFen: assertFen(Number(fee.amountFen)), collectedAt: fee.collectedAt.toISOString() };
}

const announceFee = (manager: EntityManager, payload: EventPayloads['ParkingFeeCollected']) => recordEvent(manager, 'ParkingFeeCollected', payload.compoundId, payload);

/* ---- gate events, sessions, fees ---- */

export interface GateEventInput {
  sourceRef: string;
  plate: string;
  gate: string;
  direction: GateDirection;
  at: string;
}

export interface GateEventResult {
  accepted: number;
  duplicates: number;
  sessionsOpened: number;
  sessionsClosed: number;
  exitsWithoutEntry: number;
  feesCollectedFen: number;
}

export const MAX_GATE_EVENTS = 1000;
/** Gate clocks drift; an event up to five minutes in the future is taken as now-ish, later ones refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Applies a batch of gate events (道闸记录) in time order: an entry opens a stay priced by the
 * plate's permit class on that day (VISITOR without one); an exit closes it, computes the fee and,
 * when there is one, collects it and announces ParkingFeeCollected. Events already seen (same
 * sourceRef) are skipped, so a resent batch changes nothing. The whole batch is checked before
 * anything is written, and it is applied in one transaction.
 */
export async function recordGateEvents(ctx: RequestContext, compoundId: string, events: GateEventInput[]): Promise<GateEventResult> {
  if (ctx.claims.role !== Role.INTEGRATION) await assertCompoundOperator(ctx, compoundId, 'gate events');
  // A gate system is installed at a compound: its token names the compounds it reports for, so one
  // compound's gates (or another feed's token) cannot create stays and revenue for another.
  else if (!(ctx.claims.compounds ?? []).includes(compoundId)) {
    throw forbidden(`This integration token does not report for compound ${compoundId}; a gate system's token names its compounds (claim compounds)`);
  }
  if (events.length === 0 || events.length > MAX_GATE_EVENTS) throw badInput(`Send 1 to ${MAX_GATE_EVENTS} gate events per batch`, { field: 'events' });
  const now = Date.now();
  const refs = new Set<string>();
  const parsed = events.map((e, i) => {
    const sourceRef = requiredText(e.sourceRef, `events[${i}].sourceRef`, 80);
    if (refs.has(sourceRef)) throw badInput(`events[${i}].sourceRef ${sourceRef} appears twice in the batch`, { field: 'events' });
    refs.add(sourceRef);
    const at = parseInstant(e.at, `events[${i}].at`);
    if (at.getTime() > now + CLOCK_SKEW_MS) throw badInput(`events[${i}].at ${e.at} is in the future`, { field: 'events' });
    if (e.direction !== 'ENTRY' && e.direction !== 'EXIT') throw badInput(`events[${i}].direction must be ENTRY or EXIT`, { field: 'events' });
    return { index: i, sourceRef, plate: plateOrError(e.plate, `events[${i}].plate`), gate: requiredText(e.gate, `events[${i}].gate`, 40), direction: e.direction, at };
  });
  return transaction(ctx.ds, (manager) => applyGateEvents(manager, compoundId, parsed));
}

/** A gate event checked one by one: plate normalised, time parsed; `index` is its row in the caller's batch. */
export interface CheckedGateEvent {
  index: number;
  sourceRef: string;
  plate: string;
  gate: string;
  direction: GateDirection;
  at: Date;
}

/**
 * The gate-event logic both the recordGateEvents mutation and ingestion use, inside the caller's
 * transaction, for one compound's events with distinct sourceRefs. The whole-batch checks (a
 * compound the hub knows, only its own gates, a VISITOR price to charge by) throw before anything
 * is written, so a caller may catch them and go on with other compounds.
 */
export async function applyGateEvents(manager: EntityManager, compoundId: string, checked: CheckedGateEvent[]): Promise<GateEventResult> {
  const parsed = [...checked].sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
  const refs = new Set(parsed.map((e) => e.sourceRef));
  // Locking the compound serialises batches of one compound (and refuses one the hub does not know).
  await lockKnownCompound(manager, compoundId);
  // Only gates recorded under the compound's facilities may report; nothing is written otherwise.
  const gates = await manager.find(ParkingEntranceEntity, { select: { gateCode: true }, where: { compoundId, gateCode: Not(IsNull()) } });
  const gateProblem = unknownGateProblem(parsed, gates.map((g) => g.gateCode!));
  if (gateProblem) throw badInput(gateProblem, { field: 'events' });
  const visitorRule = await manager.findOne(ParkingPricingRuleEntity, { where: { compoundId, plateClass: 'VISITOR' } });
  if (!visitorRule) throw new HubError(ErrorCode.CONFLICT, `Compound ${compoundId} has no VISITOR (market) parking price; set its pricing before sending gate events`);
  const rules = new Map((await manager.find(ParkingPricingRuleEntity, { where: { compoundId } })).map((r) => [r.plateClass, r]));
  const seen = new Set(
    (await manager.find(ParkingGateEventEntity, { select: { sourceRef: true }, where: { compoundId, sourceRef: In([...refs]) } })).map((g) => g.sourceRef),
  );
  const fresh = parsed.filter((e) => !seen.has(e.sourceRef));
  const result: GateEventResult = { accepted: fresh.length, duplicates: parsed.length - fresh.length, sessionsOpened: 0, sessionsClosed: 0, exitsWithoutEntry: 0, feesCollectedFen: 0 };
  if (fresh.length === 0) return result;

  const plates = [...new Set(fresh.map((e) => e.plate))];
  const open = new Map(
    (await manager.find(ParkingSessionEntity, { where: { compoundId, plate: In(plates), status: 'OPEN' }, order: { enteredAt: 'ASC' } })).map((s) => [s.plate, s]),
  );
  const permits = await manager.find(ParkingPermitEntity, { where: { compoundId, plate: In(plates), status: 'ACTIVE' } });
  const passes = new Set((await manager.find(ParkingPassEntity, { where: { compoundId, plate: In(plates) } })).map((p) => `${p.plate}#${p.month}`));
  const gateRows: Partial<ParkingGateEventEntity>[] = [];
  // Worked out in memory, then written in a few bulk statements: stays opened in this batch are
  // inserted in their final state, stays left open by earlier batches are updated one by one.
  const inserted = new Map<string, ParkingSessionEntity>();
  const patches = new Map<string, Partial<ParkingSessionEntity>>();
  const change = (session: ParkingSessionEntity, patch: Partial<ParkingSessionEntity>) => {
    Object.assign(session, patch);
    if (!inserted.has(session.id)) patches.set(session.id, { ...patches.get(session.id), ...patch });
  };
  const fees: ParkingFeeEntity[] = [];
  const gateRow = (e: (typeof fresh)[number], outcome: string) =>
    gateRows.push({ id: uuidv7(), compoundId, sourceRef: e.sourceRef, plate: e.plate, gate: e.gate, direction: e.direction, occurredAt: e.at, outcome });

  for (const e of fresh) {
    const current = open.get(e.plate);
    if (e.direction === 'ENTRY') {
      // A second entry means the vehicle left unseen: the earlier stay is kept, unpriced.
      if (current) change(current, { status: 'NO_EXIT' });
      const day = utcDay(new Date(e.at.getTime() + 8 * 3_600_000));
      const permit = permits.find((p) => p.plate === e.plate && p.validFrom <= day && (p.validTo === null || day <= p.validTo));
      const session = manager.create(ParkingSessionEntity, {
        id: uuidv7(),
        compoundId,
        plate: e.plate,
        plateClass: permit?.plateClass ?? 'VISITOR',
        permitId: permit?.id ?? null,
        enteredAt: e.at,
        exitedAt: null,
        entryGate: e.gate,
        exitGate: null,
        status: 'OPEN',
        feeFen: null,
      });
      inserted.set(session.id, session);
      open.set(e.plate, session);
      result.sessionsOpened++;
      gateRow(e, 'OPENED');
      continue;
    }
    if (!current || current.enteredAt.getTime() > e.at.getTime()) {
      result.exitsWithoutEntry++;
      gateRow(e, 'NO_ENTRY');
      continue;
    }
    const rule = rules.get(current.plateClass) ?? visitorRule;
    const covered = current.permitId !== null && passes.has(`${e.plate}#${passMonthOf(current.enteredAt)}`);
    const feeFen = parkingFeeFen(rule, current.enteredAt, e.at, covered);
    change(current, { exitedAt: e.at, exitGate: e.gate, status: 'CLOSED', feeFen });
    open.delete(e.plate);
    result.sessionsClosed++;
    if (feeFen > 0) {
      fees.push(
        manager.create(ParkingFeeEntity, { id: uuidv7(), compoundId, kind: 'SESSION', plate: e.plate, plateClass: current.plateClass, amountFen: feeFen, collectedAt: e.at, sessionId: current.id }),
      );
      result.feesCollectedFen += feeFen;
    }
    gateRow(e, 'CLOSED');
  }
  const CHUNK = 500;
  const sessions = [...inserted.values()];
  for (let i = 0; i < sessions.length; i += CHUNK) await manager.insert(ParkingSessionEntity, sessions.slice(i, i + CHUNK));
  for (const [id, patch] of patches) await manager.update(ParkingSessionEntity, { id }, patch);
  const announcements = fees.map(feeAnnouncement);
  for (let i = 0; i < fees.length; i += CHUNK) await manager.insert(ParkingFeeEntity, fees.slice(i, i + CHUNK));
  await recordParkingFees(manager, fees);
  await recordEvents(manager, 'ParkingFeeCollected', announcements.map((payload) => ({ aggregateId: payload.compoundId, payload })));
  for (let i = 0; i < gateRows.length; i += CHUNK) await manager.insert(ParkingGateEventEntity, gateRows.slice(i, i + CHUNK).map((row) => manager.create(ParkingGateEventEntity, row)));
  return result;
}

/** Stays that began in [from, to), oldest first; operators and officials only (plates are personal data). */
export async function listSessions(ctx: RequestContext, compoundId: string, from: string, to: string, page: PageArgs) {
  if (ctx.claims.role === Role.RESIDENT) throw new HubError(ErrorCode.FORBIDDEN, 'Residents see their own permits, not the compound’s parking records');
  await assertCompoundAccess(ctx, compoundId, 'parking records');
  const window = parseWindow(from, to);
  const { limit, afterId } = pageWindow(page, ctx.config.limits.maxPageSize);
  const q = ctx.ds
    .getRepository(ParkingSessionEntity)
    .createQueryBuilder('s')
    .where('s.compoundId = :compoundId', { compoundId })
    .andWhere('s.enteredAt >= :from AND s.enteredAt < :to', window);
  if (afterId) q.andWhere('s.id > :afterId', { afterId });
  return toConnection(await q.orderBy('s.id', 'ASC').take(limit + 1).getMany(), limit, Boolean(afterId));
}

export interface RevenueByClass {
  plateClass: PlateClass;
  fees: number;
  amountFen: number;
}

/**
 * Parking fees collected in [from, to) per class, for the compounds given (null: all). One
 * statement; no plates, so analysts may have it (the property statistics use it).
 */
export async function parkingRevenueFigures(
  ds: RequestContext['ds'],
  compoundIds: readonly string[] | null,
  from: Date,
  to: Date,
): Promise<{ totalFen: number; fees: number; byClass: RevenueByClass[] }> {
  if (compoundIds && compoundIds.length === 0) return { totalFen: 0, fees: 0, byClass: [] };
  const q = ds
    .getRepository(ParkingFeeEntity)
    .createQueryBuilder('f')
    .select('f.plateClass', 'plateClass')
    .addSelect('COUNT(*)', 'fees')
    .addSelect('SUM(f.amountFen)', 'amountFen')
    .where('f.collectedAt >= :from AND f.collectedAt < :to', { from, to })
    .groupBy('f.plateClass');
  if (compoundIds) q.andWhere('f.compoundId IN (:...compoundIds)', { compoundIds });
  const rows = await q.getRawMany<{ plateClass: PlateClass; fees: string | number; amountFen: string | number }>();
  const byClass = PLATE_CLASSES.map((plateClass) => {
    const row = rows.find((r) => r.plateClass === plateClass);
    return { plateClass, fees: Number(row?.fees ?? 0), amountFen: Number(row?.amountFen ?? 0) };
  });
  return { totalFen: byClass.reduce((s, c) => s + c.amountFen, 0), fees: byClass.reduce((s, c) => s + c.fees, 0), byClass };
}

/** A compound's parking revenue in [from, to): public revenue (公共收益) its owners and officials may see. */
export async function parkingRevenue(ctx: RequestContext, compoundId: string, from: string, to: string) {
  await assertCompoundAccess(ctx, compoundId, 'parking revenue');
  const window = parseWindow(from, to);
  return { compoundId, from: window.from.toISOString(), to: window.to.toISOString(), ...(await parkingRevenueFigures(ctx.ds, [compoundId], window.from, window.to)) };
}

/** Permit of each session, batched. */
export function permitById(ctx: RequestContext, id: string): Promise<ParkingPermitEntity | null> {
  return ctx.loaders
    .get<string, ParkingPermitEntity | null>('ParkingPermit.id', async (ids) => byKeys(ids, await ctx.ds.getRepository(ParkingPermitEntity).findBy({ id: In([...ids]) }), (p) => p.id))
    .load(id);
}
