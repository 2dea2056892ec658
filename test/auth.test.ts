import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/app-config.js';
import { updateAdmin } from '../src/auth/admins.js';
import { isAllowListed } from '../src/auth/bans.js';
import { HashGate } from '../src/auth/hash-gate.js';
import { md5 } from '../src/auth/password.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { createTestApp, credentials, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

const good = credentials('root');
const wrong = { username: 'root', password: md5('not the password') };

describe('allow-list matching', () => {
  it('matches exact addresses and CIDR ranges, IPv4 and IPv6', () => {
    const allow = ['192.0.2.7', '10.1.0.0/16', '2001:db8::/32'];
    expect(isAllowListed('192.0.2.7', allow)).toBe(true);
    expect(isAllowListed('10.1.200.3', allow)).toBe(true);
    expect(isAllowListed('::ffff:10.1.2.3', allow)).toBe(true);
    expect(isAllowListed('2001:db8::1', allow)).toBe(true);
    expect(isAllowListed('10.2.0.1', allow)).toBe(false);
    expect(isAllowListed('not an ip', allow)).toBe(false);
  });
});

describe.each(testDatabases())('logins and bans on $name', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { TEAMPRO_BAN_ALLOW: '192.0.2.0/24', TEAMPRO_TRUST_PROXY: '127.0.0.10' });
  });
  afterAll(() => t.close());

  const call = (ip: string, creds: { username: string; password: string }, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: '/api/v1/projects/json', query: creds, remoteAddress: ip, headers });

  it('bans an address on its 3rd consecutive failure, even for good credentials afterwards', async () => {
    const ip = '198.51.100.1';
    expect((await call(ip, wrong)).statusCode).toBe(401);
    expect((await call(ip, wrong)).statusCode).toBe(401);
    const third = await call(ip, wrong);
    expect(third.statusCode).toBe(401);
    const fourth = await call(ip, good);
    expect(fourth.statusCode).toBe(403);
    expect(fourth.json().request.message).toBe('IP address banned');
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(fourth.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect((await call('198.51.100.2', good)).statusCode).toBe(200);
  });

  it('says to send the MD5 when the password sent cannot be one, and still counts it toward the ban', async () => {
    const ip = '198.51.100.40';
    const plain = await call(ip, { username: 'root', password: 'root-secret' });
    expect(plain.statusCode).toBe(401);
    expect(plain.json().request.message).toBe('Authentication failed: send the MD5 of the password (32 hex digits), not the password itself');
    // A well-formed MD5 that is wrong says nothing more, whether or not the account exists.
    expect((await call(ip, wrong)).json().request.message).toBe('Authentication failed');
    expect((await call(ip, { username: 'no-such-admin', password: 'short' })).json().request.message).toContain('send the MD5');
    // Only the shape counts: an MD5 in capitals is one, one with a character more or none at all is not a hint's case.
    expect((await call('198.51.100.41', { username: 'root', password: wrong.password.toUpperCase() })).json().request.message).toBe('Authentication failed');
    expect((await call('198.51.100.41', { username: 'root', password: `${wrong.password}0` })).json().request.message).toContain('send the MD5');
    expect((await call('198.51.100.42', { username: 'root', password: '' })).json().request.message).toBe('Authentication failed');
    expect((await call(ip, good)).statusCode).toBe(403);
  });

  it('resets the count on a successful login', async () => {
    const ip = '198.51.100.3';
    await call(ip, wrong);
    await call(ip, wrong);
    expect((await call(ip, good)).statusCode).toBe(200);
    await call(ip, wrong);
    await call(ip, wrong);
    expect((await call(ip, good)).statusCode).toBe(200);
  });

  it('bans an address guessing one account between good logins to another, at the threshold', async () => {
    const ip = '198.51.100.12';
    const alice = credentials('alice');
    for (let i = 0; i < 3; i++) {
      expect((await call(ip, alice)).statusCode).toBe(200);
      expect((await call(ip, wrong)).statusCode).toBe(401);
    }
    expect((await call(ip, alice)).statusCode).toBe(403);
    expect((await call(ip, good)).statusCode).toBe(403);
  });

  it("forgets on a good login that account's failures from the address, and only those", async () => {
    const ip = '198.51.100.13';
    const alice = credentials('alice');
    const aliceWrong = { username: 'alice', password: md5('not alice') };
    const steps: [{ username: string; password: string }, number][] = [
      [wrong, 401],
      [aliceWrong, 401],
      [alice, 200], // root's failure remains
      [aliceWrong, 401],
      [good, 200], // alice's failure remains
      [aliceWrong, 401],
      [wrong, 401], // alice's two and root's one: the threshold
      [alice, 403],
    ];
    const statuses = [];
    for (const [creds] of steps) statuses.push((await call(ip, creds)).statusCode);
    expect(statuses).toEqual(steps.map(([, status]) => status));
  });

  it('counts failures against unknown and empty usernames towards the ban as well', async () => {
    const ip = '198.51.100.14';
    expect((await call(ip, { username: 'no-such-admin', password: wrong.password })).statusCode).toBe(401);
    expect((await call(ip, credentials('alice'))).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/projects/json', remoteAddress: ip })).statusCode).toBe(401);
    expect((await call(ip, { username: 'x'.repeat(300), password: wrong.password })).statusCode).toBe(401);
    expect((await call(ip, credentials('alice'))).statusCode).toBe(403);
    const other = '198.51.100.16';
    for (let i = 0; i < 3; i++) expect((await call(other, { username: `al\u0000ice${i}`, password: wrong.password })).statusCode).toBe(401);
    expect((await call(other, credentials('alice'))).statusCode).toBe(403);
  });

  it('does not serve from memory a login from an address with failures pending against another account', async () => {
    const ip = '198.51.100.15';
    const alice = credentials('alice');
    expect((await call(ip, wrong)).statusCode).toBe(401);
    expect((await call(ip, alice)).statusCode).toBe(200);
    expect((await call(ip, alice)).statusCode).toBe(200);
    // Another instance on the same database sees the two failures that complete the ban.
    const other = await buildApp({ config: t.config, database: t.database, blobs: new LocalBlobStore(t.config.blobDir), logger: false });
    for (let i = 0; i < 2; i++) await other.inject({ method: 'GET', url: '/api/v1/projects/json', query: wrong, remoteAddress: ip });
    await other.close();
    expect((await call(ip, alice)).statusCode).toBe(403);
  });

  it('keeps bans in the database: a new app on the same database still refuses the address', async () => {
    const ip = '198.51.100.4';
    for (let i = 0; i < 3; i++) await call(ip, wrong);
    const second = await buildApp({ config: t.config, database: t.database, blobs: new LocalBlobStore(t.config.blobDir), logger: false });
    const res = await second.inject({ method: 'GET', url: '/api/v1/projects/json', query: good, remoteAddress: ip });
    expect(res.statusCode).toBe(403);
    await second.close();
  });

  it('lifts a ban when it expires', async () => {
    const ip = '198.51.100.5';
    for (let i = 0; i < 3; i++) await call(ip, wrong);
    expect((await call(ip, good)).statusCode).toBe(403);
    await t.database.db.updateTable('ip_bans').set({ banned_until: 1 }).where('ip', '=', ip).execute();
    expect((await call(ip, good)).statusCode).toBe(200);
  });

  it('forgets failures older than the counting window', async () => {
    const ip = '198.51.100.6';
    await call(ip, wrong);
    await call(ip, wrong);
    await t.database.db.updateTable('login_failures').set({ window_start: 1 }).where('ip', '=', ip).execute();
    await call(ip, wrong);
    expect((await call(ip, good)).statusCode).toBe(200);
  });

  it('answers a chain that does not exist exactly as one that does, until the login succeeds', async () => {
    // Allow-listed, so that the refused logins here ban nothing.
    const ip = '192.0.2.60';
    const pairs = [
      ['/api/v1/projects/json', '/api/v1/nosuch/json'],
      ['/api/v1/projects/100/actions/json', '/api/v1/projects/100/nosuch/json'],
      ['/api.php?action=v1.projects.json', '/api.php?action=v1.nosuch.json'],
    ];
    for (const query of [{}, wrong, { username: 'nobody-at-all', password: wrong.password }]) {
      for (const [known, unknown] of pairs) {
        for (const method of ['GET', 'DELETE'] as const) {
          const answers = await Promise.all([known, unknown].map((url) => t.app.inject({ method, url, query, remoteAddress: ip })));
          const [a, b] = answers.map((r) => ({ status: r.statusCode, code: r.json().request.code, message: r.json().request.message }));
          expect(b, `${method} ${unknown}`).toEqual(a);
          expect(a).toEqual({ status: 401, code: 401, message: 'Authentication failed' });
        }
      }
    }
    for (const [, unknown] of pairs) expect((await t.app.inject({ url: unknown, query: good, remoteAddress: ip })).statusCode, unknown).toBe(404);
  });

  it('never bans an allow-listed address', async () => {
    const ip = '192.0.2.50';
    for (let i = 0; i < 5; i++) expect((await call(ip, wrong)).statusCode).toBe(401);
    expect((await call(ip, good)).statusCode).toBe(200);
  });

  it('reads X-Forwarded-For only from a trusted proxy', async () => {
    const client = '203.0.113.9';
    for (let i = 0; i < 3; i++) await call('127.0.0.10', wrong, { 'x-forwarded-for': client });
    expect((await call('127.0.0.10', good, { 'x-forwarded-for': client })).statusCode).toBe(403);
    expect((await call('127.0.0.10', good, { 'x-forwarded-for': '203.0.113.10' })).statusCode).toBe(200);
    // From an untrusted peer the header is ignored: the peer itself is the client.
    expect((await call('198.51.100.77', good, { 'x-forwarded-for': client })).statusCode).toBe(200);
  });

  it('bans an address hit by 50 parallel failures', async () => {
    const ip = '198.51.100.8';
    const results = await Promise.all(Array.from({ length: 50 }, () => call(ip, wrong)));
    expect(results.every((r) => [401, 403].includes(r.statusCode))).toBe(true);
    expect((await call(ip, good)).statusCode).toBe(403);
  });

  it('stops accepting an old password as soon as it is changed, despite the credential cache', async () => {
    const alice = credentials('alice');
    expect((await call('198.51.100.9', alice)).statusCode).toBe(200);
    expect((await call('198.51.100.9', alice)).statusCode).toBe(200);
    await updateAdmin(t.database.db, 'alice', { password: 'new-alice' }, 1);
    expect((await call('198.51.100.10', alice)).statusCode).toBe(401);
    expect((await call('198.51.100.10', { username: 'alice', password: md5('new-alice') })).statusCode).toBe(200);
    await updateAdmin(t.database.db, 'alice', { disabled: true }, 2);
    expect((await call('198.51.100.11', { username: 'alice', password: md5('new-alice') })).statusCode).toBe(401);
    await updateAdmin(t.database.db, 'alice', { disabled: false, password: 'alice-secret' }, 3);
  });

  it('checks every request of a keep-alive connection against its own credentials', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (creds: { username: string; password: string }) =>
      new Promise<{ status: number; reused: boolean; body: string }>((resolve, reject) => {
        const query = new URLSearchParams(creds).toString();
        const request = http.get({ host: '127.0.0.1', port, path: `/api/v1/projects/json?${query}`, agent }, (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, reused: request.reusedSocket, body }));
        });
        request.on('error', reject);
      });
    try {
      const replies = [
        await send(good),
        await send(wrong),
        await send({ ...good, password: good.password.toUpperCase() }),
        await send(credentials('alice')),
        await send({ username: 'alice', password: good.password }),
      ];
      expect(replies.map((r) => r.status)).toEqual([200, 401, 200, 200, 401]);
      expect(replies.slice(1).every((r) => r.reused)).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});

describe('ban lasting until lifted', () => {
  it('answers 403 without Retry-After when the ban duration is 0', async () => {
    const [kind] = testDatabases();
    const t = await createTestApp(kind, { TEAMPRO_BAN_DURATION: '0', TEAMPRO_BAN_THRESHOLD: '2' });
    const ip = '198.51.100.20';
    for (let i = 0; i < 2; i++) await t.app.inject({ method: 'GET', url: '/api/v1/projects/json', query: wrong, remoteAddress: ip });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/projects/json', query: good, remoteAddress: ip });
    expect(res.statusCode).toBe(403);
    expect(res.headers['retry-after']).toBeUndefined();
    await t.close();
  });
});

describe('config', () => {
  it('refuses invalid settings with a clear message', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number/);
    expect(() => loadConfig({ TEAMPRO_SANDBOX: 'maybe' })).toThrow(/TEAMPRO_SANDBOX/);
    expect(() => loadConfig({ DATABASE_URL: 'oracle://x' })).toThrow(/DATABASE_URL must start with/);
    expect(Object.isFrozen(loadConfig({}).ban)).toBe(true);
  });

  it('reads the S3 settings only with a bucket, validated and frozen', () => {
    expect(loadConfig({}).s3).toBeNull();
    const s3 = loadConfig({ TEAMPRO_S3_BUCKET: 'team-files', TEAMPRO_S3_ENDPOINT: 'http://127.0.0.1:9000', TEAMPRO_S3_PREFIX: '/teampro/files/' }).s3;
    expect(s3).toEqual({ bucket: 'team-files', endpoint: 'http://127.0.0.1:9000/', region: 'us-east-1', prefix: 'teampro/files/', forcePathStyle: true });
    expect(Object.isFrozen(s3)).toBe(true);
    expect(loadConfig({ TEAMPRO_S3_BUCKET: 'team-files', AWS_REGION: 'eu-west-1' }).s3).toEqual({ bucket: 'team-files', endpoint: null, region: 'eu-west-1', prefix: '', forcePathStyle: false });
    expect(loadConfig({ TEAMPRO_S3_BUCKET: 'b1c', TEAMPRO_S3_REGION: 'auto', TEAMPRO_S3_FORCE_PATH_STYLE: 'false', TEAMPRO_S3_ENDPOINT: 'https://x.example' }).s3).toMatchObject({ region: 'auto', forcePathStyle: false });
    expect(() => loadConfig({ TEAMPRO_S3_BUCKET: 'b1c', TEAMPRO_S3_ENDPOINT: 'localhost:9000' })).toThrow(/TEAMPRO_S3_ENDPOINT must start with http:\/\/ or https:\/\//);
    expect(() => loadConfig({ TEAMPRO_S3_BUCKET: 'b1c', TEAMPRO_S3_ENDPOINT: 'not a url' })).toThrow(/TEAMPRO_S3_ENDPOINT must be a URL/);
    expect(() => loadConfig({ TEAMPRO_S3_BUCKET: 'b1c', TEAMPRO_S3_FORCE_PATH_STYLE: 'maybe' })).toThrow(/TEAMPRO_S3_FORCE_PATH_STYLE must be true or false/);
    expect(() => loadConfig({ TEAMPRO_S3_BUCKET: 'no/slashes' })).toThrow(/TEAMPRO_S3_BUCKET is not a bucket name/);
    expect(() => loadConfig({ TEAMPRO_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(/TEAMPRO_S3_ENDPOINT is set but TEAMPRO_S3_BUCKET is not/);
  });
});

describe('the slow-hash gate', () => {
  it('runs at most N hashes at once, queues a bounded number and refuses the rest with 429', async () => {
    const gate = new HashGate(1, 1);
    let release!: () => void;
    const first = gate.run(() => new Promise<string>((resolve) => (release = () => resolve('first'))));
    const second = gate.run(async () => 'second');
    await expect(gate.run(async () => 'third')).rejects.toMatchObject({ status: 429 });
    release();
    expect(await first).toBe('first');
    expect(await second).toBe('second');
    expect(await gate.run(async () => 'again')).toBe('again');
  });

  it('keeps serving logged-in requests while a flood of bad logins is refused', async () => {
    const [kind] = testDatabases();
    const t = await createTestApp(kind, { TEAMPRO_BAN_ALLOW: '127.0.0.0/8' });
    const call = (creds: { username: string; password: string }) =>
      t.app.inject({ method: 'GET', url: '/api/v1/projects/json', query: creds, remoteAddress: '127.0.0.5' });
    expect((await call(good)).statusCode).toBe(200);
    // Each with its own wrong password, as a guessing attack sends them (identical ones share one hash).
    const flood = Array.from({ length: 200 }, (_, i) => call({ username: 'root', password: md5(`guess ${i}`) }));
    const logged = Array.from({ length: 20 }, () => call(good));
    const [bad, ok] = await Promise.all([Promise.all(flood), Promise.all(logged)]);
    expect(ok.every((r) => r.statusCode === 200)).toBe(true);
    const statuses = new Set(bad.map((r) => r.statusCode));
    expect([...statuses].every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.has(429)).toBe(true);
    const refused = bad.find((r) => r.statusCode === 429)!;
    expect(refused.json().request.code).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    await t.close();
  });
});

describe('a burst of new logins', () => {
  it('verifies 150 parallel requests with the same new credentials with one hash, refusing none', async () => {
    const [kind] = testDatabases();
    const t = await createTestApp(kind);
    const replies = await Promise.all(
      Array.from({ length: 150 }, () => t.app.inject({ method: 'GET', url: '/api/v1/projects/json', query: good, remoteAddress: '198.51.100.200' })),
    );
    expect(replies.map((r) => r.statusCode)).toEqual(Array(150).fill(200));
    await t.close();
  });
});
