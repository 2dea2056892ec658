import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';

/** Admins with their role's name and access; every admin may see every other (no e-mail, no hash). */
export function adminsWithRoles(db: Kysely<Database>) {
  return db
    .selectFrom('admins')
    .leftJoin('roles', 'roles.id', 'admins.role_id')
    .select(['admins.id', 'admins.username', 'admins.name', 'admins.disabled', 'roles.name as role', 'roles.access']);
}
