import type { Command } from 'commander';
import { nowSeconds } from '../engine/time.js';
import { withDatabase, type CliContext } from './context.js';
import { note, print, usageError } from './output.js';
import { MIN_PASSWORD_LENGTH } from './password-input.js';
import { progressBar } from './progress.js';

function summary(counts: Readonly<Record<string, number>>): string {
  const n = (key: string) => counts[key] ?? 0;
  return (
    `Loaded the demo data: ${n('projects')} projects with ${n('actions')} actions, ${n('threads')} topic threads (${n('posts')} posts), ` +
    `${n('files')} files, ${n('tickets')} tickets in ${n('departments')} departments (${n('links')} linked to projects), ` +
    `${n('timelogs')} time logs, ${n('admins')} admins`
  );
}

export function registerDemo(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('load a realistic demo data set (team, roles, 8 projects with action trees, topics, files, tickets, time logs)')
    .option('--password <password>', 'one password for every demo admin (default: a random one each, printed once)')
    .addHelpText(
      'after',
      '\nIt loads into the configured database in one transaction and refuses to run twice.\n' +
        'When the database has no admin yet it also creates the first super admin, as the server does on first start.\n\n' +
        'Example:\n  TEAMPRO_DATA_DIR=./demo-data teampro demo && TEAMPRO_DATA_DIR=./demo-data teampro serve',
    )
    .action(async (options: { password?: string }) => {
      if (options.password !== undefined && options.password.length < MIN_PASSWORD_LENGTH) {
        throw usageError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
      }
      // Demo passwords are printed below, so taking one on the command line reveals nothing new.
      const config = context.config();
      const [{ blobStoreFor }, { loadDemo }] = await Promise.all([import('../files/blob-stores.js'), import('../demo/load.js')]);
      const blobs = await blobStoreFor(config);
      const bar = await progressBar('Loading demo data');
      const result = await withDatabase(context, ({ db }) =>
        loadDemo(db, blobs, {
          now: nowSeconds(),
          password: options.password,
          initialAdmin: { username: config.adminUser, password: config.adminPassword },
          onStep: (done, total) => bar.update(done, total),
        }),
      ).finally(() => bar.stop());
      print(summary(result.counts));
      if (config.whmcsDatabaseUrl) note('WHMCS_DATABASE_URL is set: the API reads tickets from that WHMCS database, not the demo tickets.');
      if (result.initialAdmin) {
        const shown = result.initialAdmin.password ?? '(from TEAMPRO_ADMIN_PASSWORD)';
        print(`Created super admin "${result.initialAdmin.username}" with password: ${shown}`);
      }
      print(`Demo admins (password${options.password ? ' as given' : 's shown once'}):`);
      for (const { username, password } of result.credentials) print(`  ${username.padEnd(8)} ${options.password ? '' : password}`.trimEnd());
    });
}
