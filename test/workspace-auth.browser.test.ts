import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERS } from './helpers/app.js';
import { expectAccessible, shot, signIn, startWorkspace, type Workspace } from './helpers/workspace.js';

/** Waits for a condition the page reaches after a server round trip; generous, as CI runs other suites alongside. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

/** Sign-in, a wrong password, a ban, sign-out, and a session ended elsewhere, in a browser. */
describe('the workspace: signing in and out', { timeout: 90_000 }, () => {
  let w: Workspace;
  let banned: Workspace;
  beforeAll(async () => {
    [w, banned] = await Promise.all([startWorkspace(), startWorkspace({ TEAMPRO_BAN_ALLOW: '', TEAMPRO_BAN_THRESHOLD: '2', TEAMPRO_BAN_DURATION: '600' })]);
  });
  afterAll(async () => {
    await w?.close();
    await banned?.close();
  });

  it('shows sign-in first, refuses a wrong password in an alert, then signs in and out', async () => {
    const { page, context } = await w.newPage();
    await page.goto(`${w.origin}/projects?status=Active`);
    await eventually(() => page.url()).toContain('/signin?next=');
    await eventually(() => page.title()).toBe('Sign in · TeamPro');
    await expectAccessible(page, 'sign-in');
    await shot(page, 'workspace-signin');

    await page.getByLabel('Username').fill('root');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Wrong username or password.');

    await page.getByLabel('Password').fill(USERS.root.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    // Back where the user was going, filters included.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/projects?status=Active');
    const cookies = await context.cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([['teampro_session', true, 'Lax']]);
    // The page holds no password, MD5 or token anywhere it could be read from script.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie);
    expect(stored).not.toContain(USERS.root.password);
    expect(stored).not.toContain(cookies[0].value);

    await page.reload();
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await context.cookies()).toEqual([]);
    // The session is ended on the server, not only forgotten by the browser.
    const sessions = await w.t.api({ chain: 'sessions' });
    expect(sessions.body.response.sessions).toEqual([]);
    await page.goto(`${w.origin}/projects`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('returns to sign-in when the session is revoked mid-work, then back to the same page', async () => {
    const { page, context } = await w.newPage();
    await signIn(page, w.origin, 'alice', '/my-work');
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    const sessions = await w.t.api({ chain: 'sessions' });
    for (const session of sessions.body.response.sessions) await w.t.api({ chain: `sessions/${session.session_id}`, method: 'DELETE' });
    await page.getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(page.url()).toContain(`/signin?next=${encodeURIComponent('/projects')}`);
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill(USERS.alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/projects');
    await context.close();
  });

  it('counts wrong passwords toward the IP ban and shows the ban with when it ends', async () => {
    const { page, context } = await banned.newPage();
    await page.goto(`${banned.origin}/`);
    for (let i = 0; i < 2; i++) {
      await page.getByLabel('Username').fill('root');
      await page.getByLabel('Password').fill(`wrong ${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'attached' });
    }
    // Banned now: even the right password is refused, with the end of the ban in the page.
    await page.getByLabel('Username').fill('root');
    await page.getByLabel('Password').fill(USERS.root.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toMatch(/IP address banned.*blocked until \d/);
    const api = await banned.t.api({ chain: 'projects', ip: '127.0.0.1' });
    expect(api.status).toBe(403);
    await context.close();
  });

  it('loaded nothing from other sites', () => {
    expect([...w.foreign, ...banned.foreign]).toEqual([]);
  });
});
