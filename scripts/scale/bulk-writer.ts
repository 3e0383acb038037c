import { createPool, type Pool } from 'mysql2/promise';

export type SqlValue = string | number | boolean | Date | null;

/** Fixed instants as MySQL DATETIME text in UTC, the zone the hub's connections use. */
export function sqlTime(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  let prefix = days.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 10) + ' ';
    days.set(day, prefix);
  }
  let rest = t - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${prefix}${PAD[h]}:${PAD[m]}:${PAD[s]}.${PAD3[rest - s * 1000]}`;
}

// Formatting millions of instants through Date is most of the generator's time; days repeat.
const DAY_MS = 86_400_000;
const days = new Map<number, string>();
const PAD = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

const NEEDS_ESCAPE = /[\0\n\r\x1a'"\\]/;

function literal(v: SqlValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Date) return `'${sqlTime(v.getTime())}'`;
  if (!NEEDS_ESCAPE.test(v)) return `'${v}'`;
  return `'${v.replace(/[\0\n\r\x1a'"\\]/g, (c) => ({ '\0': '\\0', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z', "'": "\\'", '"': '\\"', '\\': '\\\\' })[c]!)}'`;
}

interface Table {
  columns: string[];
  head: string;
  rows: string[];
  bytes: number;
}

/**
 * Buffers rows per table and writes them as multi-row INSERTs (up to `rowsPerStatement` rows or
 * about 2 MB each) on a small pool, several statements in
 * flight at once. `add` never waits; the generator calls `settle()` now and then so that memory
 * stays bounded while the database catches up.
 */
export class BulkWriter {
  private readonly pool: Pool;
  private readonly tables = new Map<string, Table>();
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;
  readonly counts: Record<string, number> = {};

  constructor(
    connection: { host: string; port: number; user: string; password: string; database: string },
    private readonly options: { rowsPerStatement?: number; maxInFlight?: number } = {},
  ) {
    const { host, port, user, password, database } = connection;
    this.pool = createPool({ host, port, user, password, database, connectionLimit: options.maxInFlight ?? 3, charset: 'utf8mb4_unicode_ci', timezone: 'Z', multipleStatements: false,
      // Statements arrive fully written: scanning megabytes of SQL for placeholders cost a tenth of the run.
      queryFormat: (sql: string) => sql,
    });
    // unique_checks stays on: with it off InnoDB may skip checking secondary unique indexes, and
    // a generator bug would leave duplicates the services' own constraints assume away.
    this.pool.on('connection', (c) => {
      // The connection here is the callback flavour; the setting only needs to be sent.
      (c as unknown as { query(sql: string): void }).query('SET SESSION foreign_key_checks = 0');
    });
  }

  add(table: string, columns: string[], values: SqlValue[]): void {
    let t = this.tables.get(table);
    if (!t) {
      t = { columns, head: `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(',')}) VALUES `, rows: [], bytes: 0 };
      this.tables.set(table, t);
      this.counts[table] ??= 0;
    }
    let row = '(';
    for (let i = 0; i < values.length; i++) row += (i ? ',' : '') + literal(values[i]);
    row += ')';
    t.rows.push(row);
    t.bytes += row.length;
    this.counts[table]++;
    if (t.rows.length >= (this.options.rowsPerStatement ?? 2_000) || t.bytes > 2_000_000) this.flush(t);
  }

  private flush(t: Table): void {
    if (t.rows.length === 0) return;
    const sql = t.head + t.rows.join(',');
    t.rows = [];
    t.bytes = 0;
    const p: Promise<void> = this.pool
      .query(sql)
      .then(() => undefined)
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Waits until at most `limit` statements are in flight; rethrows the first failure. */
  async settle(limit = (this.options.maxInFlight ?? 3) * 2): Promise<void> {
    while (this.inFlight.size > limit) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
  }

  /** Writes everything buffered and waits for it. */
  async finish(): Promise<void> {
    for (const t of this.tables.values()) this.flush(t);
    await this.settle(0);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
