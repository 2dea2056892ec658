import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/app-config.js';
import { createAdmin, createRole } from '../src/auth/admins.js';
import { SessionAuthenticator } from '../src/auth/session-auth.js';
import { insertSession } from '../src/sessions/repository.js';
import { ApiError } from '../src/errors.js';
import { migratedDatabase, testDatabases, type TestDatabase } from './helpers/databases.js';

/*
 * The SessionAuthenticator called directly with the clock in the test's hand: how long a session read
 * from the database is trusted from memory, its ends to the second, the once-a-minute touch, and
 * `forget`. test/sessions.test.ts reaches it through requests with nothing trusted from memory.
 */

const T0 = Date.UTC(2027, 0, 4, 9, 0, 0);
const NOW = T0 / 1000;
const IP = '192.0.2.44';
const at = (offsetMs: number) => vi.setSystemTime(T0 + offsetMs);

describe.each(testDatabases())('the session authenticator on $name', (kind) => {
  let database: TestDatabase;
  let alice = 0;
  let roleless = 0;
  let hashes = 0;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    const adminRole = await createRole(database.db, 'Admin', 'admin');
    alice = await createAdmin(database.db, { username: 'alice', password: 'alice-secret', roleId: adminRole }, NOW);
    roleless = await createAdmin(database.db, { username: 'roleless', password: 'roleless-secret', roleId: null }, NOW);
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await database.drop();
  });

  const sessions = () => new SessionAuthenticator(loadConfig({ TEAMPRO_AUTH_REFRESH_MS: '1000' }));
  /** A session row of its own; its token hash. */
  async function session(fields: { adminId?: number; lastSeen?: number; idleExpires?: number; expires?: number } = {}) {
    const tokenHash = String((hashes += 1)).padStart(64, 'a');
    const row = await insertSession(database.db, {
      token_hash: tokenHash, admin_id: fields.adminId ?? alice, created: NOW - 10, last_seen: fields.lastSeen ?? NOW,
      idle_expires: fields.idleExpires ?? NOW + 3600, expires: fields.expires ?? NOW + 7200, ip: IP, user_agent: 'test',
    });
    return { tokenHash, id: row.id };
  }
  const failure = async (call: () => Promise<unknown>) => call().then(() => null, (error: unknown) => error as ApiError);

  it('trusts a session read from the database for the refresh time, to the millisecond', async () => {
    at(0);
    const auth = sessions();
    const { tokenHash, id } = await session();
    expect(auth.fromMemory(tokenHash, NOW)).toBeNull();
    const read = await auth.fromDatabase(database.db, IP, tokenHash, NOW, false);
    expect(read).toMatchObject({ sessionId: id, caller: { id: alice, username: 'alice', access: 'admin' } });
    at(999);
    expect(auth.fromMemory(tokenHash, NOW)).toMatchObject({ sessionId: id });
    at(1000);
    expect(auth.fromMemory(tokenHash, NOW)).toBeNull();
  });

  it('remembers the earlier of the idle and the absolute end, and trusts nothing from its second on', async () => {
    at(0);
    for (const [idleExpires, expires] of [[NOW + 50, NOW + 100], [NOW + 100, NOW + 50]]) {
      const auth = sessions();
      const { tokenHash } = await session({ idleExpires, expires });
      await auth.fromDatabase(database.db, IP, tokenHash, NOW, false);
      expect(auth.fromMemory(tokenHash, NOW + 49)).not.toBeNull();
      expect(auth.fromMemory(tokenHash, NOW + 50)).toBeNull();
    }
  });

  it('ends a session at its idle end and at its absolute end, to the second', async () => {
    at(0);
    const auth = sessions();
    for (const fields of [{ idleExpires: NOW }, { expires: NOW }]) {
      const { tokenHash, id } = await session(fields);
      expect((await failure(() => auth.fromDatabase(database.db, IP, tokenHash, NOW, false)))?.code).toBe('AUTH_FAILED');
      expect(await database.db.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    }
    const { tokenHash } = await session({ idleExpires: NOW + 1, expires: NOW + 1 });
    expect(await auth.fromDatabase(database.db, IP, tokenHash, NOW, false)).toBeDefined();
  });

  it('writes the idle end forward once a minute has passed since the last write, not before', async () => {
    at(0);
    const auth = sessions();
    const stale = await session({ lastSeen: NOW - 60, idleExpires: NOW + 10 });
    const fresh = await session({ lastSeen: NOW - 59, idleExpires: NOW + 10 });
    await auth.fromDatabase(database.db, IP, stale.tokenHash, NOW, false);
    await auth.fromDatabase(database.db, IP, fresh.tokenHash, NOW, false);
    const row = (id: number) => database.db.selectFrom('sessions').select(['last_seen', 'idle_expires']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await row(stale.id)).toEqual({ last_seen: NOW, idle_expires: NOW + 86_400 });
    expect(await row(fresh.id)).toEqual({ last_seen: NOW - 59, idle_expires: NOW + 10 });
    // The remembered end is the new idle end for the touched session, the old one for the other.
    expect(auth.fromMemory(stale.tokenHash, NOW + 11)).not.toBeNull();
    expect(auth.fromMemory(fresh.tokenHash, NOW + 10)).toBeNull();
  });

  it('refuses the session of an admin whose role has no API access', async () => {
    at(0);
    const { tokenHash } = await session({ adminId: roleless });
    expect((await failure(() => sessions().fromDatabase(database.db, IP, tokenHash, NOW, false)))?.code).toBe('NO_API_ACCESS');
  });

  it('refuses a session from a banned address, saying when a timed ban ends and nothing for a lasting one', async () => {
    at(0);
    const { tokenHash } = await session();
    const ban = (ip: string, bannedUntil: number | null) =>
      database.db.insertInto('ip_bans').values({ ip, failures: 3, window_start: NOW - 60, banned_at: NOW - 60, banned_until: bannedUntil }).execute();
    await ban('192.0.2.91', NOW + 600);
    await ban('192.0.2.92', null);
    const timed = await failure(() => sessions().fromDatabase(database.db, '192.0.2.91', tokenHash, NOW, false));
    expect(timed).toMatchObject({ code: 'IP_BANNED', headers: { 'Retry-After': '600' } });
    const lasting = await failure(() => sessions().fromDatabase(database.db, '192.0.2.92', tokenHash, NOW, false));
    expect(lasting?.code).toBe('IP_BANNED');
    expect(lasting?.headers).toEqual({});
    // The session itself is untouched: from an address that is not banned it still signs in.
    expect(await sessions().fromDatabase(database.db, IP, tokenHash, NOW, false)).toMatchObject({ caller: { id: alice } });
  });

  it('forgets only the session it is told to', async () => {
    at(0);
    const auth = sessions();
    const one = await session();
    const two = await session();
    await auth.fromDatabase(database.db, IP, one.tokenHash, NOW, false);
    await auth.fromDatabase(database.db, IP, two.tokenHash, NOW, false);
    auth.forget(one.id);
    expect(auth.fromMemory(one.tokenHash, NOW)).toBeNull();
    expect(auth.fromMemory(two.tokenHash, NOW)).toMatchObject({ sessionId: two.id });
  });
});
