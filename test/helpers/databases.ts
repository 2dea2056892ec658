import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createConnection } from 'mysql2/promise';
import { describe, it } from 'vitest';
import { openDatabase, type DatabaseHandle, type DialectName } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export interface TestDatabase extends DatabaseHandle {
  readonly url: string;
  /** Destroys the pool and drops the throwaway database. */
  drop(): Promise<void>;
}

export interface TestDatabaseKind {
  readonly name: DialectName;
  create(): Promise<TestDatabase>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function createPostgres(serverUrl: string): Promise<TestDatabase> {
  const name = `teampro_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const handle = openDatabase(url);
  return {
    ...handle,
    url,
    async drop() {
      await handle.destroy();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function createMysql(serverUrl: string): Promise<TestDatabase> {
  const name = `teampro_test_${randomBytes(6).toString('hex')}`;
  const admin = await createConnection(serverUrl);
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const handle = openDatabase(url);
  return {
    ...handle,
    url,
    async drop() {
      await handle.destroy();
      const client = await createConnection(serverUrl);
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.end();
    },
  };
}

function createSqlite(): Promise<TestDatabase> {
  const handle = openDatabase('sqlite::memory:');
  return Promise.resolve({ ...handle, url: 'sqlite::memory:', drop: () => handle.destroy() });
}

/** SQLite always; PostgreSQL and MySQL/MariaDB when TEST_POSTGRES_URL / TEST_MYSQL_URL are set. */
export function testDatabases(): TestDatabaseKind[] {
  const kinds: TestDatabaseKind[] = [{ name: 'sqlite', create: createSqlite }];
  const postgres = process.env.TEST_POSTGRES_URL;
  const mysql = process.env.TEST_MYSQL_URL;
  if (postgres) kinds.push({ name: 'postgres', create: () => createPostgres(postgres) });
  if (mysql) kinds.push({ name: 'mysql', create: () => createMysql(mysql) });
  return kinds;
}

/**
 * PostgreSQL and MySQL/MariaDB as configured, for suites that need a database server. With neither,
 * the file says so as a skipped suite named `suite` instead of failing with "no test suite found";
 * CI always sets both.
 */
export function databaseServers(suite: string): TestDatabaseKind[] {
  const servers = testDatabases().filter((kind) => kind.name !== 'sqlite');
  if (servers.length === 0) {
    describe.skip(`${suite} (needs TEST_POSTGRES_URL or TEST_MYSQL_URL)`, () => {
      it('runs against PostgreSQL and MariaDB', () => undefined);
    });
  }
  return servers;
}

/** A fresh, migrated database of the given kind. */
export async function migratedDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const database = await kind.create();
  await migrateToLatest(database.db);
  return database;
}
