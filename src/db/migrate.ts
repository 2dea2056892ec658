import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/0001_initial.js';
import * as actionSiblings from './migrations/0002_action_siblings.js';
import * as loginFailures from './migrations/0003_login_failures.js';
import * as adminNames from './migrations/0004_admin_names.js';
import * as elapsedRollup from './migrations/0005_elapsed_rollup.js';
import * as sessions from './migrations/0006_sessions.js';
import * as flatCosts from './migrations/0007_flat_costs.js';
import * as recurrences from './migrations/0008_recurrences.js';
import type { Database } from './types.js';

/** Migrations are imported, not read from disk, so the built and the test code run the same list. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_action_siblings': actionSiblings,
  '0003_login_failures': loginFailures,
  '0004_admin_names': adminNames,
  '0005_elapsed_rollup': elapsedRollup,
  '0006_sessions': sessions,
  '0007_flat_costs': flatCosts,
  '0008_recurrences': recurrences,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

const migrator = (db: Kysely<Database>) =>
  new Migrator({ db, provider, migrationTableName: 'teampro_migrations', migrationLockTableName: 'teampro_migrations_lock' });

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Up to and including migration `name` (the benchmark seeds rows as an older schema held them, then migrates). */
export async function migrateUpTo(db: Kysely<Database>, name: string): Promise<void> {
  const { error } = await migrator(db).migrateTo(name);
  if (error) throw error;
}
