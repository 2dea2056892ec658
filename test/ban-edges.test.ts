import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountOf, banState, isAllowListed, listBans, recordFailure, type BanPolicy } from '../src/auth/bans.js';
import { migratedDatabase, testDatabases, type TestDatabase } from './helpers/databases.js';

/* The edges of the ban record: the last second a ban is listed, a lasting ban's state, names at the column's length. */

const NOW = 1_800_000_000;
const POLICY: BanPolicy = { threshold: 2, windowSeconds: 600, durationSeconds: 60, allow: [] };

describe('allow-list entries', () => {
  it('passes over an entry it cannot read, and still matches the entries after it', () => {
    expect(isAllowListed('10.0.0.1', ['not-an-address', '10.0.0.0/40'])).toBe(false);
    expect(isAllowListed('10.0.0.1', ['not-an-address', '10.0.0.0/40', '10.0.0.0/8'])).toBe(true);
    expect(isAllowListed('2001:db8::1', ['10.0.0.0/8'])).toBe(false);
  });
});

describe('accountOf', () => {
  it('counts a name of up to 64 characters against itself, and a longer or unprintable one against the nameless account', () => {
    expect(accountOf('a'.repeat(64))).toBe('a'.repeat(64));
    expect(accountOf('a'.repeat(65))).toBe('');
    expect(accountOf('bob\u0007')).toBe('');
    expect(accountOf('bob\u007f')).toBe('');
    expect(accountOf('')).toBe('');
    expect(accountOf(null)).toBe('');
    expect(accountOf(undefined)).toBe('');
    expect(accountOf('bob')).toBe('bob');
  });
});

describe.each(testDatabases())('ban edges on $name', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(() => database.drop());

  it('says a lasting ban has failures, so that a later good login would clear them', async () => {
    for (let i = 0; i < 2; i++) await recordFailure(database.db, '192.0.2.10', 'alice', NOW, { ...POLICY, durationSeconds: 0 });
    expect(await banState(database.db, '192.0.2.10', NOW + 10 ** 6)).toEqual({ banned: true, retryAfter: null, hasFailures: true });
  });

  it('lists a timed ban up to its last second, not at the second it ends', async () => {
    for (let i = 0; i < 2; i++) await recordFailure(database.db, '192.0.2.11', 'alice', NOW, POLICY);
    expect((await listBans(database.db, NOW + 59)).map((row) => row.ip)).toContain('192.0.2.11');
    expect((await listBans(database.db, NOW + 60)).map((row) => row.ip)).not.toContain('192.0.2.11');
  });

  it('forgets failures counted meanwhile when it finds a ban ended', async () => {
    const ip = '192.0.2.12';
    await database.db.insertInto('ip_bans').values({ ip, failures: 2, window_start: NOW, banned_at: NOW, banned_until: NOW + 60 }).execute();
    await database.db.insertInto('login_failures').values({ ip, username: 'alice', failures: 1, window_start: NOW }).execute();
    expect(await banState(database.db, ip, NOW + 60)).toEqual({ banned: false, retryAfter: null, hasFailures: false });
    expect(await database.db.selectFrom('login_failures').selectAll().where('ip', '=', ip).execute()).toEqual([]);
  });

  it('says an address whose record holds no failures has none pending', async () => {
    const ip = '192.0.2.13';
    await database.db.insertInto('ip_bans').values({ ip, failures: 0, window_start: NOW, banned_at: null, banned_until: null }).execute();
    expect(await banState(database.db, ip, NOW)).toEqual({ banned: false, retryAfter: null, hasFailures: false });
  });
});
