import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banState, isAllowListed, liftBan, listBans, recordFailure, type BanPolicy } from '../src/auth/bans.js';
import { migratedDatabase, testDatabases, type TestDatabase } from './helpers/databases.js';

/* The ban record's rules, called directly: the CLI's list and lift run them from a separate process. */

const NOW = 1_800_000_000;
const POLICY: BanPolicy = { threshold: 2, windowSeconds: 600, durationSeconds: 60, allow: [] };

describe('allow-list input', () => {
  it('never matches something that is not an address', () => {
    expect(isAllowListed('not-an-ip', ['0.0.0.0/0', '::/0'])).toBe(false);
  });
});

describe.each(testDatabases())('ban records on $name', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
  });
  afterAll(() => database.drop());

  it('says whether an address has failures, is banned, and for how long', async () => {
    expect(await banState(database.db, '192.0.2.1', NOW)).toEqual({ banned: false, retryAfter: null, hasFailures: false });
    await recordFailure(database.db, '192.0.2.1', 'alice', NOW, POLICY);
    expect(await banState(database.db, '192.0.2.1', NOW)).toEqual({ banned: false, retryAfter: null, hasFailures: true });
    await recordFailure(database.db, '192.0.2.1', 'alice', NOW, POLICY);
    expect(await banState(database.db, '192.0.2.1', NOW + 10)).toEqual({ banned: true, retryAfter: 50, hasFailures: true });
  });

  it('ends a ban at its last second and forgets the record', async () => {
    for (let i = 0; i < 2; i++) await recordFailure(database.db, '192.0.2.2', 'alice', NOW, POLICY);
    expect(await banState(database.db, '192.0.2.2', NOW + 60)).toEqual({ banned: false, retryAfter: null, hasFailures: false });
    expect(await database.db.selectFrom('ip_bans').selectAll().where('ip', '=', '192.0.2.2').execute()).toEqual([]);
  });

  it('lists the bans in force, lasting ones included, and lifts one', async () => {
    // After the earlier tests' bans have run out.
    const LATER = NOW + 1000;
    for (let i = 0; i < 2; i++) await recordFailure(database.db, '192.0.2.3', 'alice', LATER, POLICY);
    for (let i = 0; i < 2; i++) await recordFailure(database.db, '192.0.2.4', 'alice', LATER, { ...POLICY, durationSeconds: 0 });
    await recordFailure(database.db, '192.0.2.5', 'alice', LATER, POLICY);
    expect((await listBans(database.db, LATER + 1)).map((row) => row.ip).sort()).toEqual(['192.0.2.3', '192.0.2.4']);
    expect((await listBans(database.db, LATER + 3600)).map((row) => row.ip)).toEqual(['192.0.2.4']);
    expect(await liftBan(database.db, '192.0.2.4')).toBe(true);
    expect(await liftBan(database.db, '192.0.2.4')).toBe(false);
    expect(await listBans(database.db, LATER + 3600)).toEqual([]);
  });
});
