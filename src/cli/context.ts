import type { Kysely } from 'kysely';
import type { AppConfig } from '../app-config.js';
import type { DialectName } from '../db/dialect-name.js';
import type { Database } from '../db/types.js';

/** What the entry point hands to every command group. */
export interface CliContext {
  /** The process configuration, read from the environment once (on first use, so `--help` works with a broken env). */
  config(): AppConfig;
  /** The environment, for the few settings outside AppConfig (TEAMPRO_WORKERS). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Migrations this run applied (usually none). */
  readonly applied: readonly string[];
}

/**
 * Opens the configured database, migrates it to the latest schema (so a command never meets an
 * old one), runs `work`, and closes the pool whatever happens, so the process can exit.
 */
export async function withDatabase<T>(context: CliContext, work: (database: OpenDatabase) => Promise<T>): Promise<T> {
  // Loaded here, not at the top: `--help` and the API commands never load a database driver.
  const [{ openDatabase }, { migrateToLatest }] = await Promise.all([import('../db/connect.js'), import('../db/migrate.js')]);
  const handle = openDatabase(context.config().databaseUrl);
  try {
    const applied = await migrateToLatest(handle.db);
    return await work({ db: handle.db, dialect: handle.dialect, applied });
  } finally {
    await handle.destroy();
  }
}
