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
async function statusesOf(manager: EntityManager, statementIds: readonly string[]): Promise<Map<string, AuditStatus>> {
  const marks = statementIds.map(() => '?').join(', ');
  const [signOffs, findings]: [Array<{ statementId: string; auditorRole: AuditorRole }>, Array<{ statementId: string; open: string | number; all: string | number }>] = await Promise.all([
    manager.query(`SELECT DISTINCT statementId, auditorRole FROM audit_sign_off WHERE statementId IN (${marks})`, [...statementIds]),
    manager.query(`SELECT statementId, SUM(CASE WHEN status = 'OPEN' THEN 1 ELSE 0 END) AS open, COUNT(*) AS \`all\` FROM audit_finding WHERE statementId IN (${marks}) GROUP BY statementId`, [...statementIds]),
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
 * A sign-off or finding of the statement was written in this transaction: its status is read
 * again from all of them. The row is locked first, so that two auditors signing at once are
 * counted one after the other, the second seeing the first.
 */
export async function recordAuditChange(manager: EntityManager, statementId: string): Promise<AuditStatus> {
  const lock = manager.createQueryBuilder(StatementAuditEntity, 'a').select('a.statementId').where('a.statementId = :statementId', { statementId });
  if (!isSqlite(manager)) lock.setLock('pessimistic_write');
  if (!(await lock.getRawOne())) {
    // A statement written around the services (a bulk load not yet rebuilt) gets its row now.
    const statement = await manager.findOneOrFail(StatementEntity, { select: { id: true, compoundId: true, period: true }, where: { id: statementId } });
    await manager.createQueryBuilder().insert().into(StatementAuditEntity).values({ statementId, compoundId: statement.compoundId, period: statement.period, status: 'UNAUDITED' }).orIgnore().execute();
    await lock.getRawOne();
  }
  const status = (await statusesOf(manager, [statementId])).get(statementId)!;
  await manager.update(StatementAuditEntity, { statementId }, { status });
  return status;
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
