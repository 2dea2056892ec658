import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_OUT } from '../scripts/build-web.mjs';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** How the server serves the workspace (built by the global setup into dist/workspace). */
describe('serving the workspace', () => {
  let t: TestApp;
  let script: string;
  beforeAll(async () => {
    t = await createTestApp(testDatabases()[0]);
    script = fs.readdirSync(path.join(WEB_OUT, 'assets')).find((name) => /^index-.*\.js$/.test(name))!;
  });
  afterAll(() => t.close());

  it('serves the shell at / with no-cache, a strict CSP and the way to the API pages', async () => {
    const reply = await t.app.inject({ url: '/', headers: HTML });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-cache');
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(reply.body).toContain('<div id="root"></div>');
    expect(reply.body).toContain(`/assets/${script}`);
    // Nothing in the shell comes from another site.
    expect(reply.body).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('answers every app path a browser navigates to with the shell', async () => {
    for (const url of ['/projects', '/projects/42/actions', '/my-work?x=1', '/signin?next=%2Fprojects']) {
      const reply = await t.app.inject({ url, headers: HTML });
      expect(reply.statusCode, url).toBe(200);
      expect(reply.body, url).toContain('<div id="root"></div>');
    }
  });

  it('serves hashed assets for a year, immutable, brotli or gzip as the browser takes them', async () => {
    const br = await t.app.inject({ url: `/assets/${script}`, headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toContain('javascript');
    const gzip = await t.app.inject({ url: `/assets/${script}`, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await t.app.inject({ url: `/assets/${script}` });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(br.rawPayload.length);
  });

  it('keeps the API envelope for unknown API paths and assets, even from a browser', async () => {
    for (const url of ['/api/v1/nothing/json', '/api.php/v1/nothing', '/api', '/apixyz', '/modules/addons/wbteampro/nothing', '/assets/missing.js', '/sandbox/nothing']) {
      const reply = await t.app.inject({ url, headers: HTML });
      // Unauthenticated API chains meet the login check first (401), as before; the rest are 404s.
      expect(reply.statusCode, url).toBe(url.startsWith('/api/') || url.startsWith('/api.php/') ? 401 : 404);
      expect(reply.json().request.code, url).toBe(reply.statusCode);
    }
    // And for anything that is not a browser navigation, as before.
    const other = await t.app.inject({ url: '/elsewhere' });
    expect(other.statusCode).toBe(404);
    expect(other.json().request.message).toMatch(/No such endpoint/);
    const post = await t.app.inject({ method: 'POST', url: '/projects', headers: HTML });
    expect(post.statusCode).toBe(404);
  });

  it('leaves the sandbox, OpenAPI, health and the API as they were', async () => {
    expect((await t.app.inject({ url: '/openapi.json' })).json().openapi).toMatch(/^3\.1/);
    expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/sandbox', headers: HTML })).statusCode).toBe(302);
    expect((await t.api({ chain: 'projects' })).status).toBe(200);
  });
});
