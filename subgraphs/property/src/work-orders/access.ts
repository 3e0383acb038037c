import type { DataSource, FindOneOptions } from 'typeorm';
import { Role, type RequestContext } from '@hub/platform';
import { assertCompoundRole } from '../scope/compound-access';

/**
 * Who may record operational data (parking, work orders, inspections) for a compound: admins,
 * the firm serving it today, and its owners' committee (self-managed compounds such as Mengda
 * run their own parking). Officials and residents read; they do not operate.
 */
export async function assertCompoundOperator(ctx: RequestContext, compoundId: string, what: string): Promise<void> {
  await assertCompoundRole(ctx, compoundId, [Role.ADMIN, Role.PROPERTY_FIRM, Role.OWNERS_COMMITTEE], what);
}

/** Row lock for read-modify-write inside a transaction; SQLite (the demo) serialises transactions anyway. */
export const writeLock = (ds: DataSource): Pick<FindOneOptions, 'lock'> =>
  ds.options.type === 'better-sqlite3' ? {} : { lock: { mode: 'pessimistic_write' } };

/** MySQL's duplicate-key error, raised by a unique index that lost a race. */
export const isDuplicateKey = (error: unknown): boolean => {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  return e?.code === 'ER_DUP_ENTRY' || e?.driverError?.code === 'ER_DUP_ENTRY' || /UNIQUE constraint failed/.test(e?.message ?? '');
};
