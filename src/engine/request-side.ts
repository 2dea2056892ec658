import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionAuthenticator } from '../auth/session-auth.js';
import { requestSite, type RequestSite } from '../auth/site.js';
import type { RequestSide } from './method.js';

/** This server's origin as the request names it (through a trusted proxy, the one the browser used). */
export const ownOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export const siteOf = (request: FastifyRequest): RequestSite => requestSite(request.headers, ownOrigin(request));

/** The HTTP exchange as a method sees it; cookies set wait for the call to succeed. */
export class HttpRequestSide implements RequestSide {
  private cookies: string[] | null = null;

  constructor(
    private readonly request: FastifyRequest,
    private readonly sessions: SessionAuthenticator,
    readonly sessionId: number | null,
  ) {}

  get ip() {
    return this.request.ip;
  }

  get userAgent() {
    return this.request.headers['user-agent'] ?? '';
  }

  get secure() {
    return this.request.protocol === 'https';
  }

  get site() {
    return siteOf(this.request);
  }

  setCookie(value: string) {
    (this.cookies ??= []).push(value);
  }

  forgetSession(id: number) {
    this.sessions.forget(id);
  }

  /** Puts the cookies the call set on its reply. */
  applyTo(reply: FastifyReply) {
    if (this.cookies) reply.header('set-cookie', this.cookies);
  }
}
