import type { Command } from 'commander';
import { withDatabase, type CliContext } from './context.js';
import { print } from './output.js';

export function registerMigrate(program: Command, context: CliContext): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (the server and every command also do this on start)')
    .addHelpText('after', '\nThe database is DATABASE_URL (default: SQLite under TEAMPRO_DATA_DIR).\n\nExample:\n  DATABASE_URL=postgres://teampro@db/teampro teampro migrate')
    .action(async () => {
      const applied = await withDatabase(context, async (database) => database.applied);
      if (applied.length === 0) return print('The database is up to date; no migration to apply');
      for (const name of applied) print(`Applied migration ${name}`);
    });
}
