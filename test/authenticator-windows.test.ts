import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/app-config.js';
import { createAdmin, createRole, updateAdmin } from '../src/auth/admins.js';
import { Authenticator, type Credentials } from '../src/auth/authenticator.js';
import { DUMMY_HASH, md5 } from '../src/auth/password.js';
import { migratedDatabase, testDatabases, type TestDatabase } from './helpers/databases.js';

/*
 * The Authenticator's memory, called directly with the clock in the test's hand: how long a verified
 * password is remembered (TEAMPRO_AUTH_CACHE_SECONDS), how long a remembered login and a clean address
 * may answer without the database (TEAMPRO_AUTH_REFRESH_MS), what an open connection may reuse, and
 * how many slow hashes each case costs (the point of remembering at all).
 */

/** Every slow-hash verification, by the stored hash it was run against. */
const hashed = vi.hoisted(() => ({ against: [] as string[] }));
vi.mock('../src/auth/password.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/auth/password.js')>();
  return {
    ...real,
    verifyPasswordMd5: (passwordMd5: string, stored: string) => {
      hashed.against.push(stored);
      return real.verifyPasswordMd5(passwordMd5, stored);
    },
  };
});

const T0 = Date.UTC(2027, 0, 4, 9, 0, 0);
const NOW = T0 / 1000;
const login = (username: string, password: string): Credentials => ({ username, passwordMd5: md5(password) });
const ALICE = login('alice', 'alice-secret');
const ROOT = login('root', 'root-secret');

function authenticator(env: Record<string, string> = {}) {
  return new Authenticator(loadConfig({ TEAMPRO_AUTH_REFRESH_MS: '1000', TEAMPRO_AUTH_CACHE_SECONDS: '60', ...env }));
}

const at = (offsetMs: number) => vi.setSystemTime(T0 + offsetMs);

describe.each(testDatabases())('the authenticator on $name', (kind) => {
  let database: TestDatabase;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    const superRole = await createRole(database.db, 'Super Admin', 'super');
    const adminRole = await createRole(database.db, 'Admin', 'admin');
    ids.root = await createAdmin(database.db, { username: 'root', password: 'root-secret', roleId: superRole }, NOW);
    ids.alice = await createAdmin(database.db, { username: 'alice', password: 'alice-secret', roleId: adminRole }, NOW);
    ids.roleless = await createAdmin(database.db, { username: 'roleless', password: 'roleless-secret', roleId: null }, NOW);
    await createAdmin(database.db, { username: 'carol', password: 'carol-secret', roleId: adminRole }, NOW);
    await updateAdmin(database.db, 'carol', { disabled: true }, NOW);
  });
  afterAll(() => database.drop());

  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    hashed.against.length = 0;
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  const fromDatabase = (auth: Authenticator, ip: string, credentials: Credentials | null, connection?: object) =>
    auth.fromDatabase(database.db, { ip, connection }, credentials, NOW);

  it('returns the caller the login row says, with its id, name and access', async () => {
    at(0);
    const auth = authenticator();
    expect(await fromDatabase(auth, '203.0.113.1', ALICE)).toEqual({ id: ids.alice, username: 'alice', access: 'admin' });
    expect(await fromDatabase(auth, '203.0.113.1', ROOT)).toEqual({ id: ids.root, username: 'root', access: 'super' });
  });

  it('refuses an admin with no role at all as having no API access', async () => {
    at(0);
    await expect(fromDatabase(authenticator(), '203.0.113.2', login('roleless', 'roleless-secret'))).rejects.toMatchObject({ code: 'NO_API_ACCESS' });
  });

  it('answers from memory only while the login was read within the refresh time, to the millisecond', async () => {
    const auth = authenticator();
    const ip = '203.0.113.10';
    expect(auth.fromMemory({ ip }, null)).toBeNull();
    expect(auth.fromMemory({ ip }, ALICE)).toBeNull();
    at(0);
    await fromDatabase(auth, ip, ALICE);
    expect(auth.fromMemory({ ip }, ALICE)).toEqual({ id: ids.alice, username: 'alice', access: 'admin' });
    // A second login from the address half-way keeps the address fresh; alice's own read goes stale.
    at(500);
    await fromDatabase(auth, ip, ROOT);
    at(999);
    expect(auth.fromMemory({ ip }, ALICE)?.username).toBe('alice');
    at(1000);
    expect(auth.fromMemory({ ip }, ALICE)).toBeNull();
    expect(auth.fromMemory({ ip }, ROOT)?.username).toBe('root');
    at(1500);
    expect(auth.fromMemory({ ip }, ROOT)).toBeNull();
  });

  it('answers from memory only while the address was seen clean within the refresh time, to the millisecond', async () => {
    const auth = authenticator();
    at(0);
    await fromDatabase(auth, '203.0.113.20', ALICE);
    // The same login read again from another address: the login is fresh, the first address is not.
    at(500);
    await fromDatabase(auth, '203.0.113.21', ALICE);
    at(999);
    expect(auth.fromMemory({ ip: '203.0.113.20' }, ALICE)?.username).toBe('alice');
    at(1000);
    expect(auth.fromMemory({ ip: '203.0.113.20' }, ALICE)).toBeNull();
    expect(auth.fromMemory({ ip: '203.0.113.21' }, ALICE)?.username).toBe('alice');
    // An address never seen is never trusted.
    expect(auth.fromMemory({ ip: '203.0.113.22' }, ALICE)).toBeNull();
  });

  it('answers from memory only while the password check is remembered, to the millisecond', async () => {
    const auth = authenticator({ TEAMPRO_AUTH_CACHE_SECONDS: '1', TEAMPRO_AUTH_REFRESH_MS: '5000' });
    const ip = '203.0.113.30';
    at(0);
    await fromDatabase(auth, ip, ALICE);
    at(999);
    expect(auth.fromMemory({ ip }, ALICE)?.username).toBe('alice');
    at(1000);
    expect(auth.fromMemory({ ip }, ALICE)).toBeNull();
  });

  it('hashes a password once while it is remembered, and again once the memory has expired', async () => {
    const auth = authenticator({ TEAMPRO_AUTH_CACHE_SECONDS: '1' });
    const ip = '203.0.113.40';
    at(0);
    await fromDatabase(auth, ip, ALICE);
    expect(hashed.against).toHaveLength(1);
    at(500);
    await fromDatabase(auth, ip, ALICE);
    at(999);
    await fromDatabase(auth, ip, { ...ALICE, passwordMd5: ALICE.passwordMd5.toUpperCase() });
    expect(hashed.against).toHaveLength(1);
    at(1000);
    await fromDatabase(auth, ip, ALICE);
    expect(hashed.against).toHaveLength(2);
    await fromDatabase(auth, ip, ALICE);
    expect(hashed.against).toHaveLength(2);
  });

  it('remembers nothing with TEAMPRO_AUTH_CACHE_SECONDS=0: every request hashes and none is served from memory', async () => {
    const auth = authenticator({ TEAMPRO_AUTH_CACHE_SECONDS: '0' });
    const ip = '203.0.113.50';
    at(0);
    expect((await fromDatabase(auth, ip, ALICE)).username).toBe('alice');
    expect((await fromDatabase(auth, ip, ALICE)).username).toBe('alice');
    expect(hashed.against).toHaveLength(2);
    expect(auth.fromMemory({ ip }, ALICE)).toBeNull();
  });

  it('spends one hash on an unknown or disabled admin too, against the dummy hash', async () => {
    const auth = authenticator();
    at(0);
    await expect(fromDatabase(auth, '203.0.113.60', login('nobody-here', 'x'))).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await expect(fromDatabase(auth, '203.0.113.61', login('carol', 'carol-secret'))).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(hashed.against).toEqual([DUMMY_HASH, DUMMY_HASH]);
  });

  it('lets an open connection reuse only the very credentials it sent before', async () => {
    const auth = authenticator();
    const ip = '203.0.113.70';
    const connection = {};
    at(0);
    await fromDatabase(auth, ip, ALICE, connection);
    expect(auth.fromMemory({ ip, connection }, ALICE)?.username).toBe('alice');
    // Same password, another name; same name, another password: neither is alice's login.
    expect(auth.fromMemory({ ip, connection }, { username: 'root', passwordMd5: ALICE.passwordMd5 })).toBeNull();
    expect(auth.fromMemory({ ip, connection }, { username: 'alice', passwordMd5: ROOT.passwordMd5 })).toBeNull();
    // The connection's own credentials are still recognised after those, and the same login without a connection too.
    expect(auth.fromMemory({ ip, connection }, ALICE)?.username).toBe('alice');
    expect(auth.fromMemory({ ip }, ALICE)?.username).toBe('alice');
    expect(auth.fromMemory({ ip, connection: {} }, ALICE)?.username).toBe('alice');
  });

  it('says when a timed ban ends, and nothing for a ban until lifted', async () => {
    const auth = authenticator();
    at(0);
    await database.db.insertInto('ip_bans').values({ ip: '203.0.113.80', failures: 3, window_start: NOW, banned_at: NOW, banned_until: NOW + 50 }).execute();
    await database.db.insertInto('ip_bans').values({ ip: '203.0.113.81', failures: 3, window_start: NOW, banned_at: NOW, banned_until: null }).execute();
    await expect(fromDatabase(auth, '203.0.113.80', ALICE)).rejects.toMatchObject({ code: 'IP_BANNED', headers: { 'Retry-After': '50' } });
    const forever = await fromDatabase(auth, '203.0.113.81', ALICE).catch((error: unknown) => error);
    expect(forever).toMatchObject({ code: 'IP_BANNED' });
    expect((forever as { headers?: object }).headers).toEqual({});
  });
});
