import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { SessionAuthenticator } from '../src/auth/session-auth.js';
import { requestSite } from '../src/auth/site.js';
import { HttpRequestSide, ownOrigin, siteOf } from '../src/engine/request-side.js';
import { clearedSessionCookie, newSessionToken, SESSION_COOKIE, sessionCookie, sessionTokenHash, sessionTokenIn } from '../src/auth/session-tokens.js';

/*
 * The pieces of cookie sign-in that need no server: where a browser says a request comes from, and the
 * session token's shape, hash and cookies. test/sessions.test.ts reaches them through requests.
 */

const own = 'https://teampro.example';

describe('requestSite', () => {
  it('is same only when a header says so and neither says another site', () => {
    expect(requestSite({ 'sec-fetch-site': 'same-origin' }, own)).toBe('same');
    expect(requestSite({ origin: own }, own)).toBe('same');
    expect(requestSite({ 'sec-fetch-site': 'same-origin', origin: own }, own)).toBe('same');
  });

  it('is cross when either header names another site, a navigation the user made among them', () => {
    for (const fetchSite of ['cross-site', 'same-site', 'none']) {
      expect(requestSite({ 'sec-fetch-site': fetchSite }, own), fetchSite).toBe('cross');
      expect(requestSite({ 'sec-fetch-site': fetchSite, origin: own }, own), fetchSite).toBe('cross');
    }
    expect(requestSite({ origin: 'https://other.example' }, own)).toBe('cross');
    expect(requestSite({ origin: 'null' }, own)).toBe('cross');
    expect(requestSite({ 'sec-fetch-site': 'same-origin', origin: 'https://other.example' }, own)).toBe('cross');
  });

  it('is unknown without either header, as curl or the SDK in Node send a request', () => {
    expect(requestSite({}, own)).toBe('unknown');
    expect(requestSite({ referer: `${own}/`, host: 'teampro.example' }, own)).toBe('unknown');
  });
});

describe('session tokens', () => {
  it('makes 256 random bits in base64url, a new one each time', () => {
    const tokens = new Set(Array.from({ length: 20 }, () => newSessionToken()));
    expect(tokens.size).toBe(20);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('keeps a token as its SHA-256 in hex', () => {
    // The SHA-256 test vector of "abc" (FIPS 180-2).
    expect(sessionTokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('finds a token of the right shape under the session cookie, among others', () => {
    const token = newSessionToken();
    expect(sessionTokenIn(`${SESSION_COOKIE}=${token}`)).toBe(token);
    expect(sessionTokenIn(`a=1; ${SESSION_COOKIE}=${token}; b=2`)).toBe(token);
    expect(SESSION_COOKIE).toBe('teampro_session');
  });

  it('finds none without the cookie, or when its value is not a token', () => {
    const token = newSessionToken();
    expect(sessionTokenIn(undefined)).toBeNull();
    expect(sessionTokenIn('')).toBeNull();
    expect(sessionTokenIn(`other=${token}`)).toBeNull();
    expect(sessionTokenIn(`other=${SESSION_COOKIE}`)).toBeNull();
    expect(sessionTokenIn(`${SESSION_COOKIE}_old=${token}`)).toBeNull();
    expect(sessionTokenIn(`${SESSION_COOKIE}=${token.slice(1)}`)).toBeNull();
    expect(sessionTokenIn(`${SESSION_COOKIE}=${token}x`)).toBeNull();
    expect(sessionTokenIn(`${SESSION_COOKIE}=x${token}`)).toBeNull();
    expect(sessionTokenIn(`${SESSION_COOKIE}=${token.slice(1)}+`)).toBeNull();
    expect(sessionTokenIn(`${SESSION_COOKIE}=${token.slice(1)}=`)).toBeNull();
  });

  it('hands the token in a cookie script cannot read and other sites do not send, secure when asked', () => {
    const attributes = (cookie: string) => cookie.split('; ').map((part) => part.toLowerCase()).sort();
    expect(attributes(sessionCookie('tok', 3600, false))).toEqual(['httponly', 'max-age=3600', 'path=/', 'samesite=lax', 'teampro_session=tok']);
    expect(attributes(sessionCookie('tok', 60, true))).toEqual(['httponly', 'max-age=60', 'path=/', 'samesite=lax', 'secure', 'teampro_session=tok']);
  });

  it('clears the cookie with an empty value that ends at once, on the same path', () => {
    const attributes = (cookie: string) => cookie.split('; ').map((part) => part.toLowerCase()).sort();
    expect(attributes(clearedSessionCookie(false))).toEqual(['httponly', 'max-age=0', 'path=/', 'samesite=lax', 'teampro_session=']);
    expect(attributes(clearedSessionCookie(true))).toContain('secure');
  });
});

describe('HttpRequestSide', () => {
  const fakeRequest = (parts: { protocol?: string; host?: string; headers?: Record<string, string>; ip?: string }) =>
    ({ protocol: parts.protocol ?? 'http', host: parts.host ?? 'teampro.example', headers: parts.headers ?? {}, ip: parts.ip ?? '192.0.2.7' }) as unknown as FastifyRequest;
  const noSessions = { forget: () => undefined } as unknown as SessionAuthenticator;

  it('names its own origin from the protocol and host the request was made to', () => {
    expect(ownOrigin(fakeRequest({ protocol: 'https', host: 'teampro.example:8443' }))).toBe('https://teampro.example:8443');
    expect(siteOf(fakeRequest({ protocol: 'https', host: 'teampro.example', headers: { origin: 'https://teampro.example' } }))).toBe('same');
    expect(siteOf(fakeRequest({ protocol: 'http', host: 'teampro.example', headers: { origin: 'https://teampro.example' } }))).toBe('cross');
  });

  it('tells the address, the user agent, whether it is secure and the site', () => {
    const side = new HttpRequestSide(fakeRequest({ protocol: 'https', headers: { 'user-agent': 'ua/1', 'sec-fetch-site': 'same-origin' } }), noSessions, 5);
    expect({ ip: side.ip, userAgent: side.userAgent, secure: side.secure, site: side.site, sessionId: side.sessionId }).toEqual({ ip: '192.0.2.7', userAgent: 'ua/1', secure: true, site: 'same', sessionId: 5 });
    const plain = new HttpRequestSide(fakeRequest({}), noSessions, null);
    expect({ userAgent: plain.userAgent, secure: plain.secure, site: plain.site }).toEqual({ userAgent: '', secure: false, site: 'unknown' });
  });

  it('puts the cookies set on the reply, all of them and only when there are some', () => {
    const headers: [string, unknown][] = [];
    const reply = { header: (name: string, value: unknown) => headers.push([name, value]) } as unknown as FastifyReply;
    const side = new HttpRequestSide(fakeRequest({}), noSessions, null);
    side.applyTo(reply);
    expect(headers).toEqual([]);
    side.setCookie('a=1');
    side.setCookie('b=2');
    side.applyTo(reply);
    expect(headers).toEqual([['set-cookie', ['a=1', 'b=2']]]);
  });

  it('hands a session to forget to the authenticator', () => {
    const forgotten: number[] = [];
    new HttpRequestSide(fakeRequest({}), { forget: (id: number) => forgotten.push(id) } as unknown as SessionAuthenticator, null).forgetSession(9);
    expect(forgotten).toEqual([9]);
  });
});
