import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  /** `clients` loops of create-then-read until `running()` is false; each call bounded by a timeout. */
  function load(clients: number, phase: () => Phase, running: () => boolean, outcomes: Outcome[]) {
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

  it('answers 503 envelopes during the outage and recovers by itself', async () => {
    const outcomes: Outcome[] = [];
    let phase: Phase = 'up';
    let running = true;
    const count = (p: Phase, status: number) => outcomes.filter((o) => o.phase === p && o.status === status).length;
    const loops = load(6, () => phase, () => running, outcomes);
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
    const summary = JSON.stringify({ replies: tally(outcomes), logged: [...new Set(server.logRecords().filter((r) => r.err).map((r) => `${r.err.code ?? ''} ${r.err.message}`))] });
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
