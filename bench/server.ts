import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createAdmin, createRole } from '../src/auth/admins.js';
import { openDatabase } from '../src/db/connect.js';
import type { Database } from '../src/db/types.js';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.js';
import { start } from './measure.js';

/** A migrated SQLite database in `dir` with one super admin, filled by `fill` if given; its URL. */
export async function preparedSqlite(dir: string, admin: { username: string; password: string }, fill?: (db: Kysely<Database>) => Promise<void>): Promise<string> {
  const url = `sqlite://${path.join(dir, 'teampro.db')}`;
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  const role = await createRole(handle.db, 'Super Admin', 'super');
  await createAdmin(handle.db, { ...admin, roleId: role }, 1);
  if (fill) await fill(handle.db);
  await handle.destroy();
  return url;
}

/** The built server (dist/main.js) in a child process, once it says where it listens. */
export function startBuilt(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return start(['dist/main.js'], env);
}
