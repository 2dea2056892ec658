import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../app-config.js';

/**
 * The workspace, TeamPro's web app (web/, built by scripts/build-web.mjs into dist/workspace): the HTML
 * shell at `/` and at every app path a browser navigates to, and its hashed assets under /assets/.
 * The path is taken from the package root, two levels up from this file from src/ (tsx, tests) and
 * from dist/ alike.
 */
const ROOT = new URL('../../', import.meta.url);
export const WEB_DIR = fileURLToPath(new URL('dist/workspace/', ROOT));
const SHELL = new URL('dist/workspace/index.html', ROOT);
const ASSETS = new URL('dist/workspace/assets/', ROOT);

/** The app loads nothing from anywhere but this server, and talks only to this server's API. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // React Aria positions popovers through style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Shown at `/` when the app is not built (tests run from source, or a build that failed). */
function unbuiltPage(config: AppConfig): string {
  const sandbox = config.sandbox ? '<li><a href="/sandbox">The API Developers Sandbox</a>: try every method in the browser</li>' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TeamPro</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color-scheme:light dark}code{font-size:.95em}</style>
</head><body><h1>TeamPro is running</h1>
<p>The workspace is not built: run <code>npm run build</code>.</p>
<ul>${sandbox}
<li>The Remote API: <code>/api/v1/projects/json?username=…&amp;password=…</code> (the MD5 of the password)</li>
<li><a href="/openapi.json">The OpenAPI document</a> of every method</li>
<li><a href="/health">Health</a> for load balancers</li></ul>
</body></html>`;
}

/** Paths that belong to the server, not the app: an unknown one keeps its 404 envelope. */
function reservedPrefixes(config: AppConfig): string[] {
  return ['/api', '/sandbox', '/health', '/openapi', '/assets/', '/favicon', ...(config.legacyPrefix ? [config.legacyPrefix] : [])];
}

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

/** Registers `/`, the app's paths and /assets/. Works without a build: `/` then says how to build. */
export async function registerWebApp(app: FastifyInstance, config: AppConfig): Promise<void> {
  const fallback = unbuiltPage(config);
  const reserved = reservedPrefixes(config);

  const sendShell = async (reply: FastifyReply) => {
    let body: string;
    try {
      body = await readFile(SHELL, 'utf8');
    } catch {
      body = fallback;
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', CSP)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'same-origin')
      .send(body);
  };

  app.get('/', (_request, reply) => sendShell(reply));
  // A browser navigating to an app URL (a reload of /projects/42/actions, a shared link) gets the
  // shell, which routes on the client; anything else that matches no route keeps the API's 404.
  app.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    if (!wantsHtml(request) || reserved.some((prefix) => path.startsWith(prefix))) return reply.callNotFound();
    return sendShell(reply);
  });

  if (existsSync(ASSETS)) {
    await app.register(fastifyStatic, {
      root: fileURLToPath(ASSETS),
      prefix: '/assets/',
      // Names carry a content hash: a changed file is a new name, so a year and immutable is safe.
      maxAge: '365d',
      immutable: true,
      preCompressed: true,
      index: false,
      list: false,
      dotfiles: 'deny',
      setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
    });
  }
}
