import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateAdmin } from '../../src/auth/admins.js';
import { openDatabase } from '../../src/db/connect.js';
import { nowSeconds } from '../../src/engine/time.js';
import { ADMIN, callApi, killAllServerProcesses, startServerProcess, tempDataDir, waitUntil, type HttpCall, type HttpResult, type ServerProcess } from '../helpers/server-process.js';

const REFRESH_MS = 300;

/**
 * Cluster mode (TEAMPRO_WORKERS=2) on one SQLite file. Each request goes over a new connection, so
 * node:cluster deals them out to the workers in turn; which worker answered is read from its log
 * record (pid) for the reply's X-Request-Id.
 */
describe('cluster mode', () => {
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    server = await startServerProcess({
      TEAMPRO_DATA_DIR: dataDir,
      TEAMPRO_WORKERS: '2',
      TEAMPRO_LOG_LEVEL: 'info',
      // Lets each test use its own client address through X-Forwarded-For, so bans do not collide.
      TEAMPRO_TRUST_PROXY: '127.0.0.1',
      TEAMPRO_BAN_ALLOW: '192.0.2.100',
      TEAMPRO_AUTH_REFRESH_MS: String(REFRESH_MS),
    });
  });

  afterAll(async () => {
    await killAllServerProcesses();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The pid of the worker that answered each reply, from the log record with its request id. */
  async function workersOf(results: HttpResult[]): Promise<Set<number>> {
    const ids = results.map((r) => String(r.headers['x-request-id']));
    const pids = await waitUntil(
      () => {
        const byId = new Map(server.logRecords().filter((r) => r.msg === 'request completed').map((r) => [r.reqId, r.pid as number]));
        return ids.every((id) => byId.has(id)) ? ids.map((id) => byId.get(id)!) : null;
      },
      10_000,
      'log records of the replies',
    );
    return new Set(pids);
  }

  /** `count` calls, one after another, each on a new connection (so they alternate between workers). */
  async function repeat(count: number, call: HttpCall | ((i: number) => HttpCall)): Promise<HttpResult[]> {
    const results: HttpResult[] = [];
    for (let i = 0; i < count; i += 1) results.push(await callApi(server.url, typeof call === 'function' ? call(i) : call));
    return results;
  }

  it('serves from two worker processes, which read each other\'s writes', async () => {
    const created = await callApi(server.url, { chain: 'projects', method: 'POST', params: { name: 'Shared' }, forwardedFor: '192.0.2.1' });
    expect(created.status).toBe(200);
    const id = created.body.response.project.project_id;
    const reads = await repeat(8, { chain: `projects/${id}`, forwardedFor: '192.0.2.1' });
    expect(reads.map((r) => r.body.response.project.name)).toEqual(Array(8).fill('Shared'));
    const workers = await workersOf([created, ...reads]);
    expect(workers.size).toBe(2);
    expect(workers.has(server.child.pid!)).toBe(false);
  });

  it('a ban made through one worker holds on the others', async () => {
    const ip = '198.51.100.7';
    const failures = await repeat(3, { chain: 'projects', password: 'wrong', forwardedFor: ip });
    // The third failure is answered 401 and bans the address from the next request on.
    expect(failures.map((r) => r.status)).toEqual([401, 401, 401]);
    const good = await repeat(8, { chain: 'projects', forwardedFor: ip });
    expect(good.map((r) => r.body.request.message)).toEqual(Array(8).fill('IP address banned'));
    expect((await workersOf(good)).size).toBe(2);
  });

  it('a password change takes effect on every worker within TEAMPRO_AUTH_REFRESH_MS', async () => {
    // Every worker now remembers the login from this (allow-listed, so never banned) address.
    const warm = await repeat(6, { chain: 'projects', forwardedFor: '192.0.2.100' });
    expect(warm.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect((await workersOf(warm)).size).toBe(2);

    const database = openDatabase(`sqlite://${path.join(dataDir, 'teampro.db')}`);
    try {
      expect(await updateAdmin(database.db, ADMIN.username, { password: 'changed-secret' }, nowSeconds())).toBe(true);
    } finally {
      await database.destroy();
    }
    // From a new address the old password is checked at once; from the remembered one, after the refresh time.
    const elsewhere = await repeat(6, (i) => ({ chain: 'projects', forwardedFor: `203.0.113.${10 + i}` }));
    expect(elsewhere.map((r) => r.status)).toEqual(Array(6).fill(401));
    expect((await workersOf(elsewhere)).size).toBe(2);
    await sleep(REFRESH_MS + 100);
    const old = await repeat(6, { chain: 'projects', forwardedFor: '192.0.2.100' });
    expect(old.map((r) => r.status)).toEqual(Array(6).fill(401));
    expect((await workersOf(old)).size).toBe(2);
    const fresh = await repeat(6, { chain: 'projects', password: 'changed-secret', forwardedFor: '203.0.113.2' });
    expect(fresh.map((r) => r.status)).toEqual(Array(6).fill(200));
  });

  it('restarts a worker that dies', async () => {
    const before = await workersOf(await repeat(4, { chain: 'config', password: 'changed-secret', forwardedFor: '192.0.2.2' }));
    const victim = [...before][0]!;
    process.kill(victim, 'SIGKILL');
    await waitUntil(() => server.output().includes(`Worker ${victim} died`), 10_000, 'the primary to notice');
    // Until the new worker listens, the survivor takes every connection; then both serve again.
    const after = await waitUntil(
      async () => {
        const pids = await workersOf(await repeat(4, { chain: 'config', password: 'changed-secret', forwardedFor: '192.0.2.2' }));
        return pids.size === 2 ? pids : null;
      },
      30_000,
      'a replacement worker',
      200,
    );
    expect(after.has(victim)).toBe(false);
  });

  it('stops every worker gracefully on SIGTERM', async () => {
    const workers = await workersOf(await repeat(4, { chain: 'config', password: 'changed-secret', forwardedFor: '192.0.2.3' }));
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  });
});
