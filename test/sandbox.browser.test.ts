import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandbox } from '../scripts/build-sandbox.mjs';
import { md5 } from '../src/client/md5.js';
import { allMethods } from '../src/method-list.js';
import { createTestApp, USERS, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
// The committed screenshot in the docs is refreshed only on request (UPDATE_SCREENSHOTS=1), so a
// test run leaves the work tree as it found it.
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS ? 'docs/images/sandbox.png' : 'test-results/sandbox.png';

describe('the API sandbox in a browser', () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  let page: Page;
  let projectId: number;
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    await buildSandbox();
    t = await createTestApp(testDatabases()[0], { TEAMPRO_BAN_ALLOW: '127.0.0.1' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const created = await t.api({ chain: 'projects', method: 'POST', params: { name: 'Website relaunch', status: 'Active', billable: true, details: 'New CMS & design' } });
    projectId = created.body.response.project.project_id;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) foreignRequests.push(request.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens a method from the list and waits for its form. */
  const open = async (name: string) => {
    await page.click(`a[data-method="${name}"]`);
    await page.waitForSelector(`#method-panel h2:has-text("${name}")`);
  };
  const options = async (values: { style?: string; verb?: string; format?: string; auth?: string }) => {
    const all = { style: 'clean', verb: 'native', format: 'json', auth: 'params', ...values };
    for (const [key, value] of Object.entries(all)) await page.selectOption(`#opt-${key}`, value);
  };
  /** Sends the form and waits for the reply to be shown. */
  const sendAndWait = async () => {
    await page.click('#send');
    await page.waitForSelector('#result-panel:not([hidden]) #response-status');
    await page.waitForSelector('#send:not([disabled])');
    return (await page.textContent('#response-status')) ?? '';
  };

  it('serves the page at /sandbox from this server only, with a strict CSP', async () => {
    const response = await page.goto(`${origin}/sandbox`);
    expect(page.url()).toBe(`${origin}/sandbox/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.inputValue('#api-url')).toBe(`${origin}/api.php`);
    expect(await page.title()).toBe('TeamPro API Sandbox');
  });

  it('logs in, lists every method grouped by resource, and remembers the URL and user but not the password', async () => {
    await page.fill('#api-user', 'root');
    await page.fill('#api-password', 'wrong');
    await page.click('#connect');
    await page.waitForSelector('#login-status.status-error');
    expect(await page.textContent('#login-status')).toContain('401');
    await page.fill('#api-password', USERS.root.password);
    await page.click('#connect');
    await page.waitForSelector('#login-status.status-ok');
    expect(await page.locator('#method-list a[data-method]').count()).toBe(allMethods().length);
    const groups = await page.locator('#method-list .group > summary').allTextContents();
    expect(groups.map((g) => g.replace(/\d+$/, ''))).toEqual([...new Set(allMethods().map((m) => m.resource))]);
    const stored = await page.evaluate(() => ({ ...localStorage }));
    expect(stored['teampro.sandbox.url']).toBe(`${origin}/api.php`);
    expect(stored['teampro.sandbox.user']).toBe('root');
    expect(Object.values(stored).join(' ')).not.toContain(USERS.root.password);
    expect(stored['teampro.sandbox.md5']).toBeUndefined();
  });

  it('runs getProject in JSON: the URL sent, the status, raw and decoded reply, and the snippets', async () => {
    await open('getProject');
    await page.fill('#p-getProject-project_id', String(projectId));
    await options({ style: 'clean', format: 'json' });
    expect(await sendAndWait()).toContain('200');
    expect(await page.textContent('#request-line')).toContain(`/api.php/v1/projects/${projectId}/json?username=root&password=${md5(USERS.root.password)}`);
    expect(await page.textContent('[data-pane="reply-Decoded"]')).toContain('"Website relaunch"');
    await page.click('[data-tab="reply-Raw"]');
    expect(await page.textContent('[data-pane="reply-Raw"] pre')).toContain('"name": "Website relaunch"');
    expect(await page.textContent('[data-snippet="curl"]')).toContain(`curl -X GET '${origin}/api.php/v1/projects/${projectId}/json?`);
    expect(await page.textContent('[data-snippet="php"]')).toContain('json_decode(curl_exec($ch))');
    expect(await page.textContent('[data-snippet="typescript"]')).toContain(`await client.projects.get(${projectId})`);
    await page.click('[data-tab="reply-Decoded"]');
    await page.click('[data-tab="code-TypeScript"]');
    await page.evaluate(() => document.querySelector('.workspace')?.scrollTo(0, 0));
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
  });

  it('runs getProject in XML, through the rewritten URL and Basic credentials, decoding it with DOMParser', async () => {
    await open('getProject');
    await page.fill('#p-getProject-project_id', String(projectId));
    await options({ style: 'rewritten', format: 'xml', auth: 'basic' });
    expect(await sendAndWait()).toContain('200');
    expect(await page.textContent('#request-line')).toContain(`${origin}/api/v1/projects/${projectId}/xml`);
    expect(await page.textContent('#request-line')).not.toContain('password=');
    const decoded = await page.textContent('[data-pane="reply-Decoded"]');
    expect(decoded).toContain('wbteampro');
    expect(decoded).toContain('Website relaunch');
    await page.click('[data-tab="reply-Raw"]');
    expect(await page.textContent('[data-pane="reply-Raw"] pre')).toContain('<name>Website relaunch</name>');
    expect(await page.textContent('[data-snippet="php"]')).toContain('simplexml_load_string');
  });

  it('creates a project through the form, with the method override and the direct URL', async () => {
    await open('createProject');
    await page.fill('#p-createProject-name', 'Made in the sandbox');
    await page.selectOption('#p-createProject-status', 'In Production');
    await page.selectOption('#p-createProject-billable', 'true');
    await page.fill('#p-createProject-date_start', '2026-05-04T09:30');
    await page.fill('#p-createProject-details', 'A long\ndescription');
    await options({ style: 'direct', verb: 'override', format: 'json' });
    expect(await sendAndWait()).toContain('200');
    expect(await page.textContent('#request-line')).toContain(`${origin}/api.php?action=v1.projects.json&method=post`);
    expect(await page.textContent('#request-body')).toContain('"name":"Made in the sandbox"');
    const found = await t.api({ chain: 'projects', params: { q: 'Made in the sandbox' } });
    expect(found.body.response.projects[0]).toMatchObject({ status: 'In Production', billable: true, date_start: '2026-05-04T09:30:00Z', details: 'A long\ndescription' });
    expect(await page.textContent('[data-snippet="typescript"]')).toContain('await client.projects.create(');
  });

  it.runIf(allMethods().some((m) => m.name === 'createFile'))('uploads a file with createFile as multipart', async () => {
    await open('createFile');
    await page.fill('#p-createFile-project_id', String(projectId));
    await page.fill('#p-createFile-label', 'Specs');
    await page.setInputFiles('#p-createFile-file', { name: 'spec.txt', mimeType: 'text/plain', buffer: Buffer.from('The spec, version 1\n') });
    await options({ format: 'json' });
    expect(await sendAndWait()).toContain('200');
    expect(await page.textContent('#request-body')).toContain('part "file"; filename="spec.txt"');
    const files = await t.api({ chain: `projects/${projectId}/files` });
    expect(files.body.response.files).toContainEqual(expect.objectContaining({ name: 'spec.txt', size: 20, label: 'Specs' }));
    expect(await page.textContent('[data-snippet="curl"]')).toContain("-F 'file=@spec.txt'");
    const fileId = files.body.response.files.find((f: { name: string }) => f.name === 'spec.txt').file_id;
    await open('downloadFile');
    await page.fill('#p-downloadFile-file_id', String(fileId));
    expect(await sendAndWait()).toContain('200');
    expect(await page.textContent('[data-pane="reply-Decoded"]')).toContain('The spec, version 1');
    expect(await page.textContent('[data-snippet="typescript"]')).toContain(`await client.files.download(${fileId})`);
  });

  it('renders 4xx errors: a missing record and refused params', async () => {
    await open('getProject');
    await page.fill('#p-getProject-project_id', '999999');
    await options({ format: 'json' });
    expect(await sendAndWait()).toContain('404');
    expect(await page.textContent('.error-banner')).toContain('Project 999999 not found');
    await open('findProjects');
    await page.click('#method-panel details.extra summary');
    await page.fill('#p-findProjects-extra', '{"colour": "blue"}');
    await options({ format: 'xml' });
    expect(await sendAndWait()).toContain('400');
    const banner = await page.textContent('.error-banner');
    expect(banner).toContain('colour');
    expect(banner).toContain('is not a known parameter');
  });

  it('remembers only the MD5 of the password, and only when asked', async () => {
    await page.fill('#api-password', USERS.root.password);
    await page.check('#remember-password');
    await page.click('#connect');
    await page.waitForSelector('#login-status.status-ok');
    expect(await page.evaluate(() => localStorage.getItem('teampro.sandbox.md5'))).toBe(md5(USERS.root.password));
    await page.reload();
    expect(await page.getAttribute('#api-password', 'placeholder')).toBe('(remembered)');
    await page.click('#connect');
    await page.waitForSelector('#login-status.status-ok');
    await page.uncheck('#remember-password');
    expect(await page.evaluate(() => localStorage.getItem('teampro.sandbox.md5'))).toBeNull();
  });

  it('loaded nothing from anywhere but this server', () => {
    expect(foreignRequests).toEqual([]);
  });
});

describe('the sandbox switch', () => {
  it('answers 404 at /sandbox when TEAMPRO_SANDBOX is off', async () => {
    const t = await createTestApp(testDatabases()[0], { TEAMPRO_SANDBOX: 'off' });
    try {
      for (const url of ['/sandbox', '/sandbox/', '/sandbox/sandbox.js']) {
        const response = await t.app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(404);
      }
    } finally {
      await t.close();
    }
  });
});
