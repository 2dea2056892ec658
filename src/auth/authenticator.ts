import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../app-config.js';
import type { Database } from '../db/types.js';
import type { Caller } from '../engine/method.js';
import { ApiError } from '../errors.js';
import { findAdminForLogin } from './admins.js';
import { banState, clearFailures, recordFailure } from './bans.js';
import { HashGate } from './hash-gate.js';
import { DUMMY_HASH, verifyPasswordMd5 } from './password.js';

export interface Credentials {
  username: string;
  passwordMd5: string;
}

interface CacheEntry {
  passwordHash: string;
  expires: number;
}

const MAX_CACHE_ENTRIES = 10_000;

/**
 * Verifies API logins. A verified (username, MD5) pair is remembered for a short time, keyed by an
 * HMAC so the cache never holds the MD5 itself. The entry is valid only while the admin's stored hash
 * is unchanged, so a password change (from any process) ends it at once.
 */
export class Authenticator {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly cacheKeySecret = randomBytes(32);
  private readonly hashGate = new HashGate();
  /** Verifications under way, so a burst of requests with the same new login pays for one hash. */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(private readonly config: AppConfig) {}

  async authenticate(db: Kysely<Database>, ip: string, credentials: Credentials | null, now: number): Promise<Caller> {
    const ban = await banState(db, ip, now);
    if (ban.banned) {
      const headers: Record<string, string> = ban.retryAfter !== null ? { 'Retry-After': String(ban.retryAfter) } : {};
      throw new ApiError('IP_BANNED', undefined, undefined, headers);
    }
    const caller = credentials ? await this.verify(db, credentials) : null;
    if (!caller) {
      await recordFailure(db, ip, now, this.config.ban);
      throw new ApiError('AUTH_FAILED');
    }
    if (ban.hasFailures) await clearFailures(db, ip);
    if (caller.access === 'none' || caller.access === null) throw new ApiError('NO_API_ACCESS');
    return { id: caller.id, username: caller.username, access: caller.access };
  }

  private async verify(db: Kysely<Database>, { username, passwordMd5 }: Credentials) {
    const admin = await findAdminForLogin(db, username);
    const md5 = passwordMd5.toLowerCase();
    if (!admin || admin.disabled) {
      await this.hashGate.run(() => verifyPasswordMd5(md5, DUMMY_HASH));
      return null;
    }
    const key = createHmac('sha256', this.cacheKeySecret).update(`${username}\n${md5}`).digest('base64');
    const cached = this.cache.get(key);
    if (cached && cached.expires > Date.now() && cached.passwordHash === admin.password_hash) return admin;
    if (!(await this.verifyOnce(key, md5, admin.password_hash))) return null;
    this.remember(key, admin.password_hash);
    return admin;
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

  private remember(key: string, passwordHash: string) {
    if (this.config.authCacheSeconds === 0) return;
    if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { passwordHash, expires: Date.now() + this.config.authCacheSeconds * 1000 });
  }
}
