import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  MysqlDialect,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';
import { createPool as createMysqlPool } from 'mysql2';
import pg from 'pg';
import { withStatementCache } from './sqlite-statements.js';
import type { Database } from './types.js';

export { dialectOf, type DialectName } from './dialect-name.js';
import { dialectOf, type DialectName } from './dialect-name.js';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  destroy(): Promise<void>;
}

// BIGINT and NUMERIC arrive as strings from pg; every value we store fits a JS number.
pg.types.setTypeParser(20, (value) => Number(value));
pg.types.setTypeParser(1700, (value) => Number(value));

function sqliteFile(url: string): string {
  if (url === ':memory:' || url === 'sqlite::memory:' || url === 'sqlite://:memory:') return ':memory:';
  return url.replace(/^sqlite:(\/\/)?/i, '');
}

/**
 * Write transactions begin IMMEDIATE: they take SQLite's write lock at the start, waiting for it
 * (busy_timeout), instead of starting as readers and failing with SQLITE_BUSY when they try to write
 * after another process (a cluster worker, the CLI) did. Transactions that ask for an isolation level
 * or read-only access are reads (`readConsistent`) and stay deferred: in WAL mode readers never wait.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  // Kysely calls every driver with the settings; its SQLite driver just does not declare them.
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    if (settings?.isolationLevel || settings?.accessMode === 'read only') return super.beginTransaction(connection);
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

function openSqlite(url: string): Kysely<Database> {
  const file = sqliteFile(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }) });
}

export interface OpenOptions {
  /**
   * The longest one statement may run, lock waits included, in ms (0 or absent: no limit). PostgreSQL
   * and MySQL/MariaDB stop it there and the request fails with a 503; SQLite runs statements in the
   * process, and a writer waits at most 5 s for the lock (busy_timeout).
   */
  readonly statementTimeoutMs?: number;
}

function openPostgres(url: string, statementTimeoutMs: number): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    ...(statementTimeoutMs > 0 && { statement_timeout: statementTimeoutMs }),
  });
  // An idle client losing its server (a restart) must not crash the process.
  pool.on('error', () => undefined);
  // Nor may a checked-out client that loses it between queries: pg emits 'error' on the client then,
  // with no pool listener attached. The query in progress, if any, still fails (503), and the pool
  // discards the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Bounds each statement of a new connection: MariaDB's max_statement_time (any statement), or on MySQL,
 * which lacks it, max_execution_time (reads only), with row-lock and metadata-lock waits cut in whole
 * seconds on both. All three are queued at once, before the pool hands the connection out, so nothing
 * runs ahead of them; each server refuses the variable it does not know, which changes nothing.
 */
function limitStatements(connection: { query: (sql: string, values: unknown[], done: (error: unknown) => void) => unknown }, ms: number) {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  const ignore = () => undefined;
  connection.query('SET SESSION innodb_lock_wait_timeout = ?, lock_wait_timeout = ?', [seconds, seconds], ignore);
  connection.query('SET SESSION max_statement_time = ?', [ms / 1000], ignore);
  connection.query('SET SESSION max_execution_time = ?', [ms], ignore);
}

function openMysql(url: string, statementTimeoutMs: number): Kysely<Database> {
  const pool = createMysqlPool({
    uri: url.replace(/^mariadb:/i, 'mysql:'),
    connectionLimit: 10,
    charset: 'utf8mb4',
    timezone: 'Z',
    decimalNumbers: true,
    supportBigNumbers: true,
    connectTimeout: 5000,
  });
  if (statementTimeoutMs > 0) pool.on('connection', (connection) => limitStatements(connection, statementTimeoutMs));
  return new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
}

export function openDatabase(url: string, options: OpenOptions = {}): DatabaseHandle {
  const dialect = dialectOf(url);
  const timeout = options.statementTimeoutMs ?? 0;
  const db = dialect === 'sqlite' ? openSqlite(url) : dialect === 'postgres' ? openPostgres(url, timeout) : openMysql(url, timeout);
  return { db, dialect, destroy: () => db.destroy() };
}
