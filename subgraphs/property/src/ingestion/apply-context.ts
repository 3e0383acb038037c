import { In, type EntityManager } from 'typeorm';
import { CompoundScopeEntity } from '@hub/platform';
import { ServiceContractEntity } from '../contracts/service-contract.entity';
import { coversDay, utcDay } from '../scope/period';
import type { ApplyOutcome, ApplySource, HubRecord } from './records';

/** A record with its position in the list the applier was given (rejections name it). */
export interface Indexed<R extends HubRecord = HubRecord> {
  index: number;
  record: R;
}

/** What every kind's applier shares within one applyRecords call. */
export interface ApplyContext {
  manager: EntityManager;
  source: ApplySource;
  outcome: ApplyOutcome;
  /** Compounds the hub knows (a CompoundRegistered has arrived), among those the batch names. */
  known: Set<string>;
  /** Their `compound_scope` paths, which the analyst summaries need too. */
  scopePaths: Map<string, string>;
  /** Service contracts of the batch's compounds, for ERP sources. */
  contracts: Map<string, ServiceContractEntity[]>;
  now: Date;
}

/** Gate clocks and ERP servers drift: up to five minutes ahead of the hub is taken as now. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Reads the batch's compounds (with their scope paths) and (for an ERP) their contracts: two
 * statements, whatever the batch size, sent together (a contract of a compound the hub does not know is never looked at).
 */
export async function applyContext(manager: EntityManager, source: ApplySource, records: HubRecord[]): Promise<ApplyContext> {
  const compoundIds = [...new Set(records.map((r) => r.compoundId).filter((id) => typeof id === 'string' && id.length > 0 && id.length <= 36))];
  const known = new Set<string>();
  const scopePaths = new Map<string, string>();
  const contracts = new Map<string, ServiceContractEntity[]>();
  if (compoundIds.length) {
    const [scopes, held] = await settle([
      manager.find(CompoundScopeEntity, { select: { compoundId: true, regionPath: true }, where: { compoundId: In(compoundIds) } }),
      source.kind === 'ERP' ? manager.find(ServiceContractEntity, { where: { compoundId: In(compoundIds) } }) : Promise.resolve([]),
    ] as const);
    for (const s of scopes) {
      known.add(s.compoundId);
      scopePaths.set(s.compoundId, s.regionPath);
    }
    for (const c of held) {
      const list = contracts.get(c.compoundId);
      if (list) list.push(c);
      else contracts.set(c.compoundId, [c]);
    }
  }
  return { manager, source, outcome: { applied: 0, unchanged: 0, rejected: [] }, known, scopePaths, contracts, now: new Date() };
}

/**
 * Awaits statements sent together on the transaction's connection (which runs them one after the
 * other, in the order sent, while the next ones are being built), then throws the first failure.
 * Every one must have finished before the caller's transaction can roll back: a statement still
 * on its way after the ROLLBACK would run outside it.
 */
export async function settle<T extends readonly unknown[]>(work: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

export function reject(ctx: ApplyContext, item: Indexed, reason: string): void {
  ctx.outcome.rejected.push({ index: item.index, externalId: item.record.externalId, reason });
}

/** An ISO instant of the record, or null when it is not one. */
export function instant(value: string | null | undefined): Date | null {
  if (typeof value !== 'string') return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * Why a record may not be applied for its compound, or null: the hub must know the compound, and a
 * firm's ERP may only report on compounds the firm holds a contract for on the record's day.
 */
export function scopeProblem(ctx: ApplyContext, compoundId: string, at: Date): string | null {
  if (!ctx.known.has(compoundId)) return `compound ${compoundId} is not known to the hub`;
  if (ctx.source.kind !== 'ERP') return null;
  const firmId = ctx.source.firmId;
  if (!firmId) return `source ${ctx.source.id} is an ERP source without a firm, so it may not report for any compound`;
  const day = utcDay(at);
  const served = (ctx.contracts.get(compoundId) ?? []).some((c) => c.firmId === firmId && coversDay(c, day));
  return served ? null : `firm ${firmId} does not serve compound ${compoundId} on ${day}`;
}

/** The key an ERP record is kept under: the firm's ids are unique within the firm, whichever of its sources sent them. */
export const firmRef = (ctx: ApplyContext, externalId: string): string => `${ctx.source.firmId}:${externalId}`;
