import type { Kysely } from 'kysely';
import { onlyVisible, sessionVisible } from '../access/visibility.js';
import { insertReturningId } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import type { Caller } from '../engine/method.js';
import type { SessionRow } from './schemas.js';

const COLUMNS = ['sessions.id', 'sessions.admin_id', 'sessions.created', 'sessions.last_seen', 'sessions.idle_expires', 'sessions.expires', 'sessions.ip', 'sessions.user_agent'] as const;

/** The sessions the caller may see that have not ended by `now`. */
export function liveSessions(db: Kysely<Database>, caller: Caller, now: number) {
  const query = db.selectFrom('sessions').select(COLUMNS).where('sessions.idle_expires', '>', now).where('sessions.expires', '>', now);
  return onlyVisible(query, caller, (eb) => sessionVisible(eb, caller));
}

export async function insertSession(db: Kysely<Database>, row: Omit<SessionRow, 'id'> & { token_hash: string }): Promise<SessionRow> {
  const id = await insertReturningId(db, 'sessions', row, 'id');
  const { token_hash: _, ...record } = row;
  return { id, ...record };
}

export async function deleteSessionRow(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Sessions that have ended: nothing signs in with them any more, so their rows go. */
export async function deleteEndedSessions(db: Kysely<Database>, now: number): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('idle_expires', '<=', now), eb('expires', '<=', now)]))
    .execute();
}

/** Every session of one admin, ended or not (a password change, disabling or deletion signs them out everywhere). */
export async function deleteSessionsOf(db: Kysely<Database>, adminId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('admin_id', '=', adminId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
