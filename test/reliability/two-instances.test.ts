import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app-config.js';
import { updateAdmin } from '../../src/auth/admins.js';
import { nowSeconds } from '../../src/engine/time.js';
import { prepareDatabase } from '../../src/server.js';
import { databaseServers, type TestDatabase } from '../helpers/databases.js';
import { ADMIN, callApi, killAllServerProcesses, startServerProcess, tempDataDir, type ServerProcess } from '../helpers/server-process.js';

/**
 * Two independent server processes on one PostgreSQL or MariaDB database, with no proxy between:
 * instances share nothing but the database, so each must see the other's writes and bans at once,
 * and a password change within TEAMPRO_AUTH_REFRESH_MS.
 */
const REFRESH_MS = 300;
const servers = databaseServers('two server processes');

describe.skipIf(servers.length === 0).each(servers)('two server processes on one $name database', (kind) => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  const dataDirs = [tempDataDir(), tempDataDir()];

  beforeAll(async () => {
    database = await kind.create();
    // Started together on an empty database: both race to migrate and to create the first admin.
    const env = { DATABASE_URL: database.url, TEAMPRO_TRUST_PROXY: '127.0.0.1', TEAMPRO_AUTH_REFRESH_MS: String(REFRESH_MS) };
    [a, b] = await Promise.all(dataDirs.map((dir) => startServerProcess({ ...env, TEAMPRO_DATA_DIR: dir })));
  });

  afterAll(async () => {
    await killAllServerProcesses();
    await database?.drop();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads through one what was written through the other', async () => {
    const created = await callApi(a.url, { chain: 'projects', method: 'POST', params: { name: 'Across', status: 'Active' } });
    expect(created.status).toBe(200);
    const id = created.body.response.project.project_id;
    const read = await callApi(b.url, { chain: `projects/${id}` });
    expect(read.body.response.project).toMatchObject({ project_id: id, name: 'Across', status: 'Active' });

    const updated = await callApi(b.url, { chain: `projects/${id}`, method: 'PUT', params: { name: 'Renamed' } });
    expect(updated.status).toBe(200);
    expect((await callApi(a.url, { chain: `projects/${id}` })).body.response.project.name).toBe('Renamed');

    expect((await callApi(a.url, { chain: `projects/${id}`, method: 'DELETE' })).status).toBe(200);
    expect((await callApi(b.url, { chain: `projects/${id}` })).status).toBe(404);
  });

  it('a ban made through one holds on the other', async () => {
    const ip = '198.51.100.20';
    for (let i = 0; i < 3; i += 1) expect((await callApi(a.url, { chain: 'projects', password: 'wrong', forwardedFor: ip })).status).toBe(401);
    const other = await callApi(b.url, { chain: 'projects', forwardedFor: ip });
    expect(other.status).toBe(403);
    expect(other.body.request.message).toBe('IP address banned');
    expect(Number(other.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('failures counted by both add up to a ban', async () => {
    const ip = '198.51.100.21';
    expect((await callApi(a.url, { chain: 'projects', password: 'wrong', forwardedFor: ip })).status).toBe(401);
    expect((await callApi(b.url, { chain: 'projects', password: 'wrong', forwardedFor: ip })).status).toBe(401);
    expect((await callApi(a.url, { chain: 'projects', password: 'wrong', forwardedFor: ip })).status).toBe(401);
    expect((await callApi(b.url, { chain: 'projects', forwardedFor: ip })).status).toBe(403);
  });

  it('a password change takes effect on both within TEAMPRO_AUTH_REFRESH_MS', async () => {
    for (const server of [a, b]) expect((await callApi(server.url, { chain: 'config', forwardedFor: '203.0.113.30' })).status).toBe(200);
    expect(await updateAdmin(database.db, ADMIN.username, { password: 'moved-on' }, nowSeconds())).toBe(true);
    await sleep(REFRESH_MS + 100);
    for (const [i, server] of [a, b].entries()) {
      expect((await callApi(server.url, { chain: 'config', forwardedFor: '203.0.113.30' })).status).toBe(401);
      expect((await callApi(server.url, { chain: 'config', forwardedFor: `203.0.113.${31 + i}` })).status).toBe(401);
      expect((await callApi(server.url, { chain: 'config', password: 'moved-on', forwardedFor: '203.0.113.30' })).status).toBe(200);
    }
  });
});

describe.skipIf(servers.length === 0).each(servers)('instances preparing one empty $name database at once', (kind) => {
  it('all start, and exactly one first admin (and one of each role) is made', async () => {
    // InnoDB answers the losers of this race with a deadlock as often as with a duplicate key.
    for (let round = 0; round < 6; round += 1) {
      const database = await kind.create();
      try {
        const config = loadConfig({ DATABASE_URL: database.url, TEAMPRO_ADMIN_USER: ADMIN.username, TEAMPRO_ADMIN_PASSWORD: ADMIN.password });
        const printed: string[] = [];
        await Promise.all([1, 2, 3, 4].map(() => prepareDatabase(config, (line) => printed.push(line))));
        expect(printed.filter((line) => line.startsWith('Created super admin'))).toHaveLength(1);
        const admins = await database.db.selectFrom('admins').select('username').execute();
        expect(admins).toEqual([{ username: ADMIN.username }]);
        const roles = await database.db.selectFrom('roles').select('name').orderBy('name').execute();
        expect(roles.map((role) => role.name)).toEqual(['Admin', 'Super Admin']);
      } finally {
        await database.drop();
      }
    }
  });
});
