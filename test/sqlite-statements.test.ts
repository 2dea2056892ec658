import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../src/db/sqlite-statements.js';

const open: SqliteDatabase.Database[] = [];
function database(file = ':memory:') {
  const db = new SqliteDatabase(file);
  open.push(db);
  return db;
}
afterEach(() => open.splice(0).forEach((db) => db.open && db.close()));

/** Rows as better-sqlite3 makes them, and as the cache's statements make them: the same, keys in the same order. */
function expectSameRows(db: SqliteDatabase.Database, sql: string, parameters: unknown[] = []) {
  const cached = withStatementCache(db).prepare(sql);
  const rows = cached.all(parameters) as Record<string, unknown>[];
  const expected = db.prepare(sql).all(parameters) as Record<string, unknown>[];
  expect(rows).toEqual(expected);
  expect(rows.map((row) => Object.keys(row))).toEqual(expected.map((row) => Object.keys(row)));
  return rows;
}

describe('SQLite statement cache', () => {
  it('reads rows equal to better-sqlite3 objects, for every kind of value and name', () => {
    const db = database();
    db.exec(`create table a (id integer primary key, name text, ratio real, data blob, none text);
             create table b (id integer primary key, a_id integer, name text, "odd ""name""" text, "\u2028ü" integer);
             insert into a values (1, 'one', 1.5, x'00ff', null), (2, 'two', -2, x'', null);
             insert into b values (10, 1, 'ten', 'q', 7), (11, 2, 'eleven', null, 8);`);
    expectSameRows(db, 'select * from a order by id');
    expectSameRows(db, 'select * from a where id = ?', [2]);
    expectSameRows(db, 'select * from a where id = ?', [99]);
    // Duplicate names: the last value, in the first place.
    const joined = expectSameRows(db, 'select a.*, b.* from a join b on b.a_id = a.id order by a.id');
    expect(joined[0].id).toBe(10);
    expectSameRows(db, 'select count(*) as n, sum(ratio) as total from a');
    // Streaming (Kysely's streamQuery) iterates better-sqlite3's own objects.
    expect([...withStatementCache(db).prepare('select * from a order by id').iterate([])]).toEqual(db.prepare('select * from a order by id').all());
  });

  it('keeps a column named __proto__ as a key, not a prototype', () => {
    const db = database();
    const [row] = withStatementCache(db).prepare(`select 1 as "__proto__", 2 as x`).all([]) as Record<string, unknown>[];
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe(1);
    expect(row.x).toBe(2);
  });

  it('runs an insert … returning once', () => {
    const db = database();
    db.exec('create table t (id integer primary key, v text)');
    const rows = withStatementCache(db).prepare('insert into t (v) values (?) returning id, v').all(['x']);
    expect(rows).toEqual([{ id: 1, v: 'x' }]);
    expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 1 });
  });

  it('follows a table changed by another connection: added columns at once, others once the schema is read again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-stmt-'));
    const file = path.join(dir, 'db.sqlite');
    const ours = database(file);
    const theirs = database(file);
    ours.pragma('journal_mode = WAL');
    theirs.exec("create table t (id integer primary key, old text); insert into t values (1, 'o')");
    const select = withStatementCache(ours, 0).prepare('select * from t');
    expect(select.all([])).toEqual([{ id: 1, old: 'o' }]);
    theirs.exec("alter table t add column extra text default 'e'");
    expect(select.all([])).toEqual([{ id: 1, old: 'o', extra: 'e' }]);
    // As many columns as before, in other places: only the schema version tells.
    theirs.exec("alter table t drop column old; alter table t add column fresh text default 'f'");
    expect(select.all([])).toEqual([{ id: 1, extra: 'e', fresh: 'f' }]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
