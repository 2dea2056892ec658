import { createHash, randomBytes } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';

export const SESSION_COOKIE = 'teampro_session';

/** 256 random bits, base64url: the cookie's value. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, in hex. A token is random, so no salt or slow hash is needed. */
export function sessionTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The session token a Cookie header carries, if it carries one of the right shape. */
export function sessionTokenIn(cookieHeader: string | undefined): string | null {
  if (!cookieHeader || !cookieHeader.includes(SESSION_COOKIE)) return null;
  const token = parseCookie(cookieHeader)[SESSION_COOKIE];
  return token !== undefined && TOKEN.test(token) ? token : null;
}

/** The Set-Cookie value that hands a browser its token: script cannot read it, other sites' requests do not carry it. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return stringifySetCookie({ name: SESSION_COOKIE, value: token, httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: maxAgeSeconds });
}

/** The Set-Cookie value that makes a browser forget its token (signed out, or the session has ended). */
export function clearedSessionCookie(secure: boolean): string {
  return stringifySetCookie({ name: SESSION_COOKIE, value: '', httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: 0 });
}
