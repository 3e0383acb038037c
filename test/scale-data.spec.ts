import { createConnection, type Connection } from 'mysql2/promise';
import { databaseTarget, type SubgraphName } from '@hub/platform';
import { testEnvironment, type TestEnvironment } from '@hub/platform/testing';
import { startHub, type Hub } from '../scripts/hub';
import { generateScaleData, type ScaleResult } from '../scripts/scale';
import { gql, tokenFor } from './client';
import { computeStatement } from '../subgraphs/finance/src/statements/statements.service';
import { contentHash } from '../subgraphs/finance/src/statements/statement-content';
import { isOverdue, monthsWithin, parsePeriod } from '../subgraphs/finance/src/statements/period';
import { auditStatus } from '../subgraphs/finance/src/audits/audit-status';

/**
 * The synthetic region the benchmarks run on, at its small size, on MariaDB: the rows it reports
 * are the rows in the tables; the same seed gives the same rows and a second call reuses them;
 * and the services read the data as if the events had flowed (ledger chains verify, statistics
 * add up to the rows, a resident sees their own requests), through the gateway.
 */
let env: TestEnvironment;
let conn: Connection;
let first: ScaleResult;

const db = (subgraph: SubgraphName) => {
  const t = databaseTarget(env.config.databaseUrl, subgraph);
  if (t.kind !== 'mysql') throw new Error('the scale data needs MySQL or MariaDB');
  return t.database;
};

/** A checksum over every column of every row of a table, independent of row order. */
async function checksum(subgraph: SubgraphName, table: string): Promise<string> {
  const [cols] = await conn.query('SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION', [db(subgraph), table]);
  const columns = (cols as { c: string }[]).map((r) => `IFNULL(\`${r.c}\`, '~')`).join(', ');
  const [rows] = await conn.query(`SELECT COUNT(*) AS n, SUM(CRC32(CONCAT_WS('|', ${columns}))) AS s FROM \`${db(subgraph)}\`.\`${table}\``);
  const row = (rows as { n: number; s: string }[])[0];
  return `${row.n}:${row.s}`;
}

const CHECKED: [SubgraphName, string][] = [
  ['community', 'unit'],
  ['community', 'person'],
  ['community', 'resident_request'],
  ['community', 'request_step'],
  ['property', 'work_order'],
  ['property', 'parking_fee'],
  ['finance', 'journal_entry'],
  ['finance', 'posting'],
  ['finance', 'statement'],
  ['rating', 'rating_result'],
  ['rating', 'rating_list_entry'],
];
const checksums = async () => Object.fromEntries(await Promise.all(CHECKED.map(async ([s, t]) => [`${s}.${t}`, await checksum(s, t)] as const)));

async function count(subgraph: SubgraphName, sql: string, params: unknown[] = []): Promise<number> {
  await conn.changeUser({ database: db(subgraph) });
  const [rows] = await conn.query(sql, params);
  return Number(Object.values((rows as Record<string, unknown>[])[0])[0] ?? 0);
}

beforeAll(async () => {
  env = testEnvironment();
  const t = databaseTarget(env.config.databaseUrl, 'community');
  if (t.kind !== 'mysql') throw new Error('the scale data needs MySQL or MariaDB');
  conn = await createConnection({ host: t.host, port: t.port, user: t.user, password: t.password });
  first = await generateScaleData({ databaseUrl: env.config.databaseUrl, size: 'small', seed: 7 });
}, 180_000);

afterAll(async () => {
  await conn?.end();
  await env?.cleanup();
});

describe('generate-scale-data, small size', () => {
  it('writes the rows it reports, with the shape of a city', async () => {
    expect(first.reused).toBe(false);
    expect(first.counts['community.compound']).toBe(30);
    expect(first.counts['community.unit']).toBeGreaterThanOrEqual(3_000);
    for (const [key, n] of Object.entries(first.counts)) {
      const [subgraph, table] = key.split('.') as [SubgraphName, string];
      expect([key, await count(subgraph, `SELECT COUNT(*) FROM \`${table}\``)]).toEqual([key, n]);
    }
    // Every compound is known to the other subgraphs and has a ledger head.
    for (const s of ['property', 'finance', 'rating'] as const) expect(await count(s, 'SELECT COUNT(*) FROM compound_scope')).toBe(30);
    expect(await count('finance', 'SELECT COUNT(*) FROM ledger_head')).toBe(30);
    // Requests in many states, each request's work orders pointing back at it.
    expect(await count('community', 'SELECT COUNT(DISTINCT state) FROM resident_request')).toBeGreaterThanOrEqual(4);
    expect(await count('community', "SELECT COUNT(*) FROM resident_request WHERE state = 'CLOSED' AND closedAt IS NULL")).toBe(0);
    expect(await count('community', "SELECT COUNT(*) FROM resident_request WHERE state IN ('RESOLVED','CLOSED') AND (resolvedAt IS NULL OR dueAt IS NOT NULL)")).toBe(0);
    const dispatchedToFirm = await count('community', "SELECT SUM(dispatchRound) FROM resident_request WHERE responsible = 'PROPERTY_FIRM'");
    expect(await count('property', "SELECT COUNT(*) FROM work_order WHERE source = 'RESIDENT_REQUEST'")).toBe(dispatchedToFirm);
    // Parking fees are booked once each in finance.
    expect(await count('finance', "SELECT COUNT(*) FROM journal_entry WHERE sourceReference LIKE 'parking-fee:%'")).toBe(first.counts['property.parking_fee']);
    // The fixture names rows that exist.
    const f = first.fixture;
    expect(await count('community', 'SELECT COUNT(*) FROM compound WHERE streetCode = ?', [f.street.code])).toBe(f.street.compounds);
    expect(await count('community', "SELECT COUNT(*) FROM resident_request WHERE reporterId = ? AND state NOT IN ('RESOLVED','CLOSED')", [f.resident.personId])).toBe(f.resident.openRequests);
    expect(await count('property', 'SELECT COUNT(*) FROM work_order WHERE firmId = ?', [f.firm.id])).toBe(f.firm.workOrders);
  });

  it('gives the same rows for the same seed, reuses them on a second call, and regenerates for another seed', async () => {
    const before = await checksums();
    const again = await generateScaleData({ databaseUrl: env.config.databaseUrl, size: 'small', seed: 7 });
    expect(again.reused).toBe(true);
    expect(again.fixture).toEqual(first.fixture);
    expect(again.counts).toEqual(first.counts);

    const forced = await generateScaleData({ databaseUrl: env.config.databaseUrl, size: 'small', seed: 7, force: true });
    expect(forced.reused).toBe(false);
    expect(forced.fixture).toEqual(first.fixture);
    expect(await checksums()).toEqual(before);

    const other = await generateScaleData({ databaseUrl: env.config.databaseUrl, size: 'small', seed: 8 });
    expect(other.reused).toBe(false);
    const after = await checksums();
    expect(after['community.unit']).not.toEqual(before['community.unit']);
    expect(after['finance.journal_entry']).not.toEqual(before['finance.journal_entry']);

    // Back to seed 7 for the service checks below.
    first = await generateScaleData({ databaseUrl: env.config.databaseUrl, size: 'small', seed: 7 });
    expect(first.reused).toBe(false);
    expect(await checksums()).toEqual(before);
  }, 180_000);

  describe('read through the gateway', () => {
    let hub: Hub;
    let url: string;
    const admin = tokenFor({ sub: 'admin-1', role: 'ADMIN' });
    const analyst = tokenFor({ sub: 'analyst-1', role: 'ANALYST' });

    beforeAll(async () => {
      hub = await startHub(env.config, { ephemeralPorts: true, workers: false });
      url = hub.gateway.url;
    }, 60_000);
    afterAll(async () => {
      await hub?.stop();
    });

    const ok = async (query: string, token: string, variables?: Record<string, unknown>) => {
      const { body } = await gql(url, query, { token, variables });
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };

    it('verifies every ledger chain of the busiest street', async () => {
      const q = 'query($id: ID!) { verifyLedger(compoundId: $id) { ok entriesChecked headSequence firstBroken { reason } balanceMismatches { accountId } } }';
      for (const id of first.fixture.street.compoundIds) {
        const v = (await ok(q, admin, { id })).verifyLedger;
        expect(v).toEqual({ ok: true, entriesChecked: v.headSequence, headSequence: v.headSequence, firstBroken: null, balanceMismatches: [] });
        expect(v.headSequence).toBeGreaterThan(1);
      }
    });

    it('publishes monthly statements that the statement service recomputes to the same figures', async () => {
      const id = first.fixture.ledgerCompoundId;
      await conn.changeUser({ database: db('finance') });
      const [rows] = await conn.query('SELECT period, content, hash FROM statement WHERE compoundId = ? ORDER BY period', [id]);
      const stored = rows as { period: string; content: string; hash: string }[];
      expect(stored.length).toBeGreaterThan(0);
      for (const s of stored) {
        expect(contentHash(s.content)).toBe(s.hash);
        const recomputed = await computeStatement(hub.subgraphs.finance.ds, id, parsePeriod(s.period));
        // Byte for byte, but for the head, which the live ledger has moved past since publication.
        const { ledgerSequence, ledgerHash } = JSON.parse(s.content);
        expect(JSON.stringify({ ...recomputed, ledgerSequence, ledgerHash })).toBe(s.content);
        expect(ledgerSequence).toBeGreaterThan(0);
      }
      const [head] = await conn.query('SELECT closedThrough FROM ledger_head WHERE compoundId = ?', [id]);
      expect((head as { closedThrough: string }[])[0].closedThrough).toBe(parsePeriod(stored[stored.length - 1].period).lastDay);
    });

    it('answers the analysts’ statistics with the totals of the rows', async () => {
      const f = first.fixture;
      const stats = await ok(
        `query($r: ID!, $from: String!, $to: String!) {
          communityStats(regionCode: $r, from: $from, to: $to) { coverage { compounds withOwnersCommittee withPropertyFirm } requests { total byState { state count } } }
          financeStats(regionCode: $r, from: $from, to: $to) { compounds revenueByCategory { category amountFen } overdueStatements(first: 100) { totalCount edges { node { compoundId periods } } pageInfo { hasNextPage endCursor } }
            unauditedStatements { totalCount byStatus { status count } } }
          propertyStats(regionCode: $r, from: $from, to: $to) { compounds parkingFees workOrders { count } }
        }`,
        analyst,
        { r: f.district.code, from: f.period.from, to: f.period.to },
      );
      expect(stats.communityStats.coverage.compounds).toBe(f.district.compounds);
      expect(stats.communityStats.coverage.withOwnersCommittee).toBe(
        await count('community', "SELECT COUNT(*) FROM compound c WHERE c.districtCode = ? AND EXISTS (SELECT 1 FROM organisation_compound oc JOIN organisation o ON o.id = oc.organisationId WHERE oc.compoundId = c.id AND o.kind = 'OWNERS_COMMITTEE')", [f.district.code]),
      );
      expect(stats.communityStats.coverage.withOwnersCommittee).toBe(await count('community', 'SELECT COUNT(*) FROM compound WHERE districtCode = ? AND noOwnersCommittee = 0', [f.district.code]));
      expect(stats.communityStats.coverage.withPropertyFirm).toBeGreaterThan(0);
      expect(stats.communityStats.requests.total).toBe(await count('community', 'SELECT COUNT(*) FROM resident_request WHERE districtCode = ?', [f.district.code]));
      const byState = Object.fromEntries(stats.communityStats.requests.byState.map((s: { state: string; count: number }) => [s.state, s.count]));
      expect(byState.CLOSED).toBe(await count('community', "SELECT COUNT(*) FROM resident_request WHERE districtCode = ? AND state = 'CLOSED'", [f.district.code]));
      expect(stats.financeStats.compounds).toBe(f.district.compounds);
      const parking = stats.financeStats.revenueByCategory.find((c: { category: string }) => c.category === 'PARKING');
      expect(Number(parking.amountFen)).toBe(
        await count('finance', "SELECT -SUM(p.amountFen) FROM posting p JOIN account a ON a.id = p.accountId JOIN compound_scope s ON s.compoundId = p.compoundId WHERE a.kind = 'PUBLIC_REVENUE' AND p.category = 'PARKING' AND s.regionPath LIKE ?", [`%${f.district.code}%`]),
      );
      // Overdue: months due by now without a statement, per compound of the district.
      await conn.changeUser({ database: db('finance') });
      const [published] = await conn.query("SELECT s.compoundId, s.period FROM statement s JOIN compound_scope c ON c.compoundId = s.compoundId WHERE c.regionPath LIKE ?", [`%${f.district.code}%`]);
      const [scoped] = await conn.query('SELECT compoundId FROM compound_scope WHERE regionPath LIKE ?', [`%${f.district.code}%`]);
      const have = new Set((published as { compoundId: string; period: string }[]).map((p) => `${p.compoundId}|${p.period}`));
      const due = monthsWithin(new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')).filter((m) => isOverdue(m, new Date()));
      const expected = (scoped as { compoundId: string }[])
        .map(({ compoundId }) => ({ compoundId, periods: due.filter((m) => !have.has(`${compoundId}|${m.label}`)).map((m) => m.label) }))
        .filter((o) => o.periods.length > 0);
      const byCompound = (a: { compoundId: string }, b: { compoundId: string }) => (a.compoundId < b.compoundId ? -1 : 1);
      // A district's overdue compounds come a page at a time.
      const overdue = stats.financeStats.overdueStatements.edges.map((e: { node: unknown }) => e.node);
      for (let page = stats.financeStats.overdueStatements.pageInfo; page.hasNextPage; ) {
        const next = (
          await ok(
            `query($r: ID!, $from: String!, $to: String!, $after: String) { financeStats(regionCode: $r, from: $from, to: $to) {
              overdueStatements(first: 100, after: $after) { edges { node { compoundId periods } } pageInfo { hasNextPage endCursor } } } }`,
            analyst,
            { r: f.district.code, from: f.period.from, to: f.period.to, after: page.endCursor },
          )
        ).financeStats.overdueStatements;
        overdue.push(...next.edges.map((e: { node: unknown }) => e.node));
        page = next.pageInfo;
      }
      expect(stats.financeStats.overdueStatements.totalCount).toBe(expected.length);
      expect(overdue.sort(byCompound)).toEqual(expected.sort(byCompound));
      expect(expected.length).toBeLessThan(f.district.compounds);
      // Audits: most statements signed off by all three sides, the rest counted by status as the rows give.
      const [audits] = await conn.query(
        `SELECT s.id, (SELECT COUNT(DISTINCT o.auditorRole) FROM audit_sign_off o WHERE o.statementId = s.id) AS roles,
           (SELECT COUNT(*) FROM audit_finding a WHERE a.statementId = s.id AND a.status = 'OPEN') AS open, (SELECT COUNT(*) FROM audit_finding a WHERE a.statementId = s.id) AS found
         FROM statement s JOIN compound_scope c ON c.compoundId = s.compoundId WHERE c.regionPath LIKE ?`,
        [`%${f.district.code}%`],
      );
      const statuses = (audits as { roles: number; open: number; found: number }[]).map((a) =>
        auditStatus((['COMMUNITY', 'OWNER_REPRESENTATIVE', 'SUPERVISORY_BOARD'] as const).slice(0, Number(a.roles)), Number(a.open), Number(a.found)),
      );
      const unaudited = statuses.filter((st) => st !== 'AUDITED');
      expect(unaudited.length).toBeGreaterThan(0);
      expect(unaudited.length).toBeLessThan(statuses.length / 3);
      expect(stats.financeStats.unauditedStatements.totalCount).toBe(unaudited.length);
      expect(stats.financeStats.unauditedStatements.byStatus).toEqual(
        ['UNAUDITED', 'IN_AUDIT', 'FINDINGS_OPEN'].map((status) => ({ status, count: unaudited.filter((u) => u === status).length })).filter((c) => c.count > 0),
      );
      expect(stats.propertyStats.compounds).toBe(f.district.compounds);
      expect(stats.propertyStats.parkingFees).toBe(await count('property', "SELECT COUNT(*) FROM parking_fee f JOIN compound_scope s ON s.compoundId = f.compoundId WHERE s.regionPath LIKE ?", [`%${f.district.code}%`]));
      const orders = stats.propertyStats.workOrders.reduce((a: number, w: { count: number }) => a + w.count, 0);
      expect(orders).toBe(await count('property', "SELECT COUNT(*) FROM work_order w JOIN compound_scope s ON s.compoundId = w.compoundId WHERE s.regionPath LIKE ?", [`%${f.district.code}%`]));
    });

    it('shows the fixture resident their own requests and the published ranking of their district', async () => {
      const r = first.fixture.resident;
      const resident = tokenFor({ sub: r.personId, role: 'RESIDENT', compounds: [r.compoundId], units: [r.unitId] });
      const mine = await ok('{ myRequests(first: 100) { edges { node { id state } } } }', resident);
      const states = mine.myRequests.edges.map((e: { node: { state: string } }) => e.node.state);
      expect(states).toHaveLength(r.requests);
      expect(states.filter((s: string) => !['RESOLVED', 'CLOSED'].includes(s))).toHaveLength(r.openRequests);

      const ranking = await ok('query($d: ID!, $p: String!) { ratingRanking(districtCode: $d, period: $p, first: 100) { edges { node { compound { id } } } } }', analyst, {
        d: r.districtCode,
        p: first.fixture.period.latestQuarter,
      });
      expect(ranking.ratingRanking.edges.length).toBe(await count('rating', 'SELECT COUNT(*) FROM rating_result WHERE districtCode = ? AND period = ?', [r.districtCode, first.fixture.period.latestQuarter]));
    });
  });
});
