import { hash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../app-config.js';
import type { Database } from '../db/types.js';
import { setBounded } from '../engine/bounded-map.js';
import type { Caller } from '../engine/method.js';
import { ApiError } from '../errors.js';
import { findAdminForLogin, type AdminWithAccess } from './admins.js';
import { accountOf, banState, clearFailures, recordFailure } from './bans.js';
import { HashGate } from './hash-gate.js';
import { DUMMY_HASH, verifyPasswordMd5 } from './password.js';

export interface Credentials {
  username: string;
  passwordMd5: string;
}

interface VerifiedLogin {
  /** The stored hash the password was verified against; the entry is good only while it is unchanged. */
  passwordHash: string;
  verifiedUntil: number;
  /** The caller as last read from the database, and when; null while the login has no API access. */
  caller: Caller | null;
  readAt: number;
}

/** Where a request comes from: its address, and its connection (the socket) when there is one. */
export interface Origin {
  readonly ip: string;
  readonly connection?: object;
}

const MAX_ENTRIES = 10_000;

/**
 * The 401 for a password that cannot be an MD5: the plain password sent by mistake is the first-hour
 * error, and three of them ban the address. Said from the input's shape alone, so it tells nothing of the account.
 */
const NOT_AN_MD5 = 'Authentication failed: send the MD5 of the password (32 hex digits), not the password itself';
const notAnMd5 = (credentials: Credentials | null) => credentials !== null && credentials.passwordMd5 !== '' && !/^[0-9a-f]{32}$/i.test(credentials.passwordMd5);

/**
 * Verifies API logins. A verified (username, MD5) pair is remembered for `authCacheSeconds`, keyed by
 * a keyed hash so the cache never holds the MD5 itself, and only while the admin's stored hash is unchanged.
 *
 * A request with a remembered login from an address last seen clean (no failures pending against any
 * account, no ban) within `authRefreshMs` is answered from memory: no database read. Every other
 * request — in particular every password that needs checking — reads the ban record and the login row,
 * so a ban stops guessing at once on every instance; a ban, password change, disabling or role change made elsewhere reaches a
 * caller already logged in within `authRefreshMs`.
 */
export class Authenticator {
  private readonly logins = new Map<string, VerifiedLogin>();
  /** Addresses with no ban and no pending failures, by when that was read (taken before the read, to err early). */
  private readonly cleanAddresses = new Map<string, number>();
  private readonly cacheKeySecret = randomBytes(32).toString('base64');
  private readonly hashGate = new HashGate();
  /** Per open connection, its last credentials and their key; gone with the connection. */
  private readonly connectionKeys = new WeakMap<object, Credentials & { key: string }>();
  /** Verifications under way, so a burst of requests with the same new login pays for one hash. */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(private readonly config: AppConfig) {}

  /** The caller when memory alone may answer (see the class comment), without waiting for a promise. */
  fromMemory(origin: Origin, credentials: Credentials | null): Caller | null {
    return credentials ? this.trustedCaller(this.keyOf(credentials, origin.connection), origin.ip) : null;
  }

  /** The caller as the database says, for a request `fromMemory` could not answer: ban, login, password. */
  async fromDatabase(db: Kysely<Database>, origin: Origin, credentials: Credentials | null, now: number): Promise<Caller> {
    const { ip } = origin;
    const key = credentials ? this.keyOf(credentials, origin.connection) : null;
    const readAt = Date.now();
    const ban = await banState(db, ip, now);
    if (ban.banned) {
      const headers: Record<string, string> = ban.retryAfter !== null ? { 'Retry-After': String(ban.retryAfter) } : {};
      throw new ApiError('IP_BANNED', undefined, undefined, headers);
    }
    const admin = credentials && key ? await this.verify(db, credentials, key) : null;
    const account = accountOf(credentials?.username);
    if (!admin) {
      this.cleanAddresses.delete(ip);
      await recordFailure(db, ip, account, now, this.config.ban);
      throw new ApiError('AUTH_FAILED', notAnMd5(credentials) ? NOT_AN_MD5 : undefined);
    }
    // Failures against other accounts stay pending: the address is not clean until they are gone.
    const clean = ban.hasFailures ? await clearFailures(db, ip, account, now, this.config.ban) : true;
    const caller = admin.access === 'none' || admin.access === null ? null : { id: admin.id, username: admin.username, access: admin.access };
    this.noteRead(key!, caller, readAt);
    if (!caller) throw new ApiError('NO_API_ACCESS');
    if (clean) setBounded(this.cleanAddresses, ip, readAt, MAX_ENTRIES);
    else this.cleanAddresses.delete(ip);
    return caller;
  }

  /**
   * The cache key of a login: a keyed SHA-256 (secret first, fixed length). An open connection keeps
   * the credentials of its last request beside their key, as that request itself did, so a keep-alive
   * client pays for the hash once per connection rather than on every request.
   */
  private keyOf(credentials: Credentials, connection: object | undefined): string {
    const last = connection && this.connectionKeys.get(connection);
    if (last && last.username === credentials.username && last.passwordMd5 === credentials.passwordMd5) return last.key;
    const { username, passwordMd5 } = credentials;
    const key = hash('sha256', `${this.cacheKeySecret}\n${username}\n${passwordMd5.toLowerCase()}`, 'base64');
    if (connection) this.connectionKeys.set(connection, { username, passwordMd5, key });
    return key;
  }

  private trustedCaller(key: string, ip: string): Caller | null {
    const login = this.logins.get(key);
    if (!login?.caller) return null;
    const clock = Date.now();
    const { authRefreshMs } = this.config;
    const addressReadAt = this.cleanAddresses.get(ip);
    const fresh = clock < login.verifiedUntil && clock - login.readAt < authRefreshMs;
    return fresh && addressReadAt !== undefined && clock - addressReadAt < authRefreshMs ? login.caller : null;
  }

  private async verify(db: Kysely<Database>, { username, passwordMd5 }: Credentials, key: string): Promise<AdminWithAccess | null> {
    // A name no admin can have is not looked up: PostgreSQL, for one, refuses a NUL in text outright.
    const admin = accountOf(username) === username ? await findAdminForLogin(db, username) : undefined;
    const md5 = passwordMd5.toLowerCase();
    if (!admin || admin.disabled) {
      await this.hashGate.run(() => verifyPasswordMd5(md5, DUMMY_HASH));
      return null;
    }
    const known = this.logins.get(key);
    if (known && known.verifiedUntil > Date.now() && known.passwordHash === admin.password_hash) return admin;
    if (!(await this.verifyOnce(key, md5, admin.password_hash))) return null;
    if (this.config.authCacheSeconds > 0) {
      const verifiedUntil = Date.now() + this.config.authCacheSeconds * 1000;
      setBounded(this.logins, key, { passwordHash: admin.password_hash, verifiedUntil, caller: null, readAt: 0 }, MAX_ENTRIES);
    }
    return admin;
  }

  /** Records what the login row said, so the next requests within `authRefreshMs` need not read it. */
  private noteRead(key: string, caller: Caller | null, readAt: number) {
    const login = this.logins.get(key);
    if (login) Object.assign(login, { caller, readAt });
  }

  private verifyOnce(key: string, md5: string, passwordHash: string): Promise<boolean> {
    const flightKey = `${key}\n${passwordHash}`;
    let flight = this.inFlight.get(flightKey);
    if (!flight) {
      flight = this.hashGate.run(() => verifyPasswordMd5(md5, passwordHash)).finally(() => this.inFlight.delete(flightKey));
      this.inFlight.set(flightKey, flight);
    }
    return flight;
  }
}
