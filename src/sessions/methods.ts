import type { Static } from '@sinclair/typebox';
import { listParams } from '../engine/lists.js';
import { defineMethod } from '../engine/method.js';
import { listReply, singleReply } from '../engine/records.js';
import { Id, Params } from '../engine/types.js';
import { SessionRecord, sessionFilters, sessionListSpec } from './schemas.js';
import * as service from './service.js';

const listSchema = listParams(sessionFilters, sessionListSpec);
export type SessionListParams = Static<typeof listSchema>;
const sessionReply = singleReply('session', SessionRecord);

export const createSession = defineMethod({
  name: 'createSession',
  resource: 'sessions',
  chain: 'sessions',
  http: 'POST',
  description:
    'Sign in a browser: sent with username and password like any call, it answers the new Session and sets the teampro_session cookie (HttpOnly, SameSite=Lax), which then signs requests in instead of username and password',
  params: Params({}),
  reply: sessionReply,
  run: async (ctx) => ({ session: await service.createSession(ctx) }),
});

export const findSessions = defineMethod({
  name: 'findSessions',
  resource: 'sessions',
  chain: 'sessions',
  http: 'GET',
  description: "Return a Session List: the caller's sessions that have not ended (a super admin's: everyone's)",
  params: listSchema,
  reply: listReply('sessions', SessionRecord),
  tx: 'read',
  run: (ctx, params) => service.findSessions(ctx, params),
});

export const deleteCurrentSession = defineMethod({
  name: 'deleteCurrentSession',
  resource: 'sessions',
  chain: 'sessions/current',
  http: 'DELETE',
  description: 'Sign out: end the session whose cookie signed this request in, and clear the cookie',
  params: Params({}),
  reply: sessionReply,
  run: async (ctx) => ({ session: await service.deleteCurrentSession(ctx) }),
});

export const deleteSession = defineMethod({
  name: 'deleteSession',
  resource: 'sessions',
  chain: 'sessions/{session_id}',
  http: 'DELETE',
  description: 'End a Session (revoke it): one of the caller\'s own, or anyone\'s for a super admin',
  params: Params({ session_id: Id('Session id') }, ['session_id']),
  reply: sessionReply,
  run: async (ctx, params) => ({ session: await service.deleteSession(ctx, params.session_id) }),
});

export const sessionMethods = [createSession, findSessions, deleteCurrentSession, deleteSession];
