import type { DataSource, EntityManager } from 'typeorm';
import { addToSummary, additiveUpsertTail, CompoundScopeEntity, compoundScopeEvents, isSqlite, monthOf, monthSql, SUMMARY_LEVEL_OFFSETS, SUMMARY_PATH_LENGTH, summaryRegions, transaction, type EventHandlers } from '@hub/platform';

/**
 * Keeps `posting_region_summary` (see its entity and docs/adr/0006-analyst-summaries.md): every
 * entry's postings added to the street and district of its compound, in the entry's transaction.
 *
 * A compound's region is its `compound_scope` path when the entry is booked. A compound whose
 * scope has not arrived counts nowhere, as in the figures read from the postings, which find a
 * region's compounds through the same paths; when its scope arrives (or its path changes)
 * `moveCompoundPostings` moves everything already booked for it.
 */

const KEYS = ['regionCode', 'month', 'accountKind', 'category'];
const VALUES = ['amountFen', 'postings'];
const COLUMNS = [...KEYS, ...VALUES].map((c) => `\`${c}\``).join(', ');
const upsertTail = (m: EntityManager | DataSource) => additiveUpsertTail(m, KEYS, VALUES);

/**
 * The street and district an entry of the compound is summarised under. Read with a shared lock
 * on MySQL, before the entry's postings are written: a scope change committed meanwhile is seen
 * (a plain read could give the transaction's older snapshot), and one still running waits for
 * this entry, then moves it with the rest of the compound's postings.
 */
export async function postingRegionsOf(manager: EntityManager, compoundId: string): Promise<string[]> {
  return (await postingRegionsOfAll(manager, [compoundId])).get(compoundId)!;
}

/** `postingRegionsOf` for several compounds in one read; a compound without a scope has none. */
export async function postingRegionsOfAll(manager: EntityManager, compoundIds: readonly string[]): Promise<Map<string, string[]>> {
  const qb = manager.createQueryBuilder(CompoundScopeEntity, 's').select('s.compoundId', 'compoundId').addSelect('s.regionPath', 'regionPath').where('s.compoundId IN (:...compoundIds)', { compoundIds });
  if (!isSqlite(manager)) qb.setLock('pessimistic_read');
  const paths = new Map((await qb.getRawMany<{ compoundId: string; regionPath: string }>()).map((s) => [s.compoundId, s.regionPath]));
  return new Map(compoundIds.map((id) => [id, summaryRegions(paths.get(id))]));
}

/**
 * Adds entries' postings to the summary rows of their compounds' regions, in the entries' transaction: one
 * statement, however many entries. Rows are written in key order, so entries of compounds sharing
 * a street take their row locks in the same order.
 */
export async function recordPostings(
  manager: EntityManager,
  postings: readonly { regions: readonly string[]; bookedAt: Date; accountKind: string; category: string; amountFen: number }[],
): Promise<void> {
  const rows = new Map<string, [string, string, string, string, number, number]>();
  for (const p of postings) {
    const month = monthOf(p.bookedAt);
    for (const regionCode of p.regions) {
      const key = `${regionCode}|${month}|${p.accountKind}|${p.category}`;
      const row = rows.get(key) ?? [regionCode, month, p.accountKind, p.category, 0, 0];
      row[4] += p.amountFen;
      row[5] += 1;
      rows.set(key, row);
    }
  }
  if (!rows.size) return;
  const ordered = [...rows].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
  await addToSummary(manager, 'posting_region_summary', KEYS, VALUES, ordered);
}

/**
 * A compound's scope arrived or its path changed: its postings leave the street and district
 * they were summarised under (none before its scope arrived) and join the new ones. One
 * statement, reading the compound's postings by index.
 */
export async function moveCompoundPostings(manager: EntityManager, compoundId: string, oldPath: string | null, newPath: string): Promise<void> {
  const [before, after] = [summaryRegions(oldPath), summaryRegions(newPath)];
  if (before.join() === after.join()) return;
  const moves: Array<[string, number]> = [...before.map((code): [string, number] => [code, -1]), ...after.map((code): [string, number] => [code, 1])];
  const regions = `(${moves.map((_, i) => (i === 0 ? 'SELECT ? AS code, ? AS sign' : 'SELECT ?, ?')).join(' UNION ALL ')})`;
  const month = monthSql(manager, 'p.`bookedAt`');
  await manager.query(
    `INSERT INTO \`posting_region_summary\` (${COLUMNS})
     SELECT r.code, ${month}, a.\`kind\`, p.\`category\`, SUM(r.sign * p.\`amountFen\`), SUM(r.sign)
     FROM \`posting\` p INNER JOIN \`account\` a ON a.\`id\` = p.\`accountId\` INNER JOIN ${regions} r ON 1 = 1
     WHERE p.\`compoundId\` = ? GROUP BY r.code, ${month}, a.\`kind\`, p.\`category\`${upsertTail(manager)}`,
    [...moves.flat(), compoundId],
  );
}

/**
 * CompoundRegistered in the finance subgraph: the platform's scope projection, then the
 * compound's postings moved in the summary when its path is new or changed. The scope row is
 * read with a write lock first, so two deliveries for one compound move its postings once each
 * from the path the other left.
 */
export const postingScopeEvents: EventHandlers = {
  CompoundRegistered: async (ctx, manager, event) => {
    const { compoundId } = event.payload;
    const qb = manager.createQueryBuilder(CompoundScopeEntity, 's').where('s.compoundId = :compoundId', { compoundId });
    if (!isSqlite(manager)) qb.setLock('pessimistic_write');
    const previous = await qb.getOne();
    await compoundScopeEvents.CompoundRegistered!(ctx, manager, event);
    const path = event.payload.regionPath.join(',');
    if (previous?.regionPath !== path) await moveCompoundPostings(manager, compoundId, previous?.regionPath ?? null, path);
  },
};

/**
 * Recomputes the summary from the postings and `compound_scope`: after a bulk load that bypassed
 * the ledger service, or to repair. Run it while nothing books entries or registers compounds.
 */
export async function rebuildPostingRegionSummary(ds: DataSource, inTransaction?: EntityManager): Promise<void> {
  const month = monthSql(ds, 'p.`bookedAt`');
  const rebuild = async (manager: EntityManager) => {
    await manager.query('DELETE FROM `posting_region_summary`');
    // Postings are summed per account and month first, without a join: joining each posting to
    // its account and scope made the city's rebuild take over twice as long. An account belongs to
    // the compound of its postings, so its compound finds the scope.
    await manager.query(
      `INSERT INTO \`posting_region_summary\` (${COLUMNS})
       SELECT SUBSTR(s.\`regionPath\`, l.at, 12), c.month, a.\`kind\`, c.category, SUM(c.amountFen), SUM(c.postings)
       FROM (SELECT p.\`accountId\` AS accountId, ${month} AS month, p.\`category\` AS category, SUM(p.\`amountFen\`) AS amountFen, COUNT(*) AS postings
             FROM \`posting\` p GROUP BY p.\`accountId\`, ${month}, p.\`category\`) c
       INNER JOIN \`account\` a ON a.\`id\` = c.accountId
       INNER JOIN \`compound_scope\` s ON s.\`compoundId\` = a.\`compoundId\`
       INNER JOIN (SELECT ${SUMMARY_LEVEL_OFFSETS[0]} AS at UNION ALL SELECT ${SUMMARY_LEVEL_OFFSETS[1]}) l ON 1 = 1
       WHERE LENGTH(s.\`regionPath\`) = ${SUMMARY_PATH_LENGTH}
       GROUP BY SUBSTR(s.\`regionPath\`, l.at, 12), c.month, a.\`kind\`, c.category`,
    );
  };
  await (inTransaction ? rebuild(inTransaction) : transaction(ds, rebuild));
}
