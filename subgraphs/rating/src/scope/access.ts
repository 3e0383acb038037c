import { forbidden, requireRole, Role, type Claims } from '@hub/platform';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Running a district's rating (schemes, rounds, rater rosters, publication) belongs to the
 * district's officials: an OFFICIAL whose regions include the district code, or an ADMIN.
 */
export function assertManagesDistrict(claims: Claims, districtCode: string): void {
  requireRole(claims, Role.OFFICIAL, Role.ADMIN);
  if (claims.role === Role.ADMIN) return;
  if (!(claims.regions ?? []).includes(districtCode)) {
    throw forbidden(`Only officials of district ${districtCode} (or admins) run its rating; your regions are ${(claims.regions ?? []).join(', ') || 'none'}`);
  }
}

/**
 * SQL condition (on a `rating_result` alias) for the results a caller may see: published ones
 * for everyone; provisional ones for admins, for officials and Party organisations whose regions
 * hold the compound, and for the firm rated. Region codes are fixed-length numeric codes, so a
 * substring match on the comma-separated path can only hit a whole code.
 */
export function visibleResultsCondition(claims: Claims, alias: string): { sql: string; params: Record<string, unknown> } {
  const published = `${alias}.publishedAt IS NOT NULL`;
  switch (claims.role) {
    case Role.ADMIN:
      return { sql: '1 = 1', params: {} };
    case Role.PROPERTY_FIRM:
      return claims.firm ? { sql: `(${published} OR ${alias}.firmId = :visibleFirm)`, params: { visibleFirm: claims.firm } } : { sql: published, params: {} };
    case Role.OFFICIAL:
    case Role.PARTY_ORGANISATION: {
      const regions = (claims.regions ?? []).filter((r) => /^\d+$/.test(r));
      if (regions.length === 0) return { sql: published, params: {} };
      const params = Object.fromEntries(regions.map((r, i) => [`visibleRegion${i}`, `%${r}%`]));
      const any = regions.map((_, i) => `vs.regionPath LIKE :visibleRegion${i}`).join(' OR ');
      return { sql: `(${published} OR EXISTS (SELECT 1 FROM compound_scope vs WHERE vs.compoundId = ${alias}.compoundId AND (${any})))`, params };
    }
    default:
      return { sql: published, params: {} };
  }
}

/**
 * Whether the caller may see a compound's provisional outcome (between the close of its round and
 * publication), by the same rule as provisional results: admins, officials and Party
 * organisations whose regions include a code of the compound's region path (comma-separated,
 * community to district), and the firm rated. Everyone else, partners included, waits for
 * publication.
 */
export function mayViewProvisional(claims: Claims, subject: { firmId: string | null; regionPath: string }): boolean {
  switch (claims.role) {
    case Role.ADMIN:
      return true;
    case Role.PROPERTY_FIRM:
      return !!claims.firm && claims.firm === subject.firmId;
    case Role.OFFICIAL:
    case Role.PARTY_ORGANISATION: {
      const path = subject.regionPath.split(',');
      return (claims.regions ?? []).some((r) => path.includes(r));
    }
    default:
      return false;
  }
}

/**
 * Locks a row until the transaction ends, so that state changes of one round or review are
 * serialised (a sheet cannot slip in while the round closes). SQLite, the embedded demo,
 * already runs one transaction at a time and has no row locks.
 */
export async function lockRow<T extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<T>, id: string): Promise<T | null> {
  const sqlite = manager.connection.options.type === 'better-sqlite3';
  return manager.findOne(entity, { where: { id } as never, ...(sqlite ? {} : { lock: { mode: 'pessimistic_write' as const } }) });
}

/** A unique index refused the row: MySQL/MariaDB ER_DUP_ENTRY or SQLite's unique constraint. */
export function isDuplicateKey(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e?.driverError?.code ?? e?.code;
  const errno = e?.driverError?.errno ?? e?.errno;
  return code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
