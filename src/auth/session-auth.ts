import type { Kysely } from 'kysely';
import type { AppConfig } from '../app-config.js';
import type { Database } from '../db/types.js';
import { setBounded } from '../engine/bounded-map.js';
import type { Caller } from '../engine/method.js';
import { ApiError } from '../errors.js';
import { banState } from './bans.js';
import { clearedSessionCookie } from './session-tokens.js';

/** A request signed in by a session cookie: who, and which session. */
export interface SessionCaller {
  readonly caller: Caller;
  readonly sessionId: number;
}

interface KnownSession extends SessionCaller {
  /** Date.now() when the row was read. */
  readonly readAt: number;
  /** Unix seconds: the earlier of the idle and the absolute end, as read. */
  readonly endsAt: number;
}

const MAX_ENTRIES = 10_000;
/** last_seen (and so the idle end) is written at most this often per session: a request need not be a write. */
const TOUCH_SECONDS = 60;

/** The 401 for a cookie whose session has ended; the reply also tells the browser to forget the cookie. */
export function sessionEnded(secure: boolean): ApiError {
  return new ApiError('AUTH_FAILED', 'Your session has ended (signed out, expired or revoked): sign in again', undefined, {
    'Set-Cookie': clearedSessionCookie(secure),
  });
}

/**
 * Signs requests in by their session cookie. What a session row says is trusted from memory for
 * `authRefreshMs`, as logins are: a sign-out, a revocation, a disabled admin or a ban made elsewhere
 * reaches this process within that time; a sign-out here reaches it at once (`forget`).
 */
export class SessionAuthenticator {
  private readonly known = new Map<string, KnownSession>();

  constructor(private readonly config: AppConfig) {}

  fromMemory(tokenHash: string, now: number): SessionCaller | null {
    const session = this.known.get(tokenHash);
    if (!session || now >= session.endsAt || Date.now() - session.readAt >= this.config.authRefreshMs) return null;
    return session;
  }

  async fromDatabase(db: Kysely<Database>, ip: string, tokenHash: string, now: number, secure: boolean): Promise<SessionCaller> {
    const readAt = Date.now();
    const ban = await banState(db, ip, now);
    if (ban.banned) {
      const headers: Record<string, string> = ban.retryAfter !== null ? { 'Retry-After': String(ban.retryAfter) } : {};
      throw new ApiError('IP_BANNED', undefined, undefined, headers);
    }
    const row = await db
      .selectFrom('sessions')
      .innerJoin('admins', 'admins.id', 'sessions.admin_id')
      .leftJoin('roles', 'roles.id', 'admins.role_id')
      .select(['sessions.id', 'sessions.last_seen', 'sessions.idle_expires', 'sessions.expires', 'admins.id as admin_id', 'admins.username', 'admins.disabled', 'roles.access'])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row || row.disabled || now >= row.idle_expires || now >= row.expires) {
      this.known.delete(tokenHash);
      if (row) await db.deleteFrom('sessions').where('id', '=', row.id).execute();
      throw sessionEnded(secure);
    }
    if (row.access !== 'super' && row.access !== 'admin') throw new ApiError('NO_API_ACCESS');
    const idleEnd = now - row.last_seen >= TOUCH_SECONDS ? await this.touch(db, row.id, now) : row.idle_expires;
    const session: KnownSession = {
      caller: { id: row.admin_id, username: row.username, access: row.access },
      sessionId: row.id,
      readAt,
      endsAt: Math.min(idleEnd, row.expires),
    };
    setBounded(this.known, tokenHash, session, MAX_ENTRIES);
    return session;
  }

  /** Forgets what this process knows of a session (signed out or revoked here): the next request reads the database. */
  forget(sessionId: number): void {
    for (const [hash, session] of this.known) if (session.sessionId === sessionId) this.known.delete(hash);
  }

  private async touch(db: Kysely<Database>, id: number, now: number): Promise<number> {
    const idleExpires = now + this.config.session.idleSeconds;
    await db.updateTable('sessions').set({ last_seen: now, idle_expires: idleExpires }).where('id', '=', id).execute();
    return idleExpires;
  }
}
