import { MysqlAdapter, PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { DialectName } from './connect.js';
import type { Database } from './types.js';

/** Dialect differences live here and nowhere else. */
export function dialectFor(db: Kysely<any>): DialectName {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof MysqlAdapter) return 'mysql';
  return 'sqlite';
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number };
  return e?.code === '23505' || e?.errno === 1062 || e?.code === 'ER_DUP_ENTRY' || /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(e?.code ?? '');
}

/**
 * A transaction the database rolled back to break a deadlock (PostgreSQL 40P01, MySQL/MariaDB 1213):
 * nothing of it stayed, so running it again is safe.
 */
export function isDeadlock(error: unknown): boolean {
  const e = error as { code?: string; errno?: number };
  return e?.code === '40P01' || e?.errno === 1213 || e?.code === 'ER_LOCK_DEADLOCK';
}

const UNAVAILABLE_CODES = new Set([
  // sockets: server down, unreachable, or gone mid-request
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  // PostgreSQL: shutting down or starting up, crash recovery, too many connections, connection failures
  '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006',
  // MySQL/MariaDB (mysql2): lost connection, server shutdown, too many connections, killed connection
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR', 'ER_CONNECTION_KILLED',
  'SQLITE_BUSY',
]);

/** Driver errors that carry no code, only a message (pg client and pool, mysql2 closed connections). */
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|not queryable|connection is in closed state|Pool is closed/i;

/** Connection-level failures (server down, restarting, pool exhausted): answered 503, not 500. */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return UNAVAILABLE_CODES.has(e?.code ?? '') || /^SQLITE_BUSY/.test(e?.code ?? '') || UNAVAILABLE_MESSAGES.test(e?.message ?? '');
}

/** PostgreSQL's query_canceled (statement_timeout); MySQL's ER_QUERY_TIMEOUT and ER_LOCK_WAIT_TIMEOUT. */
const TIMEOUT_CODES = new Set(['57014', 'ER_QUERY_TIMEOUT', 'ER_LOCK_WAIT_TIMEOUT']);
/** MariaDB's max_statement_time error (1969), which mysql2 knows by number only; MySQL's 3024 and 1205. */
const TIMEOUT_ERRNOS = new Set([1969, 3024, 1205]);

/** A statement stopped by its time limit (TEAMPRO_DB_TIMEOUT_MS), or by a lock wait that ran out. */
export function isTimeout(error: unknown): boolean {
  const e = error as { code?: string; errno?: number };
  return TIMEOUT_CODES.has(e?.code ?? '') || TIMEOUT_ERRNOS.has(e?.errno ?? 0);
}

type TableName = keyof Database;

/** Inserts one row and returns its generated id (RETURNING on PostgreSQL, insertId elsewhere). */
export async function insertReturningId<T extends TableName>(
  db: Kysely<Database>,
  table: T,
  values: Record<string, unknown>,
  idColumn: string,
): Promise<number> {
  const query = (db as Kysely<any>).insertInto(table).values(values);
  if (dialectFor(db) === 'postgres') {
    const row = await query.returning(idColumn).executeTakeFirstOrThrow();
    return Number(row[idColumn]);
  }
  const result = await query.executeTakeFirstOrThrow();
  return Number(result.insertId);
}

/** Case-insensitive "contains" on a column, with LIKE wildcards in the needle taken literally. */
export function containsText(column: string, needle: string): RawBuilder<boolean> {
  const escaped = needle.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`);
  return sql<boolean>`lower(${sql.ref(column)}) like ${`%${escaped}%`} escape '!'`;
}

/** Runs `work` in a transaction whose reads all see one snapshot. */
export function readConsistent<R>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<R>): Promise<R> {
  if (db.isTransaction) return work(db);
  return db.transaction().setIsolationLevel('repeatable read').execute(work);
}

/** Runs `work` in a transaction, or inside the caller's when one is already open. */
export function inTransaction<R>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<R>): Promise<R> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}

/**
 * Locks one row for the rest of the transaction (SELECT … FOR UPDATE), so writers that recompute
 * something from its children (completion, elapsed time) take turns. SQLite has no row locks and
 * needs none: its writers are serialised already.
 */
export async function lockRow(db: Kysely<Database>, table: keyof Database, column: string, id: number): Promise<void> {
  if (dialectFor(db) === 'sqlite') return;
  await (db as Kysely<any>).selectFrom(table).select(column).where(column, '=', id).forUpdate().execute();
}

/**
 * Adds `deltas` to the counter columns of the rows keyed by `keys` in one statement, creating a row
 * (with `extra` beside the deltas) where none is yet: an upsert, spelled per dialect. Rows must have
 * distinct keys (PostgreSQL refuses to touch one row twice in a statement).
 */
export async function addToCounters(
  db: Kysely<Database>,
  table: keyof Database,
  keys: readonly string[],
  rows: readonly Record<string, unknown>[],
  counters: readonly string[],
): Promise<void> {
  if (rows.length === 0) return;
  const insert = (db as Kysely<any>).insertInto(table).values(rows as Record<string, unknown>[]);
  if (dialectFor(db) === 'mysql') {
    const sum = Object.fromEntries(counters.map((c) => [c, sql`${sql.ref(c)} + values(${sql.ref(c)})`]));
    await insert.onDuplicateKeyUpdate(sum).execute();
    return;
  }
  const sum = Object.fromEntries(counters.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]));
  await insert.onConflict((oc) => oc.columns(keys as never).doUpdateSet(sum)).execute();
}
