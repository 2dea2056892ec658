import type { Command } from 'commander';
import type { AppConfig } from '../app-config.js';
import type { CliContext } from './context.js';
import { whenLauncherGone } from '../launcher-watch.js';
import { usageError } from './output.js';

/** How long a shutdown may take before the process gives up on open connections. */
const CLOSE_TIMEOUT_MS = 10_000;

type Print = (line: string) => void;

/** The first of SIGTERM, SIGINT, or (started through npm or npx) the launcher going away. */
function waitForStop(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (reason: string) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(reason);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    whenLauncherGone(process.env, () => stop('launcher gone'));
  });
}

/**
 * One server until SIGTERM or SIGINT, then a graceful close (in-flight requests finish, the pool
 * closes). A second signal while closing gets Node's default handling, so Ctrl-C twice still ends
 * a stuck process.
 */
async function serveOne(config: AppConfig, print: Print): Promise<number> {
  // Imported here, so the other commands do not load the HTTP stack.
  const { startServer } = await import('../server.js');
  const server = await startServer(config, print);
  print(`TeamPro listening on ${server.url} (API: ${server.url}/api/v1/projects/json)`);
  const reason = await waitForStop();
  server.app.log.info({ reason }, 'shutting down');
  const timer = setTimeout(() => {
    process.stderr.write(`Shutdown took longer than ${CLOSE_TIMEOUT_MS / 1000} s; exiting\n`);
    process.exit(1);
  }, CLOSE_TIMEOUT_MS).unref();
  await server.close();
  clearTimeout(timer);
  return 0;
}

/**
 * Serves until stopped and returns the exit code; shared by `npm start` (src/main.ts) and
 * `teampro serve`. More than one worker runs the cluster supervisor, whose workers re-run the
 * same entry point and land in its worker branch.
 */
export async function runServe(config: AppConfig, print: Print, workers: number): Promise<number> {
  if (workers <= 1) return serveOne(config, print);
  const { runCluster } = await import('../cluster.js');
  return runCluster(config, print, { workers });
}

function port(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw usageError(`--port must be a whole number from 0 to 65535, got "${value}"`);
  return Number(value);
}

async function workerCount(option: string | undefined, env: string | undefined, databaseUrl: string | undefined): Promise<number> {
  const { parseWorkers } = await import('../cluster.js');
  if (option === undefined) return parseWorkers(env, 1, 'TEAMPRO_WORKERS', databaseUrl);
  try {
    return parseWorkers(option, 1, '--workers', databaseUrl);
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

export function registerServe(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the API server (the same as npm start) until SIGTERM or SIGINT')
    .option('--host <address>', 'address to listen on (default: HOST, or 127.0.0.1)')
    .option('--port <number>', 'port to listen on, 0 for any free one (default: PORT, or 8080)')
    .option('--workers <n>', 'worker processes sharing the port: a number, or "auto" for one per core, or one on SQLite (default: TEAMPRO_WORKERS, or 1)')
    .addHelpText(
      'after',
      '\nEvery other setting comes from the environment (DATABASE_URL, TEAMPRO_DATA_DIR, ...; see the README).\n' +
        'On first start with no admin it creates one and prints its password once.\n\n' +
        'Examples:\n  teampro serve\n  teampro serve --host 0.0.0.0 --port 3000 --workers auto',
    )
    .action(async (options: { host?: string; port?: string; workers?: string }) => {
      const workers = await workerCount(options.workers, context.env.TEAMPRO_WORKERS, context.env.DATABASE_URL);
      const config: AppConfig = {
        ...context.config(),
        ...(options.host !== undefined && { host: options.host }),
        ...(options.port !== undefined && { port: port(options.port) }),
      };
      const code = await runServe(config, (line) => process.stdout.write(`${line}\n`), workers);
      // A cluster worker keeps its IPC channel open, so the process ends here rather than when idle.
      process.exit(code);
    });
}
