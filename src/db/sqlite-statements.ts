import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

const STATEMENT_CACHE_SIZE = 500;

type Row = Record<string, unknown>;
type RowBuilder = (values: unknown[]) => Row;

/**
 * A function that turns one raw row (values in column order) into the object better-sqlite3 would
 * have made. better-sqlite3 makes each row's object one key at a time and looks every column name
 * up in V8's string table as it goes, about half the cost of reading a row; an object literal over
 * the statement's columns is made in one step. Duplicate names keep the last value in the first
 * place, as better-sqlite3's objects do; keys are JSON-quoted, so any name is safe to compile.
 */
function rowBuilder(columns: readonly string[]): RowBuilder {
  // In a literal, `"__proto__": value` would set the prototype rather than make a key.
  if (columns.includes('__proto__')) return (values) => definedRow(columns, values);
  const fields = columns.map((name, i) => `${JSON.stringify(name)}: values[${i}]`).join(', ');
  return new Function('values', `return { ${fields} };`) as RowBuilder;
}

function definedRow(columns: readonly string[], values: unknown[]): Row {
  const row: Row = {};
  columns.forEach((name, i) => Object.defineProperty(row, name, { value: values[i], writable: true, enumerable: true, configurable: true }));
  return row;
}

/**
 * The database's schema version (SQLite's schema cookie), read at most once a second: another process
 * (`teampro migrate`, a newer server) may change a table under statements this one has compiled.
 */
class SchemaWatch {
  generation = 0;
  private version: unknown = null;
  private readAt = -Infinity;

  constructor(
    private readonly database: SqliteDatabase.Database,
    private readonly intervalMs: number,
  ) {}

  current(): number {
    const now = Date.now();
    if (now - this.readAt >= this.intervalMs) {
      this.readAt = now;
      const version = this.database.pragma('schema_version', { simple: true });
      if (version !== this.version) [this.version, this.generation] = [version, this.generation + 1];
    }
    return this.generation;
  }
}

/**
 * A reading statement whose rows come raw and are made into objects by a builder compiled for its
 * columns. SQLite re-prepares a statement whose tables changed, and `*` then names other columns: the
 * builder is made again when a row's length differs from it, and when the schema version moved.
 */
class ReadStatement implements SqliteStatement {
  readonly reader = true;
  private columnCount = -1;
  private generation = -1;
  private build: RowBuilder = () => ({});
  private objectStatement: SqliteDatabase.Statement | null = null;

  constructor(
    private readonly raw: SqliteDatabase.Statement,
    private readonly prepareObjectStatement: () => SqliteDatabase.Statement,
    private readonly schema: SchemaWatch,
  ) {}

  /** The same SQL with better-sqlite3's own row objects, for streaming (rarely used: prepared on first use). */
  private get plain(): SqliteDatabase.Statement {
    return (this.objectStatement ??= this.prepareObjectStatement());
  }

  all(parameters: readonly unknown[]): unknown[] {
    const rows = this.raw.all(parameters) as unknown[][];
    if (rows.length === 0) return rows;
    const generation = this.schema.current();
    if (rows[0].length !== this.columnCount || generation !== this.generation) this.compile(rows[0].length, generation);
    const objects = new Array<Row>(rows.length);
    for (let i = 0; i < rows.length; i += 1) objects[i] = this.build(rows[i]);
    return objects;
  }

  run(parameters: readonly unknown[]) {
    return this.plain.run(parameters);
  }

  iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    return this.plain.iterate(parameters);
  }

  private compile(count: number, generation: number) {
    [this.columnCount, this.generation] = [count, generation];
    this.build = rowBuilder(this.raw.columns().map((column) => column.name));
  }
}

function prepareStatement(database: SqliteDatabase.Database, sqlText: string, schema: SchemaWatch): SqliteStatement {
  const statement = database.prepare(sqlText);
  return statement.reader ? new ReadStatement(statement.raw(true), () => database.prepare(sqlText), schema) : statement;
}

/**
 * better-sqlite3 compiles SQL on every prepare, and Kysely prepares on every query; the server runs
 * the same few hundred SQL texts over and over, so compiled statements are kept (least recently added
 * dropped first). Safe because Kysely runs one query at a time on the connection. Reading statements
 * return rows made by a compiled builder (see ReadStatement), which halves the cost of a row.
 */
export function withStatementCache(database: SqliteDatabase.Database, schemaCheckMs = 1000): KyselySqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  const schema = new SchemaWatch(database, schemaCheckMs);
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (!statement) {
        statement = prepareStatement(database, sqlText, schema);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(sqlText, statement);
      }
      return statement;
    },
  };
}
