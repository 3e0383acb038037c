import type { DataSource, EntityManager } from 'typeorm';
import { transaction } from '@hub/platform';

/** Keeps `posting_summary` (see its entity and docs/adr/0006-analyst-summaries.md). */

const isSqlite = (m: EntityManager | DataSource) => ('connection' in m ? m.connection : m).options.type === 'better-sqlite3';

export const monthOf = (at: Date): string => at.toISOString().slice(0, 7);

function upsertSql(manager: EntityManager, rows: number): string {
  const head = `INSERT INTO \`posting_summary\` (\`compoundId\`, \`month\`, \`accountKind\`, \`category\`, \`amountFen\`, \`postings\`) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ')}`;
  return isSqlite(manager)
    ? `${head} ON CONFLICT (\`compoundId\`, \`month\`, \`accountKind\`, \`category\`) DO UPDATE SET \`amountFen\` = \`amountFen\` + excluded.\`amountFen\`, \`postings\` = \`postings\` + excluded.\`postings\``
    : `${head} ON DUPLICATE KEY UPDATE \`amountFen\` = \`amountFen\` + VALUES(\`amountFen\`), \`postings\` = \`postings\` + VALUES(\`postings\`)`;
}

/** Adds an entry's postings to the summary, in the entry's transaction: one statement. */
export async function recordPostings(manager: EntityManager, compoundId: string, bookedAt: Date, postings: readonly { accountKind: string; category: string; amountFen: number }[]): Promise<void> {
  const month = monthOf(bookedAt);
  const rows = new Map<string, [string, string, string, string, number, number]>();
  for (const p of postings) {
    const key = `${p.accountKind}|${p.category}`;
    const row = rows.get(key) ?? [compoundId, month, p.accountKind, p.category, 0, 0];
    row[4] += p.amountFen;
    row[5] += 1;
    rows.set(key, row);
  }
  if (rows.size) await manager.query(upsertSql(manager, rows.size), [...rows.values()].flat());
}

/**
 * Recomputes the summary from the postings: after a bulk load that bypassed the ledger service,
 * or to repair. Run it while nothing books entries.
 */
export async function rebuildPostingSummary(ds: DataSource, inTransaction?: EntityManager): Promise<void> {
  const month = isSqlite(ds) ? "strftime('%Y-%m', p.bookedAt)" : "DATE_FORMAT(p.bookedAt, '%Y-%m')";
  const rebuild = async (manager: EntityManager) => {
    await manager.query('DELETE FROM `posting_summary`');
    await manager.query(
      `INSERT INTO \`posting_summary\` (\`compoundId\`, \`month\`, \`accountKind\`, \`category\`, \`amountFen\`, \`postings\`)
       SELECT p.\`compoundId\`, ${month}, a.\`kind\`, p.\`category\`, SUM(p.\`amountFen\`), COUNT(*)
       FROM \`posting\` p INNER JOIN \`account\` a ON a.\`id\` = p.\`accountId\`
       GROUP BY p.\`compoundId\`, ${month}, a.\`kind\`, p.\`category\``,
    );
  };
  await (inTransaction ? rebuild(inTransaction) : transaction(ds, rebuild));
}
