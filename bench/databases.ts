import fs from 'node:fs';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { createAdmin, createRole } from '../src/auth/admins.js';
import { openDatabase, type DialectName } from '../src/db/connect.js';
import { migrateToLatest, migrateUpTo } from '../src/db/migrate.js';
import type { Database } from '../src/db/types.js';

/**
 * The benchmark's databases: a file under bench/.data on SQLite, a database named `teampro_bench_…`
 * on the PostgreSQL or MySQL/MariaDB server of TEST_POSTGRES_URL / TEST_MYSQL_URL (as the tests use).
 * Rows are seeded straight into the tables as an older schema had them (up to 0006), and the latest
 * migrations then add up what the services keep (child counts, time-log totals, action counts), so
 * the seed also times migration 0007's backfill at scale.
 */
export const USER = 'bench';
export const PASSWORD = 'bench-password';
const LAST_UNKEPT = '0006_sessions';
const dataRoot = path.resolve('bench/.data');

export function serverUrl(dialect: DialectName): string {
  if (dialect === 'sqlite') return '';
  const url = dialect === 'postgres' ? process.env.TEST_POSTGRES_URL : process.env.TEST_MYSQL_URL;
  if (!url) throw new Error(`--db ${dialect} needs ${dialect === 'postgres' ? 'TEST_POSTGRES_URL' : 'TEST_MYSQL_URL'}`);
  return url;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Creates (or, with `fresh`, drops and creates) a database on the server; returns its URL. */
async function serverDatabase(dialect: DialectName, name: string, fresh: boolean): Promise<string> {
  const server = serverUrl(dialect);
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  } else {
    const admin = await createConnection(server);
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE IF NOT EXISTS ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    await admin.end();
  }
  return withDatabase(server, name);
}

async function isSeeded(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1 from bench_seeded`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** A seeded, migrated database for `name`; reused when `reuse` and it was seeded before. */
export async function prepare(dialect: DialectName, name: string, reuse: boolean, fill: (db: Kysely<Database>) => Promise<void>): Promise<string> {
  const dir = path.join(dataRoot, `${dialect}-${name}`);
  if (!reuse) fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const url = dialect === 'sqlite' ? `sqlite://${path.join(dir, 'teampro.db')}` : await serverDatabase(dialect, `teampro_bench_${name}`, !reuse);
  const handle = openDatabase(url);
  try {
    if (reuse && (await isSeeded(handle.db))) return url;
    await migrateUpTo(handle.db, LAST_UNKEPT);
    const role = await createRole(handle.db, 'Super Admin', 'super');
    await createAdmin(handle.db, { username: USER, password: PASSWORD, roleId: role }, 1);
    let started = Date.now();
    await fill(handle.db);
    const seeded = (Date.now() - started) / 1000;
    started = Date.now();
    await migrateToLatest(handle.db);
    if (dialect !== 'sqlite') await sql`${sql.raw(dialect === 'mysql' ? 'analyze table projects, actions, timelogs, action_children, timelog_totals' : 'analyze')}`.execute(handle.db);
    console.log(`seeded ${dialect} ${name} in ${seeded.toFixed(1)} s, migrated (kept roll-ups and totals added up) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await sql`create table bench_seeded (done integer)`.execute(handle.db);
    return url;
  } finally {
    await handle.destroy();
  }
}

/** The server's data folder for a database (blobs; SQLite keeps its file there too). */
export const dataDir = (dialect: DialectName, name: string) => path.join(dataRoot, `${dialect}-${name}`);
