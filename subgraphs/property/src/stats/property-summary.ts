import { In, type DataSource, type EntityManager } from 'typeorm';
import { addToSummary, additiveUpsertTail, CompoundScopeEntity, compoundScopeEvents, monthOf, monthSql, SUMMARY_LEVEL_OFFSETS, SUMMARY_PATH_LENGTH, summaryRegions, transaction, type EventHandlers } from '@hub/platform';
import type { ParkingFeeEntity } from '../parking/parking.entities';
import { WorkOrderEntity } from '../work-orders/work-order.entity';

/**
 * Keeps `work_order_summary`, `work_order_sla_summary` and `parking_fee_summary` in step with the
 * work orders and parking fees, in the writer's transaction (docs/adr/0006-analyst-summaries.md).
 *
 * A row counts in the street and the district of its compound's `compound_scope` path at the time
 * it is written. A compound whose scope has not arrived counts nowhere, as in the raw figures, which
 * find a region's compounds through the same paths; when its scope arrives (or its path changes)
 * `moveCompoundSummaries` moves everything already written about it.
 */

export type WorkOrderSummaryRow = Pick<WorkOrderEntity, 'id' | 'compoundId' | 'createdAt' | 'category' | 'status' | 'firmId' | 'dueAt' | 'completedAt'>;
export type ParkingFeeSummaryRow = Pick<ParkingFeeEntity, 'compoundId' | 'collectedAt' | 'plateClass' | 'amountFen'>;

const SUMMARY_COLUMNS = { id: true, compoundId: true, createdAt: true, category: true, status: true, firmId: true, dueAt: true, completedAt: true } as const;

/**
 * Compound id → `compound_scope` path, as a writer already read them in its transaction (an
 * ingestion batch reads its compounds' scopes to check them): the summaries take the paths from
 * there instead of reading them again.
 */
export type ScopePaths = ReadonlyMap<string, string>;

/**
 * Street and district of each compound: from `known` when it has the compound, otherwise read
 * without locking the scope rows (writers lock them in another order).
 */
async function regionsOf(manager: EntityManager, compoundIds: Iterable<string>, known?: ScopePaths): Promise<Map<string, string[]>> {
  const regions = new Map<string, string[]>();
  const missing: string[] = [];
  for (const id of new Set(compoundIds)) {
    const path = known?.get(id);
    if (path !== undefined) regions.set(id, summaryRegions(path));
    else missing.push(id);
  }
  if (!missing.length) return regions;
  const rows = await manager.getRepository(CompoundScopeEntity).find({ select: { compoundId: true, regionPath: true }, where: { compoundId: In(missing) } });
  for (const r of rows) regions.set(r.compoundId, summaryRegions(r.regionPath));
  return regions;
}

const firmKey = (firmId: string | null) => firmId ?? '';

/**
 * Records written work orders in the summaries: `before` as the orders were read before the
 * write (any of them; only those also in `after` count), `after` as written. Rows given without
 * `createdAt` (left to the database's default) are read back first. At most three statements
 * (scope paths, counts, SLA), whatever the number of orders.
 */
export async function recordWorkOrderChanges(manager: EntityManager, before: readonly WorkOrderSummaryRow[], after: readonly WorkOrderSummaryRow[], paths?: ScopePaths): Promise<void> {
  if (!after.length) return;
  const missing = after.filter((r) => !(r.createdAt instanceof Date)).map((r) => r.id);
  let written = after;
  if (missing.length) {
    const stored = new Map((await manager.find(WorkOrderEntity, { select: SUMMARY_COLUMNS, where: { id: In(missing) } })).map((r) => [r.id, r]));
    written = after.map((r) => stored.get(r.id) ?? r);
  }
  const ids = new Set(written.map((r) => r.id));
  const old = before.filter((r) => ids.has(r.id));
  const regions = await regionsOf(manager, [...old, ...written].map((r) => r.compoundId), paths);
  const counts = new Map<string, { key: string[]; orders: number }>();
  const sla = new Map<string, { key: string[]; met: number; breached: number }>();
  const add = (r: WorkOrderSummaryRow, sign: 1 | -1) => {
    for (const code of regions.get(r.compoundId) ?? []) {
      const key = [code, monthOf(r.createdAt), r.category, r.status];
      const c = counts.get(key.join('|')) ?? { key, orders: 0 };
      c.orders += sign;
      counts.set(key.join('|'), c);
      if (r.status === 'COMPLETED' && r.completedAt) {
        const skey = [code, monthOf(r.completedAt), firmKey(r.firmId)];
        const s = sla.get(skey.join('|')) ?? { key: skey, met: 0, breached: 0 };
        if (r.completedAt.getTime() <= r.dueAt.getTime()) s.met += sign;
        else s.breached += sign;
        sla.set(skey.join('|'), s);
      }
    }
  };
  for (const r of old) add(r, -1);
  for (const r of written) add(r, 1);
  const changed = [...counts.values()].filter((c) => c.orders !== 0);
  if (changed.length) await addToSummary(manager, 'work_order_summary', ['regionCode', 'month', 'category', 'status'], ['orders'], changed.map((c) => [...c.key, c.orders]));
  const moved = [...sla.values()].filter((s) => s.met !== 0 || s.breached !== 0);
  if (moved.length) await addToSummary(manager, 'work_order_sla_summary', ['regionCode', 'month', 'firmId'], ['met', 'breached'], moved.map((s) => [...s.key, s.met, s.breached]));
}

/** Records newly inserted parking fees (fees are never changed): two statements at most. */
export async function recordParkingFees(manager: EntityManager, fees: readonly ParkingFeeSummaryRow[], paths?: ScopePaths): Promise<void> {
  if (!fees.length) return;
  const regions = await regionsOf(manager, fees.map((f) => f.compoundId), paths);
  const rows = new Map<string, [string, string, string, number, number]>();
  for (const f of fees) {
    for (const code of regions.get(f.compoundId) ?? []) {
      const key = `${code}|${monthOf(f.collectedAt)}|${f.plateClass}`;
      const row = rows.get(key) ?? [code, monthOf(f.collectedAt), f.plateClass, 0, 0];
      row[3] += 1;
      row[4] += Number(f.amountFen);
      rows.set(key, row);
    }
  }
  if (rows.size) await addToSummary(manager, 'parking_fee_summary', ['regionCode', 'month', 'plateClass'], ['fees', 'amountFen'], [...rows.values()]);
}

/**
 * The summaries' statements over a set of rows, as `INSERT … SELECT` grouped by region: `regions`
 * is a SQL table of (code, sign) rows the source joins to `on`, `where` limits the source (`$`
 * stands for the source's alias in both).
 */
function summaryStatements(m: EntityManager | DataSource, regions: string, on: string, where: string): string[] {
  const created = monthSql(m, 'w.`createdAt`');
  const completed = monthSql(m, 'w.`completedAt`');
  const collected = monthSql(m, 'f.`collectedAt`');
  return [
    `INSERT INTO \`work_order_summary\` (\`regionCode\`, \`month\`, \`category\`, \`status\`, \`orders\`)
     SELECT r.code, ${created}, w.\`category\`, w.\`status\`, SUM(r.sign)
     FROM \`work_order\` w INNER JOIN ${regions} r ON ${on.replace(/\$/g, 'w')}
     WHERE ${where.replace(/\$/g, 'w')} GROUP BY r.code, ${created}, w.\`category\`, w.\`status\`${additiveUpsertTail(m, ['regionCode', 'month', 'category', 'status'], ['orders'])}`,
    `INSERT INTO \`work_order_sla_summary\` (\`regionCode\`, \`month\`, \`firmId\`, \`met\`, \`breached\`)
     SELECT r.code, ${completed}, COALESCE(w.\`firmId\`, ''), SUM(CASE WHEN w.\`completedAt\` <= w.\`dueAt\` THEN r.sign ELSE 0 END), SUM(CASE WHEN w.\`completedAt\` > w.\`dueAt\` THEN r.sign ELSE 0 END)
     FROM \`work_order\` w INNER JOIN ${regions} r ON ${on.replace(/\$/g, 'w')}
     WHERE ${where.replace(/\$/g, 'w')} AND w.\`status\` = 'COMPLETED' AND w.\`completedAt\` IS NOT NULL
     GROUP BY r.code, ${completed}, COALESCE(w.\`firmId\`, '')${additiveUpsertTail(m, ['regionCode', 'month', 'firmId'], ['met', 'breached'])}`,
    `INSERT INTO \`parking_fee_summary\` (\`regionCode\`, \`month\`, \`plateClass\`, \`fees\`, \`amountFen\`)
     SELECT r.code, ${collected}, f.\`plateClass\`, SUM(r.sign), SUM(r.sign * f.\`amountFen\`)
     FROM \`parking_fee\` f INNER JOIN ${regions} r ON ${on.replace(/\$/g, 'f')}
     WHERE ${where.replace(/\$/g, 'f')} GROUP BY r.code, ${collected}, f.\`plateClass\`${additiveUpsertTail(m, ['regionCode', 'month', 'plateClass'], ['fees', 'amountFen'])}`,
  ];
}

/**
 * A compound's scope arrived or its path changed: its orders and fees leave the street and
 * district they were summarised under (none before its scope arrived) and join the new ones.
 * Three statements, each reading the compound's rows by index.
 */
export async function moveCompoundSummaries(manager: EntityManager, compoundId: string, oldPath: string | null, newPath: string): Promise<void> {
  const moves: Array<[string, number]> = [...summaryRegions(oldPath).map((code): [string, number] => [code, -1]), ...summaryRegions(newPath).map((code): [string, number] => [code, 1])];
  if (!moves.length) return;
  const regions = `(${moves.map((_, i) => (i === 0 ? 'SELECT ? AS code, ? AS sign' : 'SELECT ?, ?')).join(' UNION ALL ')})`;
  for (const sql of summaryStatements(manager, regions, '1 = 1', '$.`compoundId` = ?')) await manager.query(sql, [...moves.flat(), compoundId]);
}

/**
 * CompoundRegistered in the property subgraph: the platform's scope projection, then the
 * compound's rows moved in the summaries when its path is new or changed.
 */
export const summaryScopeEvents: EventHandlers = {
  CompoundRegistered: async (ctx, manager, event) => {
    const { compoundId } = event.payload;
    const previous = await manager.findOne(CompoundScopeEntity, { where: { compoundId } });
    await compoundScopeEvents.CompoundRegistered!(ctx, manager, event);
    const path = event.payload.regionPath.join(',');
    if (previous?.regionPath !== path) await moveCompoundSummaries(manager, compoundId, previous?.regionPath ?? null, path);
  },
};

/**
 * Recomputes the three summaries from the rows and `compound_scope`: after a bulk load that
 * bypassed the services, or to repair. Run it while nothing writes work orders or parking fees.
 */
export async function rebuildPropertySummaries(ds: DataSource, inTransaction?: EntityManager): Promise<void> {
  const regions = `(SELECT s.\`compoundId\` AS compoundId, SUBSTR(s.\`regionPath\`, l.at, 12) AS code, 1 AS sign
    FROM \`compound_scope\` s INNER JOIN (SELECT ${SUMMARY_LEVEL_OFFSETS[0]} AS at UNION ALL SELECT ${SUMMARY_LEVEL_OFFSETS[1]}) l ON 1 = 1
    WHERE LENGTH(s.\`regionPath\`) = ${SUMMARY_PATH_LENGTH})`;
  const rebuild = async (manager: EntityManager) => {
    for (const table of ['work_order_summary', 'work_order_sla_summary', 'parking_fee_summary']) await manager.query(`DELETE FROM \`${table}\``);
    for (const sql of summaryStatements(manager, regions, 'r.compoundId = $.`compoundId`', '1 = 1')) await manager.query(sql);
  };
  await (inTransaction ? rebuild(inTransaction) : transaction(ds, rebuild));
}
