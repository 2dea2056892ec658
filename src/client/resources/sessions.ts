import type { FindSessionsParams, Page, Session } from '../types.js';
import { loginOf } from '../transport.js';
import { Resource } from './base.js';

export interface SignInParams {
  readonly username: string;
  /** The plain password; the SDK sends its MD5. */
  readonly password?: string;
  /** Or the lowercase hex MD5 of the password. */
  readonly passwordMd5?: string;
}

/**
 * sessions: browser sign-in. `signIn` logs in once with a username and password; the server answers
 * with the session and an HttpOnly cookie, which signs in every later call of a client made with
 * `session: true`.
 */
export class Sessions extends Resource {
  signIn({ username, password, passwordMd5 }: SignInParams): Promise<Session> {
    const credentials = loginOf(username, password, passwordMd5);
    if (!credentials) throw new TypeError('sessions.signIn needs a password or a passwordMd5');
    return this.one('createSession', {}, 'session', { credentials });
  }

  /** Ends the session this client is signed in with, and clears its cookie. */
  signOut(): Promise<Session> {
    return this.one('deleteCurrentSession', {}, 'session');
  }

  /** The caller's sessions that have not ended (a super admin's: everyone's). */
  list(params: FindSessionsParams = {}): Promise<Page<'sessions', Session>> {
    return this.page('findSessions', params);
  }

  /** Ends a session: `client.sessions.revoke(12)`. */
  revoke(sessionId: number): Promise<Session> {
    return this.one('deleteSession', { session_id: sessionId }, 'session');
  }
}
