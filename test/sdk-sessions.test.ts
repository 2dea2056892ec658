import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamProClient, TeamProError } from '../src/client/index.js';
import { createTestApp, USERS, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

/**
 * A fetch that behaves as a browser page of the server's own origin does: it keeps the cookies the
 * server sets, sends them back, and says the request comes from the same origin. It records what
 * the SDK asked for.
 */
function browserFetch(origin: string) {
  const jar = new Map<string, string>();
  const seen: { url: string; init: RequestInit }[] = [];
  const fetchLike: typeof fetch = async (input, init = {}) => {
    seen.push({ url: String(input), init });
    const headers = new Headers(init.headers);
    headers.set('origin', origin);
    headers.set('sec-fetch-site', 'same-origin');
    if (jar.size > 0 && init.credentials !== 'omit') headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = pair.split('=');
      if (attributes.some((a) => /max-age=0/i.test(a.trim()))) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  return { fetch: fetchLike, jar, seen };
}

describe('the SDK signed in by a session', () => {
  let t: TestApp;
  let origin: string;

  beforeAll(async () => {
    t = await createTestApp(testDatabases()[0], { TEAMPRO_BAN_ALLOW: '127.0.0.1' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => t.close());

  it('signs in, sends no credentials afterwards, writes, and signs out', async () => {
    const browser = browserFetch(origin);
    const client = new TeamProClient({ url: `${origin}/api.php`, session: true, fetch: browser.fetch });
    await expect(client.admins.me()).rejects.toMatchObject({ code: 401 });
    const session = await client.sessions.signIn({ username: 'alice', password: USERS.alice.password });
    expect(session.current).toBe(true);
    const signInRequest = browser.seen.at(-1)!;
    expect(new Headers(signInRequest.init.headers).get('authorization')).toMatch(/^Basic /);
    expect(browser.jar.has('teampro_session')).toBe(true);

    expect((await client.admins.me()).username).toBe('alice');
    const last = browser.seen.at(-1)!;
    expect(new Headers(last.init.headers).get('authorization')).toBeNull();
    expect(last.url).not.toMatch(/password|username/);
    expect(last.init.credentials).toBe('same-origin');

    const project = await client.projects.create({ name: 'Made in the workspace' });
    expect(project.name).toBe('Made in the workspace');
    expect((await client.sessions.list()).sessions.map((s) => s.session_id)).toContain(session.session_id);

    await client.sessions.signOut();
    expect(browser.jar.has('teampro_session')).toBe(false);
    await expect(client.admins.me()).rejects.toBeInstanceOf(TeamProError);
  });

  it('refuses a wrong password with the API login error', async () => {
    const client = new TeamProClient({ url: `${origin}/api.php`, session: true, fetch: browserFetch(origin).fetch });
    await expect(client.sessions.signIn({ username: 'alice', password: 'wrong' })).rejects.toMatchObject({ code: 401 });
  });

  it('needs a login or session mode to be made', () => {
    expect(() => new TeamProClient({ url: `${origin}/api.php` })).toThrow(/session: true/);
  });
});
