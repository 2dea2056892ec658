import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setRoleAccess, updateAdmin } from '../src/auth/admins.js';
import { md5 } from '../src/auth/password.js';
import { nowSeconds } from '../src/engine/time.js';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

const REFRESH_MS = 250;

/**
 * What a process trusts from memory (TEAMPRO_AUTH_REFRESH_MS): a remembered login from an address last
 * seen clean is served without reading the database; anything changed elsewhere reaches it within
 * the refresh time; a password that needs checking always meets the ban record.
 */
describe.each(testDatabases())('remembered logins on $name', (kind) => {
  let t: TestApp;
  let projectId: number;
  beforeAll(async () => {
    t = await createTestApp(kind, { TEAMPRO_AUTH_REFRESH_MS: String(REFRESH_MS) });
    projectId = (await t.api({ chain: 'projects', method: 'POST', params: { name: 'Trusted' } })).body.response.project.project_id;
  });
  afterAll(() => t.close());

  const getProject = (ip: string, creds: { username: string; password: string }) =>
    t.app.inject({ method: 'GET', url: `/api/v1/projects/${projectId}/json`, query: creds, remoteAddress: ip });

  it('serves a remembered login from a clean address with one query: the project itself', async () => {
    expect((await getProject('198.51.100.30', credentials('root'))).statusCode).toBe(200);
    const before = t.queryCount();
    const reply = await getProject('198.51.100.30', credentials('root'));
    expect(reply.json().response.project.name).toBe('Trusted');
    expect(t.queryCount() - before).toBe(1);
  });

  it('reads the login and the ban record again once the refresh time has passed', async () => {
    expect((await getProject('198.51.100.31', credentials('root'))).statusCode).toBe(200);
    await sleep(REFRESH_MS + 50);
    const before = t.queryCount();
    expect((await getProject('198.51.100.31', credentials('root'))).statusCode).toBe(200);
    expect(t.queryCount() - before).toBe(3);
  });

  it('refuses a password changed elsewhere within the refresh time, and takes the new one at once', async () => {
    const ip = '198.51.100.32';
    expect((await getProject(ip, credentials('alice'))).statusCode).toBe(200);
    await updateAdmin(t.database.db, 'alice', { password: 'alice-renewed' }, nowSeconds());
    await sleep(REFRESH_MS + 50);
    expect((await getProject(ip, credentials('alice'))).statusCode).toBe(401);
    expect((await getProject(ip, { username: 'alice', password: md5('alice-renewed') })).statusCode).toBe(200);
    await updateAdmin(t.database.db, 'alice', { password: 'alice-secret' }, nowSeconds());
  });

  it('ends a disabled login or a withdrawn role within the refresh time', async () => {
    const ip = '192.0.2.33';
    expect((await getProject(ip, credentials('bob'))).statusCode).toBe(200);
    await setRoleAccess(t.database.db, 'Admin', 'none');
    await sleep(REFRESH_MS + 50);
    expect((await getProject(ip, credentials('bob'))).json().request.message).toMatch(/API access/i);
    await setRoleAccess(t.database.db, 'Admin', 'admin');
    expect((await getProject(ip, credentials('bob'))).statusCode).toBe(200);
    await updateAdmin(t.database.db, 'bob', { disabled: true }, nowSeconds());
    await sleep(REFRESH_MS + 50);
    expect((await getProject(ip, credentials('bob'))).statusCode).toBe(401);
    await updateAdmin(t.database.db, 'bob', { disabled: false }, nowSeconds());
  });

  it('refuses a remembered login from an address banned elsewhere within the refresh time', async () => {
    const ip = '198.51.100.34';
    expect((await getProject(ip, credentials('root'))).statusCode).toBe(200);
    const now = nowSeconds();
    await t.database.db.insertInto('ip_bans').values({ ip, failures: 3, window_start: now, banned_at: now, banned_until: now + 900 }).execute();
    await sleep(REFRESH_MS + 50);
    expect((await getProject(ip, credentials('root'))).statusCode).toBe(403);
  });

  it('checks every password that needs checking against the ban record, even from a clean address', async () => {
    const ip = '198.51.100.35';
    expect((await getProject(ip, credentials('root'))).statusCode).toBe(200);
    const wrong = { username: 'root', password: md5('a guess') };
    for (let i = 0; i < 3; i += 1) expect((await getProject(ip, wrong)).statusCode).toBe(401);
    // The ban holds at once, for the remembered login too: the failures made this process forget the address.
    expect((await getProject(ip, credentials('root'))).statusCode).toBe(403);
    expect((await getProject(ip, wrong)).statusCode).toBe(403);
  });
});

describe('TEAMPRO_AUTH_REFRESH_MS=0', () => {
  it('reads the login and the ban record on every request, so a change elsewhere holds at once', async () => {
    const [kind] = testDatabases();
    const t = await createTestApp(kind, { TEAMPRO_AUTH_REFRESH_MS: '0' });
    const call = () => t.app.inject({ method: 'GET', url: '/api/v1/config/json', query: credentials('alice'), remoteAddress: '198.51.100.40' });
    expect((await call()).statusCode).toBe(200);
    const before = t.queryCount();
    expect((await call()).statusCode).toBe(200);
    expect(t.queryCount() - before).toBeGreaterThanOrEqual(2);
    await updateAdmin(t.database.db, 'alice', { password: 'elsewhere' }, nowSeconds());
    expect((await call()).statusCode).toBe(401);
    await t.close();
  });
});
