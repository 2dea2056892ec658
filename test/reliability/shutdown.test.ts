import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDatabase } from '../helpers/databases.js';
import { callApi, killAllServerProcesses, startServerProcess, tempDataDir, waitUntil, type HttpResult, type ServerProcess } from '../helpers/server-process.js';

/**
 * Graceful shutdown: SIGTERM while slow requests (big XML pages) are in flight. The listener closes
 * at once, every request the server has received is answered in full, and the database is closed
 * before the process exits 0. Which requests the server received is read from its own log ("incoming
 * request"): one that reached it must never see a reset. A connection still queued when the last
 * listener closes (in the kernel, or in a cluster primary not yet handed to a worker) never reached
 * a server and may be reset; taking the instance out of the load balancer first avoids that.
 */
const IN_FLIGHT = 30;
const PROJECTS = 300;

async function seed(server: ServerProcess): Promise<void> {
  const details = 'x'.repeat(2_000);
  for (let i = 0; i < PROJECTS; i += 20) {
    const batch = Array.from({ length: 20 }, (_, j) =>
      callApi(server.url, { chain: 'projects', method: 'POST', params: { name: `slow ${i + j}`, details, notes: details } }),
    );
    for (const reply of await Promise.all(batch)) expect(reply.status).toBe(200);
  }
}

/** "incoming request" log records of the slow list requests. */
const slowRecords = (server: ServerProcess) =>
  server.logRecords().filter((r) => r.msg === 'incoming request' && String(r.req?.url).includes('/projects/xml'));

interface Setup {
  name: string;
  workers: number;
  /**
   * Whether requests overlap the signal. One process on SQLite answers each request in one go (the
   * driver is synchronous), so it handles the signal only between requests: nothing is half done.
   */
  overlapping: boolean;
  databaseUrl?: () => Promise<TestDatabase>;
}

const postgres = testDatabases().find((kind) => kind.name === 'postgres');
const setups: Setup[] = [
  { name: 'one process on SQLite', workers: 1, overlapping: false },
  { name: 'a two-worker cluster on SQLite', workers: 2, overlapping: true },
  // PostgreSQL queries do not block the event loop, so many requests are in flight at once.
  ...(postgres ? [{ name: 'one process on PostgreSQL', workers: 1, overlapping: true, databaseUrl: () => postgres.create() }] : []),
];

describe.each(setups)('SIGTERM with requests in flight: $name', (setup) => {
  const cleanups: (() => unknown)[] = [];

  afterAll(async () => {
    await killAllServerProcesses();
    for (const cleanup of cleanups) await cleanup();
  });

  async function start(): Promise<{ server: ServerProcess; dataDir: string }> {
    const dataDir = tempDataDir();
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { TEAMPRO_DATA_DIR: dataDir, TEAMPRO_WORKERS: String(setup.workers), TEAMPRO_LOG_LEVEL: 'info' };
    if (setup.databaseUrl) {
      const database = await setup.databaseUrl();
      cleanups.push(() => database.drop());
      env.DATABASE_URL = database.url;
    }
    return { server: await startServerProcess(env), dataDir };
  }

  it('answers every request it received, refuses new connections, closes the database and exits 0', async () => {
    const { server, dataDir } = await start();
    await seed(server);
    const slow = Array.from({ length: IN_FLIGHT }, () =>
      callApi(server.url, { chain: 'projects', params: { limit: 500 }, format: 'xml', timeoutMs: 25_000 }).catch((error: Error) => error),
    );
    await waitUntil(() => slowRecords(server).length >= Math.min(IN_FLIGHT / 2, 5), 15_000, 'the server to receive requests', 5);
    server.child.kill('SIGTERM');

    // The listener closes while received requests are still being answered.
    const refused = await waitUntil(
      () => callApi(server.url, { chain: 'config', timeoutMs: 5_000 }).then(() => null, (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED'),
      10_000,
      'new connections to be refused',
    );
    expect(refused).toBe(true);
    const replies = await Promise.all(slow);
    expect(await server.exited(20_000)).toEqual({ code: 0, signal: null });

    const complete = replies.filter((r): r is HttpResult => !(r instanceof Error) && r.status === 200 && r.text.trimEnd().endsWith('</wbteampro>'));
    const received = slowRecords(server).length;
    expect(complete.length, `${received} received, replies: ${replies.map((r) => (r instanceof Error ? r.message : r.status))}`).toBe(received);
    // Some of them were finished after the signal was handled, not all before it.
    const log = server.logRecords();
    const stopAt = log.findIndex((r) => /shutting down/.test(String(r.msg)));
    expect(stopAt).toBeGreaterThanOrEqual(0);
    const slowIds = new Set(slowRecords(server).map((r) => r.reqId));
    const finishedAfter = log.slice(stopAt).filter((r) => r.msg === 'request completed' && slowIds.has(r.reqId));
    if (setup.overlapping) expect(finishedAfter.length).toBeGreaterThan(0);
    // SQLite removes its write-ahead log when the last connection closes cleanly.
    if (!setup.databaseUrl) expect(fs.existsSync(path.join(dataDir, 'teampro.db-wal'))).toBe(false);
  });
});
