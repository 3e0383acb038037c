import type { DataSource, EntityManager } from 'typeorm';
import { isSqlite, transaction } from '@hub/platform';
import { StatementEntity } from '../statements/statement.entity';
import { auditStatus, type AuditorRole, type AuditStatus } from './audit-status';
import { StatementAuditEntity } from './statement-audit.entity';

/**
 * Keeps `statement_audit` (see its entity): a row per statement, opened with the statement and
 * rewritten from its sign-offs and findings by every audit write, in that write's transaction.
 */

/**
 * The audit status of each statement asked, from its sign-offs and findings: two statements. By
 * table name, as the rebuild may run with another copy of the entity classes (a script).
 */
async function statusesOf(manager: EntityManager, statementIds: readonly string[], latest = false): Promise<Map<string, AuditStatus>> {
  const marks = statementIds.map(() => '?').join(', ');
  // A locking read sees what other transactions committed after this one's snapshot was taken.
  const lock = latest && !isSqlite(manager) ? ' LOCK IN SHARE MODE' : '';
  const [signOffs, findings]: [Array<{ statementId: string; auditorRole: AuditorRole }>, Array<{ statementId: string; open: string | number; all: string | number }>] = await Promise.all([
    manager.query(`SELECT DISTINCT statementId, auditorRole FROM audit_sign_off WHERE statementId IN (${marks})${lock}`, [...statementIds]),
    manager.query(`SELECT statementId, SUM(CASE WHEN status = 'OPEN' THEN 1 ELSE 0 END) AS open, COUNT(*) AS \`all\` FROM audit_finding WHERE statementId IN (${marks}) GROUP BY statementId${lock}`, [...statementIds]),
  ]);
  const roles = new Map<string, AuditorRole[]>();
  for (const o of signOffs) roles.set(o.statementId, [...(roles.get(o.statementId) ?? []), o.auditorRole]);
  const counts = new Map(findings.map((f) => [f.statementId, { open: Number(f.open), all: Number(f.all) }]));
  return new Map(statementIds.map((id) => [id, auditStatus(roles.get(id) ?? [], counts.get(id)?.open ?? 0, counts.get(id)?.all ?? 0)]));
}

/** A statement just published: nobody has audited it yet. In the publication's transaction. */
export async function openStatementAudit(manager: EntityManager, statement: Pick<StatementEntity, 'id' | 'compoundId' | 'period'>): Promise<void> {
  await manager.insert(StatementAuditEntity, { statementId: statement.id, compoundId: statement.compoundId, period: statement.period, status: 'UNAUDITED' });
}

/**
 * Writes a sign-off, finding or resolution of a statement and keeps its status: one transaction
 * that first locks the statement's row (so two auditors writing at once go one after the other,
 * the second seeing the first), then runs `write`, then reads the status again from all the
 * statement's sign-offs and findings.
 */
export async function changeAudit<T>(ds: DataSource, statementId: string, write: (manager: EntityManager) => Promise<T>): Promise<T> {
  return transaction(ds, async (manager) => {
    const lock = manager.createQueryBuilder(StatementAuditEntity, 'a').select('a.statementId').where('a.statementId = :statementId', { statementId });
    if (!isSqlite(manager)) lock.setLock('pessimistic_write');
    if (!(await lock.getRawOne())) {
      // A statement written around the services (a bulk load not yet rebuilt) gets its row now.
      const statement = await manager.findOneOrFail(StatementEntity, { select: { id: true, compoundId: true, period: true }, where: { id: statementId } });
      await manager.createQueryBuilder().insert().into(StatementAuditEntity).values({ statementId, compoundId: statement.compoundId, period: statement.period, status: 'UNAUDITED' }).orIgnore().execute();
      await lock.getRawOne();
    }
    const result = await write(manager);
    const status = (await statusesOf(manager, [statementId], true)).get(statementId)!;
    await manager.update(StatementAuditEntity, { statementId }, { status });
    return result;
  });
}

const CHUNK = 1000;

/**
 * Recomputes `statement_audit` from the statements, sign-offs and findings: after rows were
 * written around the services (a bulk load, a restore), or to repair. Run it while nothing else
 * audits or publishes.
 */
export async function rebuildStatementAudits(ds: DataSource, inTransaction?: EntityManager): Promise<void> {
  const rebuild = async (manager: EntityManager) => {
    await manager.query('DELETE FROM `statement_audit`');
    let after = '';
    for (;;) {
      const statements: Array<{ id: string; compoundId: string; period: string }> = await manager.query(`SELECT id, compoundId, period FROM statement WHERE id > ? ORDER BY id LIMIT ${CHUNK}`, [after]);
      if (!statements.length) return;
      const statuses = await statusesOf(manager, statements.map((s) => s.id));
      await manager.query(
        `INSERT INTO statement_audit (statementId, compoundId, period, status) VALUES ${statements.map(() => '(?, ?, ?, ?)').join(', ')}`,
        statements.flatMap((s) => [s.id, s.compoundId, s.period, statuses.get(s.id)!]),
      );
      after = statements[statements.length - 1].id;
    }
  };
  await (inTransaction ? rebuild(inTransaction) : transaction(ds, rebuild));
}
