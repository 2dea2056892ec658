import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createTestApp, USERS, type TestApp, type UserName } from './app.js';
import { testDatabases } from './databases.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Screenshots go to the docs only on request (UPDATE_SCREENSHOTS=1), so a test run leaves the work tree as it was. */
export const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/images' : 'test-results/workspace';

export interface PageOptions {
  width?: number;
  dark?: boolean;
  storageState?: BrowserContextOptions['storageState'];
  /** The User-Agent the browser sends (Chromium's own when not given). */
  userAgent?: string;
}

export interface Workspace {
  t: TestApp;
  origin: string;
  browser: Browser;
  /** Requests the pages made to anywhere but this server. */
  foreign: string[];
  newPage(options?: PageOptions): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** One server (SQLite) listening on a free port, and one Chromium, for a test file; the workspace is built by the global setup. */
export async function startWorkspace(env: Record<string, string> = {}): Promise<Workspace> {
  const t = await createTestApp(testDatabases()[0], { TEAMPRO_BAN_ALLOW: '127.0.0.1', ...env });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const foreign: string[] = [];
  mkdirSync(SHOTS, { recursive: true });
  return {
    t,
    origin,
    browser,
    foreign,
    async newPage({ width = 1280, dark = false, storageState, userAgent }: PageOptions = {}) {
      // bypassCSP lets the test inject axe-core; the app itself runs under its CSP in every other respect.
      const context = await browser.newContext({ viewport: { width, height: 860 }, colorScheme: dark ? 'dark' : 'light', bypassCSP: true, locale: 'en-GB', timezoneId: 'UTC', storageState, userAgent });
      const page = await context.newPage();
      page.on('request', (request) => {
        if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) foreign.push(request.url());
      });
      return { context, page };
    },
    async close() {
      await browser?.close();
      await t?.close();
    },
  };
}

/** Signs in through the page and waits for the project list. */
export async function signIn(page: Page, origin: string, user: UserName = 'root', path = '/') {
  await page.goto(`${origin}${path}`);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(USERS[user].password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page, what: string) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  expect(violations, what).toEqual([]);
}

/** No horizontal scroll of the page itself (wide content scrolls inside its own box). */
export async function expectNoPageScroll(page: Page, what: string) {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 1 && !(e.parentElement?.closest('.table-wrap, .tree-scroll, .gantt-scroll, .tabs')));
    return { by: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`) };
  });
  expect(overflow, what).toEqual({ by: 0, wide: [] });
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}
