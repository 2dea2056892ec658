import fs from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDatabase } from '../helpers/databases.js';
import { postgresBinDir, startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.js';
import { callApi, killAllServerProcesses, startServerProcess, tempDataDir, waitUntil, type ServerProcess } from '../helpers/server-process.js';

type Phase = 'up' | 'down' | 'back';

interface Outcome {
  phase: Phase;
  status: number | null;
  /** Set when there was no HTTP reply at all (reset, refused, no answer in time). */
  error: string | null;
  ms: number;
  body: any;
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[`${o.phase} ${o.status ?? o.error}`] = (counts[`${o.phase} ${o.status ?? o.error}`] ?? 0) + 1;
  return counts;
}

/** `clients` loops of create-then-read until `running()` is false; each call bounded by a timeout. */
function load(server: ServerProcess, clients: number, phase: () => Phase, running: () => boolean, outcomes: Outcome[]) {
  const one = async (call: Parameters<typeof callApi>[1]) => {
    const at = phase();
    const started = Date.now();
    try {
      const reply = await callApi(server.url, { ...call, timeoutMs: 10_000 });
      outcomes.push({ phase: at, status: reply.status, error: null, ms: Date.now() - started, body: reply.body });
      return reply;
    } catch (error) {
      outcomes.push({ phase: at, status: null, error: String((error as Error).message), ms: Date.now() - started, body: null });
      return null;
    }
  };
  const loop = async (client: number) => {
    for (let i = 0; running() && i < 5_000; i += 1) {
      const created = await one({ chain: 'projects', method: 'POST', params: { name: `load ${client}.${i}` } });
      const id = created?.body?.response?.project?.project_id ?? 1;
      await one({ chain: `projects/${id}` });
    }
  };
  return Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
}

/** What the server logged as failures, for the message of a failed assertion. */
const loggedErrors = (server: ServerProcess) => [...new Set(server.logRecords().filter((r) => r.err).map((r) => `${r.err.code ?? ''} ${r.err.message}`))];

/**
 * PostgreSQL stopped and started again under a steady load, on a private PostgreSQL instance
 * (never the shared one). While it is down every request must be answered promptly with a 503 in
 * the envelope; afterwards the server must serve again without being restarted.
 */
describe.skipIf(!postgresBinDir())('PostgreSQL restarted under load', () => {
  let postgres: PrivatePostgres;
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const admin = new pg.Client({ connectionString: postgres.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE teampro');
    await admin.end();
    dataDir = tempDataDir();
    server = await startServerProcess({ DATABASE_URL: postgres.url('teampro'), TEAMPRO_DATA_DIR: dataDir });
  });

  afterAll(async () => {
    await killAllServerProcesses();
    postgres?.remove();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 envelopes during the outage and recovers by itself', async () => {
    const outcomes: Outcome[] = [];
    let phase: Phase = 'up';
    let running = true;
    const count = (p: Phase, status: number) => outcomes.filter((o) => o.phase === p && o.status === status).length;
    const loops = load(server, 6, () => phase, () => running, outcomes);
    try {
      await waitUntil(() => count('up', 200) >= 20, 15_000, 'successes before the outage');
      phase = 'down';
      await postgres.stop();
      await waitUntil(() => count('down', 503) >= 20, 15_000, '503s during the outage');
      await postgres.start();
      phase = 'back';
      await waitUntil(() => count('back', 200) >= 20, 20_000, 'successes after the restart');
    } finally {
      running = false;
      await loops;
    }
    // On failure, say what happened: replies counted by phase and status, and what the server logged.
    const summary = JSON.stringify({ replies: tally(outcomes), logged: loggedErrors(server) });
    expect(outcomes.filter((o) => o.error !== null), summary).toEqual([]);
    const failures = outcomes.filter((o) => o.status !== 200);
    expect(new Set(failures.map((o) => o.status)), summary).toEqual(new Set([503]));
    for (const failure of failures) {
      expect(failure.body?.request).toMatchObject({ code: 503, message: 'Service temporarily unavailable' });
    }
    // Refused connections answer at once; nothing waits for the pool's connection timeout twice over.
    expect(Math.max(...failures.map((o) => o.ms))).toBeLessThan(6_000);
    expect(server.child.exitCode).toBeNull();
  });
});

/**
 * The database server ending our connections under load (an administrator's kill, a failover, an idle
 * timeout), on the shared PostgreSQL and MariaDB servers: only the connections to this test's own
 * throwaway database are killed. Requests hit by it get a 503 envelope; the pool reconnects by itself.
 */
const shared = testDatabases().filter((kind) => kind.name !== 'sqlite');

describe.skipIf(shared.length === 0).each(shared)('connections killed by $name under load', (kind) => {
  let database: TestDatabase;
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    database = await kind.create();
    dataDir = tempDataDir();
    server = await startServerProcess({ DATABASE_URL: database.url, TEAMPRO_DATA_DIR: dataDir });
  });

  afterAll(async () => {
    await killAllServerProcesses();
    await database?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Ends every connection to this test's database but the admin one doing it; returns how many. */
  async function killConnections(): Promise<number> {
    const name = new URL(database.url).pathname.slice(1);
    if (kind.name === 'postgres') {
      const result = await sql<{ killed: boolean }>`select pg_terminate_backend(pid) as killed from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`.execute(database.db);
      return result.rows.length;
    }
    const rows = await sql<{ id: number }>`select id from information_schema.processlist where db = ${name} and id <> connection_id()`.execute(database.db);
    for (const row of rows.rows) await sql`kill connection ${sql.raw(String(Number(row.id)))}`.execute(database.db).catch(() => undefined);
    return rows.rows.length;
  }

  it('answers 503 envelopes to the requests it cuts and recovers by itself', async () => {
    const outcomes: Outcome[] = [];
    let phase: Phase = 'up';
    let running = true;
    const count = (p: Phase, status: number) => outcomes.filter((o) => o.phase === p && o.status === status).length;
    let killed = 0;
    const loops = load(server, 6, () => phase, () => running, outcomes);
    try {
      await waitUntil(() => count('up', 200) >= 20, 15_000, 'successes before the kill');
      phase = 'down';
      // Several rounds, a moment apart, so connections the pool opened again are hit as well.
      for (let round = 0; round < 5; round += 1) {
        killed += await killConnections();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      phase = 'back';
      await waitUntil(() => count('back', 200) >= 20, 20_000, 'successes after the kill');
    } finally {
      running = false;
      await loops;
    }
    const summary = JSON.stringify({ killed, replies: tally(outcomes), logged: loggedErrors(server) });
    expect(killed).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.error !== null), summary).toEqual([]);
    const failures = outcomes.filter((o) => o.status !== 200);
    for (const failure of failures) expect(failure.body?.request, summary).toMatchObject({ code: 503, message: 'Service temporarily unavailable' });
    expect(server.child.exitCode).toBeNull();
  });
});
