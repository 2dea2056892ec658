import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The API Developers Sandbox: a static page, its stylesheet and its script, all in src/sandbox/web;
 * scripts/build-sandbox.mjs compiles the script into dist/sandbox/web and copies the page and the
 * stylesheet beside it. The path is taken from the package root, which is two levels up from this
 * file whether it runs from src/ (tsx, tests) or from dist/.
 */
const ROOT = new URL('../../', import.meta.url);

const ASSETS: Record<string, { file: URL; type: string }> = {
  '': { file: new URL('dist/sandbox/web/index.html', ROOT), type: 'text/html; charset=utf-8' },
  'sandbox.css': { file: new URL('dist/sandbox/web/sandbox.css', ROOT), type: 'text/css; charset=utf-8' },
  'sandbox.js': { file: new URL('dist/sandbox/web/sandbox.js', ROOT), type: 'text/javascript; charset=utf-8' },
};

// The page loads nothing from anywhere but this server; it may call whichever API URL the user enters.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  'connect-src *',
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

async function sendAsset(reply: FastifyReply, name: string) {
  const asset = ASSETS[name];
  let body: Buffer;
  try {
    body = await readFile(asset.file);
  } catch {
    const hint = 'The sandbox is not built: run "npm run build".';
    return reply.code(503).type('text/plain; charset=utf-8').send(hint);
  }
  return reply
    .type(asset.type)
    .header('Content-Security-Policy', CSP)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'no-cache')
    .send(body);
}

/** Registers /sandbox (the page) and its two assets. Not called at all when config.sandbox is off (404). */
export function registerSandbox(app: FastifyInstance): void {
  // A relative redirect to the directory form, so the page's relative asset URLs work behind a path prefix too.
  app.get('/sandbox', (_request, reply) => reply.redirect('sandbox/', 302));
  app.get('/sandbox/', (_request, reply) => sendAsset(reply, ''));
  app.get('/sandbox/sandbox.css', (_request, reply) => sendAsset(reply, 'sandbox.css'));
  app.get('/sandbox/sandbox.js', (_request, reply) => sendAsset(reply, 'sandbox.js'));
}
