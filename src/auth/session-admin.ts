import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';

/** Every session that has not ended, with its admin's username, for `teampro sessions list`. */
export function listLiveSessions(db: Kysely<Database>, now: number) {
  return db
    .selectFrom('sessions')
    .leftJoin('admins', 'admins.id', 'sessions.admin_id')
    .select(['sessions.id', 'sessions.admin_id', 'admins.username', 'sessions.created', 'sessions.last_seen', 'sessions.idle_expires', 'sessions.expires', 'sessions.ip', 'sessions.user_agent'])
    .where('sessions.idle_expires', '>', now)
    .where('sessions.expires', '>', now)
    .orderBy('sessions.id')
    .execute();
}

/** Ends one session by id; false when there is none. */
export async function revokeSession(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of the admin with this username; how many there were, or null without such an admin. */
export async function revokeSessionsOf(db: Kysely<Database>, username: string): Promise<number | null> {
  const admin = await db.selectFrom('admins').select('id').where('username', '=', username).executeTakeFirst();
  if (!admin) return null;
  const result = await db.deleteFrom('sessions').where('admin_id', '=', admin.id).executeTakeFirst();
  return Number(result.numDeletedRows);
}
