import { sql } from 'kysely';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { isTimeout } from '../../src/db/dialect.js';
import { databaseServers, type TestDatabase } from '../helpers/databases.js';
import { callApi, killAllServerProcesses, startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.js';

/**
 * TEAMPRO_DB_TIMEOUT_MS on PostgreSQL and MariaDB: a request whose statement waits on a lock another
 * connection holds gets a 503 envelope once the limit has passed (not a hang, not a 500), changes
 * nothing, and the same request succeeds once the lock is gone. SQLite has no such limit (its writers
 * wait for the lock at most 5 s), so it is not run here.
 */
const LIMIT_MS = 500;
const servers = databaseServers('database statement time limit');

/** A second connection that holds locks until released. */
interface Locker {
  lockRow(projectId: number): Promise<void>;
  lockTable(): Promise<void>;
  release(): Promise<void>;
}

async function postgresLocker(url: string): Promise<Locker> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    lockRow: async (id) => void (await client.query('BEGIN'), await client.query('SELECT * FROM projects WHERE project_id = $1 FOR UPDATE', [id])),
    lockTable: async () => void (await client.query('BEGIN'), await client.query('LOCK TABLE projects IN ACCESS EXCLUSIVE MODE')),
    release: async () => void (await client.query('ROLLBACK'), await client.end()),
  };
}

async function mysqlLocker(url: string): Promise<Locker> {
  const connection = await createConnection(url);
  return {
    lockRow: async (id) => void (await connection.query('BEGIN'), await connection.query('SELECT * FROM projects WHERE project_id = ? FOR UPDATE', [id])),
    lockTable: async () => void (await connection.query('LOCK TABLES projects WRITE')),
    release: async () => void (await connection.query('ROLLBACK'), await connection.query('UNLOCK TABLES'), await connection.end()),
  };
}

describe.skipIf(servers.length === 0).each(servers)('database statement time limit on $name', (kind) => {
  let database: TestDatabase;
  let server: ServerProcess;
  const locker = () => (kind.name === 'postgres' ? postgresLocker(database.url) : mysqlLocker(database.url));

  beforeAll(async () => {
    database = await kind.create();
    server = await startServerProcess({ DATABASE_URL: database.url, TEAMPRO_DATA_DIR: tempDataDir(), TEAMPRO_DB_TIMEOUT_MS: String(LIMIT_MS) });
  });

  afterAll(async () => {
    await killAllServerProcesses();
    await database?.drop();
  });

  /** A call, and how long its reply took. */
  async function timed(call: Parameters<typeof callApi>[1]) {
    const started = Date.now();
    const reply = await callApi(server.url, { ...call, timeoutMs: 20_000 });
    return { reply, ms: Date.now() - started };
  }

  it('answers a write stuck behind a row lock with a 503 in time, changing nothing', async () => {
    const created = await callApi(server.url, { chain: 'projects', method: 'POST', params: { name: 'before' } });
    const id = created.body.response.project.project_id;
    const lock = await locker();
    await lock.lockRow(id);
    try {
      const { reply, ms } = await timed({ chain: `projects/${id}`, method: 'PUT', params: { name: 'during' } });
      expect(reply.status).toBe(503);
      expect(reply.body.request).toMatchObject({ code: 503, message: 'The database did not answer in time; try again' });
      // The databases' own lock waits run 50 s (InnoDB) or without end (PostgreSQL).
      expect(ms).toBeGreaterThanOrEqual(LIMIT_MS - 50);
      expect(ms).toBeLessThan(5000);
    } finally {
      await lock.release();
    }
    expect((await callApi(server.url, { chain: `projects/${id}` })).body.response.project.name).toBe('before');
    const after = await callApi(server.url, { chain: `projects/${id}`, method: 'PUT', params: { name: 'after' } });
    expect(after.status).toBe(200);
    expect(after.body.response.project.name).toBe('after');
  });

  it('bounds the very first statements of a new pool, one on each of its new connections', async () => {
    const handle = openDatabase(database.url, { statementTimeoutMs: LIMIT_MS });
    try {
      const sleep = kind.name === 'postgres' ? sql`SELECT pg_sleep(10)` : sql`SELECT SLEEP(10)`;
      const started = Date.now();
      const outcomes = await Promise.allSettled([1, 2, 3].map(() => sleep.execute(handle.db)));
      expect(Date.now() - started).toBeLessThan(5000);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect(isTimeout((outcome as PromiseRejectedResult).reason)).toBe(true);
      }
    } finally {
      await handle.destroy();
    }
  });

  it('answers a read stuck behind a table lock with a 503 in time, then reads again', async () => {
    const created = await callApi(server.url, { chain: 'projects', method: 'POST', params: { name: 'read me' } });
    const id = created.body.response.project.project_id;
    const lock = await locker();
    await lock.lockTable();
    try {
      const { reply, ms } = await timed({ chain: `projects/${id}` });
      expect(reply.status).toBe(503);
      expect(ms).toBeLessThan(5000);
    } finally {
      await lock.release();
    }
    const read = await callApi(server.url, { chain: `projects/${id}` });
    expect(read.status).toBe(200);
    expect(read.body.response.project.name).toBe('read me');
  });
});
