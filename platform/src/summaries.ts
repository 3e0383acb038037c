import type { DataSource, EntityManager } from 'typeorm';

/**
 * What the analysts' summary tables of every subgraph share (docs/adr/0006-analyst-summaries.md):
 * UTC months, the split of a period into whole months and partial ends, the street and district a
 * compound is summarised under, and the additive upsert that keeps a summary row.
 */

export const isSqlite = (m: EntityManager | DataSource): boolean => ('connection' in m ? m.connection : m).options.type === 'better-sqlite3';

/** YYYY-MM of an instant, UTC. */
export const monthOf = (at: Date): string => at.toISOString().slice(0, 7);

/** The SQL of a column's UTC month, YYYY-MM, for the database behind `m`. */
export const monthSql = (m: EntityManager | DataSource, column: string): string => (isSqlite(m) ? `strftime('%Y-%m', ${column})` : `DATE_FORMAT(${column}, '%Y-%m')`);

export type Interval = [Date, Date];

/**
 * Whole UTC months inside [from, to) as [first, last) month labels, and the partial months before
 * and after them; a period with no whole month is all edge.
 */
export function splitByMonth(from: Date, to: Date): { months: [string, string] | null; edges: Interval[] } {
  const startsMonth = from.getTime() === Date.UTC(from.getUTCFullYear(), from.getUTCMonth());
  const first = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + (startsMonth ? 0 : 1)));
  const last = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth()));
  if (first.getTime() >= last.getTime()) return { months: null, edges: [[from, to]] };
  const edges: Interval[] = [];
  if (from.getTime() < first.getTime()) edges.push([from, first]);
  if (last.getTime() < to.getTime()) edges.push([last, to]);
  return { months: [monthOf(first), monthOf(last)], edges };
}

/** A compound's scope path: community, street and district codes, 12 digits each, comma-separated. */
export const SUMMARY_PATH_LENGTH = 38;
/** 1-based positions of the street and district codes in such a path, for SQL's SUBSTR. */
export const SUMMARY_LEVEL_OFFSETS = [14, 27] as const;

/**
 * The street and district a compound's rows are summarised under: the second and third codes of
 * its path. Any other shape is not summarised, here as in the rebuilds' SQL.
 */
export function summaryRegions(regionPath: string | null | undefined): string[] {
  if (!regionPath || regionPath.length !== SUMMARY_PATH_LENGTH) return [];
  return SUMMARY_LEVEL_OFFSETS.map((at) => regionPath.slice(at - 1, at + 11));
}

/** The conflict clause of an upsert that adds `values` to a summary row found by `keys`. */
export function additiveUpsertTail(m: EntityManager | DataSource, keys: readonly string[], values: readonly string[]): string {
  return isSqlite(m)
    ? ` ON CONFLICT (${keys.map((c) => `\`${c}\``).join(', ')}) DO UPDATE SET ${values.map((c) => `\`${c}\` = \`${c}\` + excluded.\`${c}\``).join(', ')}`
    : ` ON DUPLICATE KEY UPDATE ${values.map((c) => `\`${c}\` = \`${c}\` + VALUES(\`${c}\`)`).join(', ')}`;
}

/** Adds rows (keys then values, in that order) to a summary table: one statement. */
export function addToSummary(m: EntityManager, table: string, keys: readonly string[], values: readonly string[], rows: readonly unknown[][]): Promise<unknown> {
  const columns = [...keys, ...values];
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return m.query(`INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}${additiveUpsertTail(m, keys, values)}`, rows.flat());
}
