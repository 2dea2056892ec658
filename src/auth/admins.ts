import type { Kysely } from 'kysely';
import { insertReturningId } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { hashPasswordMd5, md5, randomPassword } from './password.js';

export type Access = 'super' | 'admin' | 'none';

export interface AdminWithAccess {
  id: number;
  username: string;
  password_hash: string;
  disabled: number;
  access: Access | null;
}

export function findAdminForLogin(db: Kysely<Database>, username: string): Promise<AdminWithAccess | undefined> {
  return db
    .selectFrom('admins')
    .leftJoin('roles', 'roles.id', 'admins.role_id')
    .select(['admins.id', 'admins.username', 'admins.password_hash', 'admins.disabled', 'roles.access'])
    .where('admins.username', '=', username)
    .executeTakeFirst();
}

export async function listAdmins(db: Kysely<Database>) {
  return db
    .selectFrom('admins')
    .leftJoin('roles', 'roles.id', 'admins.role_id')
    .select(['admins.id', 'admins.username', 'admins.name', 'admins.email', 'admins.disabled', 'roles.name as role', 'roles.access'])
    .orderBy('admins.id')
    .execute();
}

export async function createRole(db: Kysely<Database>, name: string, access: Access): Promise<number> {
  return insertReturningId(db, 'roles', { name, access }, 'id');
}

export async function findRole(db: Kysely<Database>, name: string) {
  return db.selectFrom('roles').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Every role with the number of admins holding it. */
export async function listRoles(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('roles')
    .leftJoin('admins', 'admins.role_id', 'roles.id')
    .select(['roles.id', 'roles.name', 'roles.access', (eb) => eb.fn.count<number>('admins.id').as('admins')])
    .groupBy(['roles.id', 'roles.name', 'roles.access'])
    .orderBy('roles.id')
    .execute();
  return rows.map((row) => ({ ...row, admins: Number(row.admins) }));
}

/** Changes what a role grants; logins read the role on every request, so it applies at once. */
export async function setRoleAccess(db: Kysely<Database>, name: string, access: Access): Promise<boolean> {
  const result = await db.updateTable('roles').set({ access }).where('name', '=', name).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function createAdmin(
  db: Kysely<Database>,
  input: { username: string; password: string; roleId: number | null; email?: string; name?: string },
  now: number,
): Promise<number> {
  const password_hash = await hashPasswordMd5(md5(input.password));
  return insertReturningId(
    db,
    'admins',
    { username: input.username, name: input.name ?? '', password_hash, role_id: input.roleId, disabled: 0, email: input.email ?? '', created: now, modified: now },
    'id',
  );
}

export async function updateAdmin(
  db: Kysely<Database>,
  username: string,
  changes: { password?: string; disabled?: boolean; roleId?: number | null; name?: string },
  now: number,
): Promise<boolean> {
  const set: Record<string, unknown> = { modified: now };
  if (changes.password !== undefined) set.password_hash = await hashPasswordMd5(md5(changes.password));
  if (changes.disabled !== undefined) set.disabled = changes.disabled ? 1 : 0;
  if (changes.roleId !== undefined) set.role_id = changes.roleId;
  if (changes.name !== undefined) set.name = changes.name;
  const result = await db.updateTable('admins').set(set).where('username', '=', username).executeTakeFirst();
  const updated = Number(result.numUpdatedRows) > 0;
  // A new password or disabling signs the admin out of every browser (a stolen session ends with the password).
  if (updated && (changes.password !== undefined || changes.disabled === true)) await endSessionsOf(db, username);
  return updated;
}

async function endSessionsOf(db: Kysely<Database>, username: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('admin_id', 'in', (eb) => eb.selectFrom('admins').select('id').where('username', '=', username))
    .execute();
}

/**
 * Deletes an admin and their sessions. Records that name their id (projects, actions, time logs) keep
 * it, as wbTeamPro keeps ids of admins WHMCS has deleted; lists show the bare id.
 */
export async function deleteAdmin(db: Kysely<Database>, username: string): Promise<boolean> {
  await endSessionsOf(db, username);
  const result = await db.deleteFrom('admins').where('username', '=', username).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * On first start with no admin at all: a super-admin role and one admin, from the given
 * credentials or with a random password that the caller prints once.
 */
export async function ensureInitialAdmin(
  db: Kysely<Database>,
  credentials: { username: string | null; password: string | null },
  now: number,
): Promise<{ username: string; password: string | null } | null> {
  const existing = await db.selectFrom('admins').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  const role = (await findRole(db, 'Super Admin'))?.id ?? (await createRole(db, 'Super Admin', 'super'));
  if (!(await findRole(db, 'Admin'))) await createRole(db, 'Admin', 'admin');
  const username = credentials.username ?? 'admin';
  const generated = credentials.password ? null : randomPassword();
  await createAdmin(db, { username, password: credentials.password ?? generated!, roleId: role }, now);
  return { username, password: generated };
}
