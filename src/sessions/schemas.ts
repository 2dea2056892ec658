import { Type, type Static } from '@sinclair/typebox';
import type { ListSpec } from '../engine/lists.js';
import { IsoTime } from '../engine/records.js';
import { toIso } from '../engine/time.js';
import { AdminFilter, Id } from '../engine/types.js';

/** A browser session as the API shows it: never its token, which only the browser holds. */
export const SessionRecord = Type.Object({
  session_id: Id('Session id'),
  admin_id: Id('The admin the session signs in'),
  created: IsoTime('When the admin signed in'),
  last_seen: IsoTime('Its last request (kept to the minute)'),
  idle_expires: IsoTime('When it ends unless used before'),
  expires: IsoTime('When it ends however much it is used'),
  ip: Type.String({ description: 'The address it signed in from' }),
  user_agent: Type.String({ description: 'The browser it signed in from (its User-Agent, cut to 255 characters)' }),
  current: Type.Boolean({ description: 'Whether this request was signed in by this session' }),
});
export type SessionRecord = Static<typeof SessionRecord>;

export const sessionFilters = {
  admin_id: AdminFilter("Only this admin's sessions (an admin other than a super admin sees only their own)"),
};

export const sessionListSpec: ListSpec = {
  idColumn: 'sessions.id',
  sortable: { session_id: 'sessions.id', created: 'sessions.created', last_seen: 'sessions.last_seen' },
  searchColumns: ['sessions.ip', 'sessions.user_agent'],
};

export interface SessionRow {
  id: number;
  admin_id: number;
  created: number;
  last_seen: number;
  idle_expires: number;
  expires: number;
  ip: string;
  user_agent: string;
}

export function presentSession(row: SessionRow, currentId: number | null): SessionRecord {
  return {
    session_id: row.id,
    admin_id: row.admin_id,
    created: toIso(row.created),
    last_seen: toIso(row.last_seen),
    idle_expires: toIso(row.idle_expires),
    expires: toIso(row.expires),
    ip: row.ip,
    user_agent: row.user_agent,
    current: row.id === currentId,
  };
}
