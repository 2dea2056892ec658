import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_STAMP, buildIsStale } from '../scripts/build-if-stale.mjs';
import { createTestApp, type TestApp } from './helpers/app.js';
import { testDatabases } from './helpers/databases.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the pages around the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(testDatabases()[0]);
  });
  afterAll(() => t.close());

  it('/ serves the workspace, whose page also points to the sandbox, OpenAPI and health', async () => {
    const reply = await t.app.inject({ url: '/' });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('text/html');
    for (const link of ['href="/sandbox"', 'href="/openapi.json"', 'href="/health"']) expect(reply.body).toContain(link);
  });

  it('serves the icon browsers ask for', async () => {
    for (const url of ['/favicon.ico', '/favicon.svg']) {
      const reply = await t.app.inject({ url });
      expect(reply.statusCode, url).toBe(200);
      expect(reply.body).toContain('<svg');
    }
  });

  it('leaves unknown API paths to the API envelope', async () => {
    const reply = await t.api({ chain: 'nothing' });
    expect(reply.status).toBe(404);
    expect(reply.body.request.code).toBe(404);
  });
});

describe('npm start builds only when the sources changed', () => {
  const source = path.join(ROOT, 'src', 'main.ts');
  let original: fs.Stats;
  let stamp: { text: string; stats: fs.Stats } | null;
  beforeAll(() => {
    original = fs.statSync(source);
    stamp = fs.existsSync(BUILD_STAMP) ? { text: fs.readFileSync(BUILD_STAMP, 'utf8'), stats: fs.statSync(BUILD_STAMP) } : null;
  });
  afterAll(() => {
    fs.utimesSync(source, original.atime, original.mtime);
    if (!stamp) return fs.rmSync(BUILD_STAMP, { force: true });
    fs.writeFileSync(BUILD_STAMP, stamp.text);
    fs.utimesSync(BUILD_STAMP, stamp.stats.atime, stamp.stats.mtime);
  });

  it('is stale without a stamp or after a source changes, and fresh once stamped', () => {
    if (!fs.existsSync(BUILD_STAMP)) expect(buildIsStale()).toBe(true);
    fs.mkdirSync(path.dirname(BUILD_STAMP), { recursive: true });
    const stampedAt = new Date(Date.now() + 60_000);
    fs.writeFileSync(BUILD_STAMP, 'test\n');
    fs.utimesSync(source, original.atime, original.mtime);
    fs.utimesSync(BUILD_STAMP, stampedAt, stampedAt);
    expect(buildIsStale()).toBe(false);
    const edited = new Date(stampedAt.getTime() + 1_000);
    fs.utimesSync(source, edited, edited);
    expect(buildIsStale()).toBe(true);
  });
});

describe('the docs', () => {
  const markdown = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).map((f) => path.join('docs', f))]
    .filter((file) => file.endsWith('.md'));
  const sources = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join('src', f));

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
  const anchorsOf = (text: string) =>
    new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')));

  it('cite only documents the repository has: no "SPEC"', () => {
    for (const file of [...markdown, ...sources]) expect(fs.readFileSync(path.join(ROOT, file), 'utf8'), file).not.toMatch(/\bSPEC\b/);
  });

  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of markdown) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [relative, anchor] = target.split('#');
        const linked = relative ? path.join(path.dirname(path.join(ROOT, file)), relative) : path.join(ROOT, file);
        if (!fs.existsSync(linked)) broken.push(`${file}: ${target}`);
        else if (anchor && linked.endsWith('.md') && !anchorsOf(fs.readFileSync(linked, 'utf8')).has(anchor)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
