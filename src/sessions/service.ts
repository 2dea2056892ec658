import { newSessionToken, clearedSessionCookie, sessionCookie, sessionTokenHash } from '../auth/session-tokens.js';
import { runList } from '../engine/lists.js';
import type { CallContext } from '../engine/method.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import type { SessionListParams } from './methods.js';
import { deleteEndedSessions, deleteSessionRow, insertSession, liveSessions } from './repository.js';
import { presentSession, sessionListSpec, type SessionRecord } from './schemas.js';

/**
 * Signs the caller in for a browser: a new session, its token in an HttpOnly cookie. Another site's
 * page may not do this (it could sign a visitor in as someone else); clients that are not browsers
 * send neither Origin nor Sec-Fetch-Site and may.
 */
export async function createSession(ctx: CallContext): Promise<SessionRecord> {
  if (ctx.http.site === 'cross') throw forbidden("A session can be created only from TeamPro's own pages or by a client that is not a browser");
  const { idleSeconds, maxSeconds } = ctx.config.session;
  await deleteEndedSessions(ctx.db, ctx.now);
  const token = newSessionToken();
  const row = await insertSession(ctx.db, {
    token_hash: sessionTokenHash(token),
    admin_id: ctx.caller.id,
    created: ctx.now,
    last_seen: ctx.now,
    idle_expires: ctx.now + idleSeconds,
    expires: ctx.now + maxSeconds,
    ip: ctx.http.ip.slice(0, 64),
    user_agent: ctx.http.userAgent.slice(0, 255),
  });
  ctx.http.setCookie(sessionCookie(token, maxSeconds, ctx.http.secure));
  return presentSession(row, row.id);
}

async function visibleSession(ctx: CallContext, id: number) {
  const row = await liveSessions(ctx.db, ctx.caller, ctx.now).where('sessions.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Session', id);
  return row;
}

/** Ends a session the caller may see (their own; a super admin's, anyone's). */
export async function deleteSession(ctx: CallContext, id: number): Promise<SessionRecord> {
  const row = await visibleSession(ctx, id);
  await deleteSessionRow(ctx.db, id);
  ctx.http.forgetSession(id);
  if (id === ctx.http.sessionId) ctx.http.setCookie(clearedSessionCookie(ctx.http.secure));
  return presentSession(row, ctx.http.sessionId);
}

/** Signs out: ends the session that signed this request in, and tells the browser to forget its cookie. */
export function deleteCurrentSession(ctx: CallContext): Promise<SessionRecord> {
  if (ctx.http.sessionId === null) throw badRequest('This request was not signed in by a session cookie: there is no current session to end');
  return deleteSession(ctx, ctx.http.sessionId);
}

export async function findSessions(ctx: CallContext, params: SessionListParams) {
  let query = liveSessions(ctx.db, ctx.caller, ctx.now);
  if (params.admin_id !== undefined) query = query.where('sessions.admin_id', '=', params.admin_id as number);
  const { rows, data } = await runList(query, sessionListSpec, params, ctx.settings);
  return { data, sessions: rows.map((row) => presentSession(row, ctx.http.sessionId)) };
}
