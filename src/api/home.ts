import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../app-config.js';

/** TeamPro's mark, a check in a rounded square: small enough to inline, and no file to find at run time. */
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2457c5"/><path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

function homePage(config: AppConfig): string {
  const sandbox = config.sandbox ? '<li><a href="/sandbox">The API Developers Sandbox</a>: try every method in the browser</li>' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TeamPro</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color-scheme:light dark}code{font-size:.95em}</style>
</head><body><h1>TeamPro is running</h1>
<ul>${sandbox}
<li>The Remote API: <code>/api/v1/projects/json?username=…&amp;password=…</code> (the MD5 of the password)</li>
<li><a href="/openapi.json">The OpenAPI document</a> of every method</li>
<li><a href="/health">Health</a> for load balancers</li></ul>
</body></html>`;
}

/**
 * `/` says what this server is and where to go from here (it answered a bare 404 before), and the
 * icon browsers ask for is served rather than logged as a 404 on every visit.
 */
export function registerHome(app: FastifyInstance, config: AppConfig) {
  const page = homePage(config);
  app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page));
  for (const url of ['/favicon.ico', '/favicon.svg']) {
    app.get(url, (_request, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(ICON));
  }
}
