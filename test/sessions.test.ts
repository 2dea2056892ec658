import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { deleteAdmin, updateAdmin } from '../src/auth/admins.js';
import { listLiveSessions, revokeSession, revokeSessionsOf } from '../src/auth/session-admin.js';
import { md5 } from '../src/auth/password.js';
import { LocalBlobStore } from '../src/files/local-blob-store.js';
import { createTestApp, credentials, type TestApp, type UserName } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/** The origin app.inject's requests come to (its default Host header). */
const OWN = 'http://localhost:80';
const SAME_SITE = { origin: OWN, 'sec-fetch-site': 'same-origin' };

type Headers = Record<string, string>;

describe.each(testDatabases())('browser sessions on $name', (kind) => {
  let t: TestApp;
  const logLines: string[] = [];
  let ipCounter = 0;
  /** A fresh address per test, so that failures counted in one test ban nothing in another. */
  const freshIp = () => `198.51.100.${++ipCounter}`;

  beforeAll(async () => {
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => (logLines.push(chunk.toString()), done()) });
    // No trust from memory: every request reads its session row, so revocations are seen at once.
    t = await createTestApp(kind, { TEAMPRO_AUTH_REFRESH_MS: '0', TEAMPRO_LOG_LEVEL: 'debug', TEAMPRO_TRUST_PROXY: '127.0.0.10' }, { logDestination: destination });
  });
  afterAll(() => t.close());

  const signIn = (user: UserName, { ip = freshIp(), headers = {} as Headers, password = credentials(user).password } = {}) =>
    t.app.inject({ method: 'POST', url: '/api.php/v1/sessions/json', query: { username: user, password }, headers, remoteAddress: ip });

  async function session(user: UserName, ip = freshIp()) {
    const reply = await signIn(user, { ip });
    expect(reply.statusCode, reply.body).toBe(200);
    const setCookie = String(reply.headers['set-cookie']);
    const token = /teampro_session=([^;]+)/.exec(setCookie)![1];
    return { cookie: `teampro_session=${token}`, token, id: reply.json().response.session.session_id as number, setCookie, ip };
  }

  const call = (cookie: string, url: string, { method = 'GET', headers = {} as Headers, ip = '203.0.113.1', payload = undefined as unknown } = {}) =>
    t.app.inject({ method: method as 'GET', url, headers: { cookie, ...headers }, remoteAddress: ip, ...(payload !== undefined && { payload: payload as object }) });

  const projectCount = async () => Number((await t.database.db.selectFrom('projects').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('hands out a random token in an HttpOnly, SameSite=Lax, Path=/ cookie and keeps only its SHA-256', async () => {
    const { token, setCookie, id } = await session('alice');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Max-Age=1209600/);
    expect(setCookie).not.toMatch(/Secure/);
    const row = await t.database.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.admin_id).toBe(t.ids.alice);
    expect(row.expires - row.created).toBe(14 * 86400);
    expect(row.idle_expires - row.created).toBe(86400);
    const other = await session('alice');
    expect(other.token).not.toBe(token);
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const reply = await signIn('alice', { ip: '127.0.0.10', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': freshIp() } });
    expect(String(reply.headers['set-cookie'])).toMatch(/; Secure/);
    const untrusted = await signIn('alice', { headers: { 'x-forwarded-proto': 'https' } });
    expect(String(untrusted.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('signs API requests in by the cookie, in place of username and password', async () => {
    const { cookie, id } = await session('bob');
    const me = await call(cookie, '/api.php/v1/admins/me/json');
    expect(me.statusCode).toBe(200);
    expect(me.json().response.admin.username).toBe('bob');
    const mine = await call(cookie, '/api/v1/sessions/json');
    expect(mine.json().response.sessions.find((s: { session_id: number }) => s.session_id === id).current).toBe(true);
    // Credentials, when given, are the login: the cookie is not read.
    const both = await t.app.inject({ url: '/api.php/v1/admins/me/json', query: credentials('alice'), headers: { cookie } });
    expect(both.json().response.admin.username).toBe('alice');
  });

  it('takes a write signed in by the cookie only from its own origin, and a refused one changes nothing', async () => {
    const { cookie } = await session('alice');
    const create = (headers: Headers, method = 'POST', url = '/api.php/v1/projects/json') => call(cookie, url, { method, headers, payload: { params: { name: 'By cookie' } } });
    const before = await projectCount();
    const refusals: Headers[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'none' },
      { origin: 'http://localhost:8080' },
      { origin: OWN, 'sec-fetch-site': 'cross-site' },
      {},
    ];
    for (const headers of refusals) {
      const reply = await create(headers);
      expect(reply.statusCode, JSON.stringify(headers)).toBe(403);
      expect(reply.json().request.message).toMatch(/own pages/);
    }
    // A read carried out as a write by the method parameter is a write.
    const override = await call(cookie, '/api.php/v1/projects/json?method=post', { headers: { origin: 'https://evil.example' } });
    expect(override.statusCode).toBe(403);
    expect(await projectCount()).toBe(before);
    expect((await create({ origin: OWN })).statusCode).toBe(200);
    expect((await create({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    expect(await projectCount()).toBe(before + 2);
    // Reads need no origin: a page of ours, a bookmark or curl.
    expect((await call(cookie, '/api.php/v1/projects/json', { headers: { 'sec-fetch-site': 'none' } })).statusCode).toBe(200);
  });

  it("refuses to sign in from another site's page (login CSRF), but not a client that is no browser", async () => {
    const before = await t.database.db.selectFrom('sessions').select('id').execute();
    const refused = await signIn('alice', { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect(await t.database.db.selectFrom('sessions').select('id').execute()).toEqual(before);
    expect((await signIn('alice', { headers: SAME_SITE })).statusCode).toBe(200);
  });

  it('counts a wrong sign-in password toward the same IP ban, and refuses disabled admins', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await signIn('alice', { ip, password: md5('wrong') })).statusCode).toBe(401);
    const banned = await signIn('alice', { ip });
    expect(banned.statusCode).toBe(403);
    expect(banned.json().request.message).toBe('IP address banned');
    expect(Number(banned.headers['retry-after'])).toBeGreaterThan(0);
    // A session made elsewhere is refused from the banned address too.
    const { cookie } = await session('alice');
    expect((await call(cookie, '/api.php/v1/admins/me/json', { ip })).statusCode).toBe(403);
    const plain = await signIn('alice', { password: 'alice-secret' });
    expect(plain.json().request.message).toMatch(/MD5/);
    expect((await signIn('nobody')).statusCode).toBe(403);
  });

  it('does not count an unknown cookie as a failed login, and answers it 401 with a cleared cookie', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const reply = await call(`teampro_session=${'A'.repeat(43)}`, '/api.php/v1/projects/json', { ip });
      expect(reply.statusCode).toBe(401);
      expect(String(reply.headers['set-cookie'])).toMatch(/teampro_session=; Max-Age=0/);
    }
    expect((await signIn('alice', { ip })).statusCode).toBe(200);
    // Cleared as it was set: Secure when the request came over HTTPS through the trusted proxy.
    const unknown = `teampro_session=${'B'.repeat(43)}`;
    const overHttps = await call(unknown, '/api.php/v1/projects/json', { ip: '127.0.0.10', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': freshIp() } });
    expect(overHttps.statusCode).toBe(401);
    expect(String(overHttps.headers['set-cookie'])).toMatch(/teampro_session=; Max-Age=0.*; Secure/);
    expect(String((await call(unknown, '/api.php/v1/projects/json', { ip })).headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('signs out: the session row goes, the cookie is cleared, and it signs nothing in again', async () => {
    const { cookie, id } = await session('alice');
    const out = await call(cookie, '/api.php/v1/sessions/current/json', { method: 'DELETE', headers: SAME_SITE });
    expect(out.statusCode).toBe(200);
    expect(out.json().response.session.session_id).toBe(id);
    expect(String(out.headers['set-cookie'])).toMatch(/teampro_session=; Max-Age=0/);
    expect(await t.database.db.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect((await call(cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(401);
    // Without a cookie there is no current session to end.
    expect((await t.api({ chain: 'sessions/current', method: 'DELETE' })).status).toBe(400);
  });

  it('ends sessions when the admin is disabled, gets a new password or is deleted', async () => {
    const disabled = await session('bob');
    await updateAdmin(t.database.db, 'bob', { disabled: true }, 1);
    expect((await call(disabled.cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(401);
    expect((await signIn('bob')).statusCode).toBe(401);
    await updateAdmin(t.database.db, 'bob', { disabled: false }, 2);
    const renamed = await session('bob');
    await updateAdmin(t.database.db, 'bob', { name: 'Bob B.' }, 3);
    expect((await call(renamed.cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(200);
    await updateAdmin(t.database.db, 'bob', { password: 'bob-secret' }, 4);
    expect((await call(renamed.cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(401);
    const doomed = await session('nobody').catch(() => null);
    expect(doomed).toBeNull(); // a role without API access cannot sign in either
    const gone = await session('bob');
    expect(await deleteAdmin(t.database.db, 'bob')).toBe(true);
    expect((await call(gone.cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(401);
    expect(await t.database.db.selectFrom('sessions').select('id').where('admin_id', '=', t.ids.bob).execute()).toEqual([]);
  });

  it('ends a session at its idle end and at its absolute end', async () => {
    for (const column of ['idle_expires', 'expires'] as const) {
      const { cookie, id } = await session('alice');
      expect((await call(cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(200);
      await t.database.db.updateTable('sessions').set({ [column]: 1000 }).where('id', '=', id).execute();
      const ended = await call(cookie, '/api.php/v1/admins/me/json');
      expect(ended.statusCode, column).toBe(401);
      expect(ended.json().request.message).toMatch(/session has ended/);
      expect(await t.database.db.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    }
  });

  it('pushes the idle end forward as the session is used, at most once a minute', async () => {
    const { cookie, id } = await session('alice');
    await t.database.db.updateTable('sessions').set({ last_seen: 1000, idle_expires: 2_000_000_000 }).where('id', '=', id).execute();
    expect((await call(cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(200);
    const touched = await t.database.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(touched.last_seen).toBeGreaterThan(1000);
    expect(touched.idle_expires).toBe(touched.last_seen + 86400);
    expect((await call(cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(200);
    const again = await t.database.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(again.last_seen).toBe(touched.last_seen);
  });

  it('clears the rows of ended sessions when a session is made, and keeps the user agent to its column', async () => {
    const idleEnded = await session('alice');
    const ended = await session('alice');
    const live = await session('alice');
    await t.database.db.updateTable('sessions').set({ idle_expires: 1000 }).where('id', '=', idleEnded.id).execute();
    await t.database.db.updateTable('sessions').set({ expires: 1000 }).where('id', '=', ended.id).execute();
    const reply = await signIn('alice', { headers: { 'user-agent': 'u'.repeat(300) } });
    expect(reply.statusCode).toBe(200);
    const ids = (await t.database.db.selectFrom('sessions').select('id').where('id', 'in', [idleEnded.id, ended.id, live.id]).execute()).map((row) => row.id);
    expect(ids).toEqual([live.id]);
    const made = await t.database.db.selectFrom('sessions').selectAll().where('id', '=', reply.json().response.session.session_id).executeTakeFirstOrThrow();
    expect(made.user_agent).toBe('u'.repeat(255));
  });

  it("lists and revokes one's own sessions; a super admin anyone's", async () => {
    const alice = await session('alice');
    const root = await session('root');
    const aliceList = await call(alice.cookie, '/api.php/v1/sessions/json');
    const aliceIds = aliceList.json().response.sessions.map((s: { admin_id: number }) => s.admin_id);
    expect(new Set(aliceIds)).toEqual(new Set([t.ids.alice]));
    const revokeRoot = await call(alice.cookie, `/api.php/v1/sessions/${root.id}/json`, { method: 'DELETE', headers: SAME_SITE });
    expect(revokeRoot.statusCode).toBe(404);
    expect((await call(root.cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(200);
    const rootList = await call(root.cookie, `/api.php/v1/sessions/json?params=${encodeURIComponent(JSON.stringify({ admin_id: t.ids.alice }))}`);
    expect(rootList.json().response.sessions.map((s: { session_id: number }) => s.session_id)).toContain(alice.id);
    expect(new Set(rootList.json().response.sessions.map((s: { admin_id: number }) => s.admin_id))).toEqual(new Set([t.ids.alice]));
    const revokeAlice = await call(root.cookie, `/api.php/v1/sessions/${alice.id}/json`, { method: 'DELETE', headers: SAME_SITE });
    expect(revokeAlice.statusCode).toBe(200);
    expect(revokeAlice.headers['set-cookie']).toBeUndefined(); // not the caller's own cookie
    expect((await call(alice.cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(401);
  });

  it('works on every instance on the database, and after a restart', async () => {
    const { cookie } = await session('alice');
    const other = await buildApp({ config: t.config, database: t.database, blobs: new LocalBlobStore(t.config.blobDir), logger: false });
    const reply = await other.inject({ url: '/api.php/v1/admins/me/json', headers: { cookie } });
    expect(reply.json().response.admin.username).toBe('alice');
    await other.close();
  });

  it('lists and revokes from the command line (the functions behind teampro sessions)', async () => {
    const a = await session('alice');
    const b = await session('alice');
    const live = await listLiveSessions(t.database.db, Math.floor(Date.now() / 1000));
    expect(live.map((s) => s.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(live.find((s) => s.id === a.id)!.username).toBe('alice');
    expect(await revokeSession(t.database.db, a.id)).toBe(true);
    expect(await revokeSession(t.database.db, a.id)).toBe(false);
    expect((await call(a.cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(401);
    expect(await revokeSessionsOf(t.database.db, 'alice')).toBeGreaterThan(0);
    expect((await call(b.cookie, '/api.php/v1/admins/me/json')).statusCode).toBe(401);
    expect(await revokeSessionsOf(t.database.db, 'no-such-admin')).toBeNull();
  });

  it('writes no token, hash or password to the log', async () => {
    const { token } = await session('root');
    await call(`teampro_session=${token}`, '/api.php/v1/admins/me/json');
    const hash = createHash('sha256').update(token).digest('hex');
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [token, hash, credentials('root').password, credentials('alice').password]) expect(log).not.toContain(secret);
  });
});

describe('sign-out on the same process', () => {
  it('takes effect at once, even while logins are trusted from memory', async () => {
    const [kind] = testDatabases();
    const t = await createTestApp(kind, { TEAMPRO_AUTH_REFRESH_MS: '60000' });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/sessions/json', query: credentials('alice') });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const me = () => t.app.inject({ url: '/api/v1/admins/me/json', headers: { cookie } });
    expect((await me()).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current/json', headers: { cookie, origin: OWN } })).statusCode).toBe(200);
    expect((await me()).statusCode).toBe(401);
    await t.close();
  });
});
