import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountOf, banState, clearFailures, liftBan, listBans, recordFailure, type BanPolicy } from '../src/auth/bans.js';
import * as loginFailures from '../src/db/migrations/0003_login_failures.js';
import { nowSeconds } from '../src/engine/time.js';
import { migratedDatabase, testDatabases, type TestDatabase } from './helpers/databases.js';

const policy: BanPolicy = { threshold: 3, windowSeconds: 900, durationSeconds: 900, allow: [] };

describe('the account failures are counted against', () => {
  it('is the username as sent, or none for a name no admin can have', () => {
    expect(accountOf('alice')).toBe('alice');
    expect(accountOf('Alice')).toBe('Alice');
    expect(accountOf(undefined)).toBe('');
    expect(accountOf('a'.repeat(65))).toBe('');
    expect(accountOf('al\u0000ice')).toBe('');
  });
});

describe.each(testDatabases())('failed-login storage on $name', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(() => database.drop());

  const failuresOf = (ip: string) => database.db.selectFrom('login_failures').select(['username', 'failures']).where('ip', '=', ip).orderBy('username').execute();

  it('counts per account and bans the address on the sum; a good login forgets its own account only', async () => {
    const ip = '198.51.100.101';
    const now = nowSeconds();
    await recordFailure(database.db, ip, 'Bob', now, policy);
    await recordFailure(database.db, ip, 'bob', now, policy);
    expect(await failuresOf(ip)).toEqual([{ username: 'Bob', failures: 1 }, { username: 'bob', failures: 1 }]);
    expect(await banState(database.db, ip, now)).toEqual({ banned: false, retryAfter: null, hasFailures: true });
    expect(await clearFailures(database.db, ip, 'bob', now, policy)).toBe(false);
    expect(await failuresOf(ip)).toEqual([{ username: 'Bob', failures: 1 }]);
    expect(await clearFailures(database.db, ip, 'Bob', now, policy)).toBe(true);
    expect(await banState(database.db, ip, now)).toEqual({ banned: false, retryAfter: null, hasFailures: false });
    for (const account of ['x', 'y', 'x']) await recordFailure(database.db, ip, account, now, policy);
    expect(await banState(database.db, ip, now)).toMatchObject({ banned: true, retryAfter: 900 });
    expect(await failuresOf(ip)).toEqual([]);
    expect((await listBans(database.db, now)).find((row) => row.ip === ip)).toMatchObject({ failures: 3, banned_at: now });
  });

  it('lifts a ban or pending failures alike, everything for the address', async () => {
    const ip = '198.51.100.102';
    const now = nowSeconds();
    await recordFailure(database.db, ip, 'alice', now, policy);
    expect(await liftBan(database.db, ip)).toBe(true);
    expect(await failuresOf(ip)).toEqual([]);
    expect(await banState(database.db, ip, now)).toMatchObject({ banned: false, hasFailures: false });
    expect(await liftBan(database.db, ip)).toBe(false);
  });

  it('keeps, through the migration, the failures counted before it, against no account', async () => {
    const now = nowSeconds();
    await loginFailures.down(database.db);
    await database.db.insertInto('ip_bans').values([
      { ip: '198.51.100.103', failures: 2, window_start: now, banned_at: null, banned_until: null },
      { ip: '198.51.100.104', failures: 3, window_start: now, banned_at: now, banned_until: null },
    ]).execute();
    await loginFailures.up(database.db);
    const carried = await database.db.selectFrom('login_failures').selectAll().execute();
    expect(carried).toEqual([{ ip: '198.51.100.103', username: '', failures: 2, window_start: now }]);
    await recordFailure(database.db, '198.51.100.103', 'alice', now, policy);
    expect(await banState(database.db, '198.51.100.103', now)).toMatchObject({ banned: true });
  });
});
