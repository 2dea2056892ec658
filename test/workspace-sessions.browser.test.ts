import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageScroll, shot, signIn, startWorkspace, type Workspace } from './helpers/workspace.js';

/** Waits for a condition the page reaches after a server round trip; generous, as CI runs other suites alongside. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

const HOSTILE = '<img src=x onerror=alert(1)>';
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

/**
 * The Sessions screen in Chromium, against one server: several browsers signed in as the same admin,
 * one signed out from another, all others signed out at once, a refusal shown, hostile user agents
 * shown as text; axe-core, 390 px and dark mode.
 */
describe('the workspace: sessions', { timeout: 90_000 }, () => {
  let w: Workspace;
  let page: Page;
  const dialogs: string[] = [];

  const rootSessions = async (): Promise<{ session_id: number; user_agent: string }[]> => (await w.t.ok({ chain: 'sessions', params: { admin_id: 'me' } })).sessions;
  const table = () => page.getByRole('table', { name: 'Your signed-in sessions' });
  const dataRows = () => table().locator('tbody tr');
  /** Another browser signed in as root, left on the project list. */
  const otherBrowser = async (userAgent?: string) => {
    const other = await w.newPage({ userAgent });
    other.page.on('dialog', (dialog) => (dialogs.push(dialog.message()), dialog.dismiss()));
    await signIn(other.page, w.origin);
    return other;
  };
  /** The other browser's next step lands on sign-in, its session being over. */
  const expectSignedOut = async (other: Page) => {
    await other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
    await other.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(other.url()).toContain(`/signin?next=${encodeURIComponent('/my-work')}`);
  };

  beforeAll(async () => {
    w = await startWorkspace();
    // Another admin's session, which root (a super admin, whose unfiltered list has everyone's) must not see here.
    expect((await w.t.api({ chain: 'sessions', method: 'POST', as: 'alice' })).status).toBe(200);
    ({ page } = await w.newPage());
    page.on('dialog', (dialog) => (dialogs.push(dialog.message()), dialog.dismiss()));
  });
  afterAll(() => w?.close());

  it('lists the admin’s own sessions, marks this browser, and signs another out by keyboard', async () => {
    const firefox = await otherBrowser(FIREFOX);
    await signIn(page, w.origin);
    await page.getByRole('banner').getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor();
    await eventually(() => dataRows().count()).toBe(2);
    expect(await page.title()).toBe('Sessions · TeamPro');
    const headers = await table().getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['Browser', 'Address', 'Signed in', 'Last seen', 'Ends if unused', 'Ends at the latest', 'Commands']);

    const mine = dataRows().filter({ hasText: 'This browser' });
    expect(await mine.count()).toBe(1);
    expect(await mine.getAttribute('aria-current')).toBe('true');
    expect(await mine.getByRole('button').count()).toBe(0);
    const theirs = dataRows().filter({ hasText: 'Firefox on Windows' });
    expect(await theirs.textContent()).toContain(FIREFOX);
    expect(await theirs.textContent()).toContain('127.0.0.1');
    await expectAccessible(page, 'sessions');
    await shot(page, 'workspace-sessions');

    // By keyboard: the row's button opens the confirmation on Cancel; Tab, Enter signs the other browser out.
    await theirs.getByRole('button', { name: /^Sign out Firefox on Windows at 127\.0\.0\.1/ }).press('Enter');
    const dialog = page.getByRole('alertdialog', { name: 'Sign out this session?' });
    await dialog.waitFor();
    await expectAccessible(page, 'sign-out confirmation');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => dataRows().count()).toBe(1);
    await page.getByText('Only this browser is signed in.').waitFor();
    expect(await page.getByRole('button', { name: 'Sign out all other sessions' }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Sessions table');
    expect((await rootSessions()).map((s) => s.user_agent)).not.toContain(FIREFOX);

    await expectSignedOut(firefox.page);
    await firefox.context.close();
  });

  it('signs out all other sessions at once, on every page of the list', async () => {
    const others = [await otherBrowser(), await otherBrowser()];
    // More than a page (50) of sessions, as clients other than browsers may make.
    for (let i = 0; i < 50; i++) expect((await w.t.api({ chain: 'sessions', method: 'POST' })).status).toBe(200);
    await page.reload();
    await eventually(() => dataRows().count()).toBe(50);
    await page.getByText('Page 1 of 2 · 53 sessions').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await eventually(() => dataRows().count()).toBe(3);
    expect(new URL(page.url()).search).toBe('?page=2');

    await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Sign out all other sessions?' });
    await dialog.getByRole('button', { name: 'Sign out all others' }).click();
    await page.getByText('Only this browser is signed in.').waitFor();
    // Page 2 is gone with them: the list shows its only page, at a plain address.
    await eventually(() => dataRows().count()).toBe(1);
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByRole('status').filter({ hasText: 'Signed out 52 other sessions.' }).count()).toBe(1);
    expect(await rootSessions()).toHaveLength(1);
    for (const other of others) {
      await expectSignedOut(other.page);
      await other.context.close();
    }
  });

  it('shows a user agent as text, and the server’s refusal in an alert', async () => {
    const hostile = await otherBrowser(HOSTILE);
    await page.reload();
    await eventually(() => dataRows().count()).toBe(2);
    const row = dataRows().filter({ hasText: HOSTILE });
    expect(await row.getByText('Unknown browser').count()).toBe(1);
    expect(await table().locator('img').count()).toBe(0);

    // Ended elsewhere after the list was read: the server refuses, says why, and the list catches up.
    const ended = (await rootSessions()).find((s) => s.user_agent === HOSTILE)!;
    expect((await w.t.api({ chain: `sessions/${ended.session_id}`, method: 'DELETE' })).status).toBe(200);
    await row.getByRole('button', { name: /^Sign out Unknown browser/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Sign out', exact: true }).click();
    await eventually(() => page.getByRole('alert').textContent()).toContain(`Session ${ended.session_id} not found`);
    await eventually(() => dataRows().count()).toBe(1);
    await expectAccessible(page, 'sessions with a refusal');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByRole('alert').count()).toBe(0);
    await expectSignedOut(hostile.page);
    await hostile.context.close();
  });

  it('works at 390 px and in dark mode, without a page scrollbar', async () => {
    for (const dark of [false, true]) {
      const small = await w.newPage({ width: 390, dark });
      await signIn(small.page, w.origin, 'root', '/sessions');
      await small.page.getByRole('table', { name: 'Your signed-in sessions' }).locator('tbody tr').nth(1).waitFor();
      await expectNoPageScroll(small.page, `sessions at 390 px${dark ? ', dark' : ''}`);
      await expectAccessible(small.page, `sessions at 390 px${dark ? ', dark' : ''}`);
      if (dark) await shot(small.page, 'workspace-sessions-390-dark');
      await small.page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
      await small.page.getByRole('button', { name: 'Sign in' }).waitFor();
      await small.context.close();
    }
  });

  it('ran no script from user text and loaded nothing from other sites', () => {
    expect(dialogs).toEqual([]);
    expect(w.foreign).toEqual([]);
  });
});
