import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, type AppConfig } from '../app-config.js';
import { registerAdmin } from './admin.js';
import { API_ENVIRONMENT_HELP, registerApiCommands } from './api/index.js';
import { registerBans } from './bans.js';
import { registerSessions } from './sessions.js';
import { registerConfig } from './config.js';
import type { CliContext } from './context.js';
import { registerDemo } from './demo.js';
import { registerFiles } from './files.js';
import { registerMigrate } from './migrate.js';
import { CliError, describeError } from './output.js';
import { registerRole } from './role.js';
import { registerServe } from './serve.js';
import { registerTickets } from './tickets.js';

const ENVIRONMENT_HELP = `
Environment:
  DATABASE_URL       sqlite:///path/file.db, postgres://..., mysql://... or mariadb://...
                     (default: SQLite at $TEAMPRO_DATA_DIR/teampro.db)
  TEAMPRO_DATA_DIR   data directory (default: ./data)
  Every variable the server reads applies here too; see the README.
${API_ENVIRONMENT_HELP}

Exit codes: 0 done, 1 failed, 2 wrong usage.`;

/** src/cli and dist/cli both sit two levels below package.json. */
const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** The whole command tree; exported so tests can read every command's help without a process each. */
export function buildProgram(context: CliContext): Command {
  const program = new Command('teampro')
    .description('TeamPro project-management server: run it, administer it, and call its API')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .addHelpText('after', ENVIRONMENT_HELP);
  // Subcommands copy these settings when they are created, so they come first.
  // Commander's own usage errors get the same one-line form as ours.
  program.configureOutput({ outputError: (text, write) => write(`teampro: ${text}`) });
  registerServe(program, context);
  registerMigrate(program, context);
  registerAdmin(program, context);
  registerRole(program, context);
  registerBans(program, context);
  registerSessions(program, context);
  registerConfig(program, context);
  registerDemo(program, context);
  registerTickets(program, context);
  registerFiles(program, context);
  // After the admin groups: tickets and files get their API subcommands added to the same group.
  registerApiCommands(program, context.env);
  return program;
}

/** Runs one command line and returns the exit code: 0 done, 1 failed, 2 wrong usage. */
export async function runCli(args: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  let config: AppConfig | undefined;
  const context: CliContext = { config: () => (config ??= loadConfig(env)), env };
  const program = buildProgram(context);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has printed its own message (or the help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const code = error instanceof CliError ? error.exitCode : 1;
    const prefix = error instanceof ConfigError ? 'configuration error' : 'error';
    process.stderr.write(`teampro: ${prefix}: ${describeError(error)}\n`);
    if (error instanceof CliError) for (const line of error.details) process.stderr.write(`  ${line}\n`);
    return code;
  }
}

/**
 * A reader that stops early (`teampro timelogs list --all | head -1`) closes the pipe: the command
 * ends quietly with 0, as Unix tools do, instead of with a stack trace.
 */
function endQuietlyWhenThePipeCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(0);
    });
  }
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  endQuietlyWhenThePipeCloses();
  process.exitCode = await runCli(argv.slice(2), process.env);
}

/** True when this module is the script node was started with (not imported by bin/teampro.js or a test). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
