import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type EntityManager, type Logger as TypeOrmLogger, type MixedList, type EntitySchema } from 'typeorm';
import { createConnection } from 'mysql2/promise';

export type DatabaseTarget =
  | { kind: 'mysql'; host: string; port: number; user: string; password: string; database: string }
  | { kind: 'sqlite'; file: string };

/**
 * One URL names where all subgraphs keep data; each subgraph gets its own database in it:
 * `mysql://user:pass@host:3306/hub` -> database `hub_<subgraph>`, `sqlite:.data` -> file
 * `.data/<subgraph>.sqlite`.
 */
export function databaseTarget(url: string, subgraph: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const dir = url.slice('sqlite:'.length).replace(/^\/\//, '') || '.data';
    return { kind: 'sqlite', file: resolve(dir, `${subgraph}.sqlite`) };
  }
  const u = new URL(url);
  const prefix = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'hub';
  if (!/^[A-Za-z0-9_]+$/.test(prefix)) throw new Error(`DATABASE_URL database name "${prefix}" must be letters, digits and _`);
  return {
    kind: 'mysql',
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password),
    database: `${prefix}_${subgraph}`,
  };
}

/** Counts statements so tests and /metrics can prove one statement per entity type per request. */
export class StatementCounter implements TypeOrmLogger {
  count = 0;
  /** Set by the server that owns the metrics, which may be created after the database. */
  onStatement: (() => void) | null = null;
  logQuery(): void {
    this.count++;
    this.onStatement?.();
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

export interface DataSourceOptions {
  url: string;
  subgraph: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  counter?: StatementCounter;
}

/**
 * MySQL runs the subgraph's migrations; SQLite (the embedded demo) synchronises the schema from
 * the entities because the migrations are written in MySQL's dialect.
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const target = databaseTarget(options.url, options.subgraph);
  const common = { entities: options.entities, logger: options.counter ?? new StatementCounter(), logging: true as const };
  let ds: DataSource;
  if (target.kind === 'sqlite') {
    mkdirSync(resolve(target.file, '..'), { recursive: true });
    ds = new DataSource({ ...common, type: 'better-sqlite3', database: target.file, synchronize: true });
    await ds.initialize();
    await ds.query('PRAGMA journal_mode = WAL');
  } else {
    const flavour = await ensureMysqlDatabase(target);
    ds = new DataSource({
      ...common,
      type: flavour,
      host: target.host,
      port: target.port,
      username: target.user,
      password: target.password,
      database: target.database,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
      migrations: options.migrations,
      migrationsRun: false,
      poolSize: 10,
    });
    await ds.initialize();
    await migrateExclusively(ds, target.database);
  }
  return ds;
}

/** Replicas starting together must not run the same migration twice: a named lock serialises them. */
async function migrateExclusively(ds: DataSource, database: string): Promise<void> {
  const runner = ds.createQueryRunner();
  const lock = `migrate:${database}`;
  try {
    const [row] = await runner.query('SELECT GET_LOCK(?, 120) AS got', [lock]);
    if (Number(row?.got) !== 1) throw new Error(`could not take the migration lock for ${database} within 120 s`);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT RELEASE_LOCK(?)', [lock]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Creates the subgraph's database if needed and tells MariaDB from MySQL: TypeORM reads column
 * defaults differently for the two, and a wrong guess makes it see schema drift that is not there.
 */
async function ensureMysqlDatabase(t: Extract<DatabaseTarget, { kind: 'mysql' }>): Promise<'mysql' | 'mariadb'> {
  const conn = await createConnection({ host: t.host, port: t.port, user: t.user, password: t.password });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${t.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const [rows] = await conn.query('SELECT VERSION() AS version');
    return /mariadb/i.test(String((rows as { version: string }[])[0]?.version)) ? 'mariadb' : 'mysql';
  } finally {
    await conn.end();
  }
}

export async function dropMysqlDatabase(url: string, subgraph: string): Promise<void> {
  const t = databaseTarget(url, subgraph);
  if (t.kind !== 'mysql') return;
  const conn = await createConnection({ host: t.host, port: t.port, user: t.user, password: t.password });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${t.database}\``);
  } finally {
    await conn.end();
  }
}

const sqliteTail = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs fn in a transaction. SQLite (the embedded demo) has one connection and cannot nest
 * transactions, so there they queue one behind the other; MySQL runs them concurrently.
 */
export function transaction<T>(ds: DataSource, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type !== 'better-sqlite3') return ds.transaction(fn);
  const previous = sqliteTail.get(ds) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => ds.transaction(fn));
  sqliteTail.set(ds, next);
  return next;
}
