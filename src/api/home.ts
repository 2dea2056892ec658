import type { FastifyInstance } from 'fastify';

/** TeamPro's mark, a check in a rounded square: small enough to inline, and no file to find at run time. */
export const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2457c5"/><path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/**
 * The icon browsers ask for, served rather than logged as a 404 on every visit. `/` itself is the
 * workspace's shell (src/web/route.ts).
 */
export function registerIcon(app: FastifyInstance) {
  for (const url of ['/favicon.ico', '/favicon.svg']) {
    app.get(url, (_request, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(ICON));
  }
}
