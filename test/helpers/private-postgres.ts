import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * A throwaway PostgreSQL server of the test's own (initdb into a temp dir, its own port, trust auth),
 * for tests that stop and start the database. The machine's shared server on 5432 is never touched:
 * other test files run against it in parallel.
 */
export interface PrivatePostgres {
  readonly port: number;
  /** A connection URL for `database` (default `postgres`). */
  url(database?: string): string;
  /** pg_ctl stop -m fast: open connections are terminated, new ones refused. Async, so load can go on meanwhile. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its directory. */
  remove(): void;
}

/** The bin directory of the newest installed PostgreSQL, or null when there is none. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')));
  versions.sort((x, y) => Number.parseFloat(y) - Number.parseFloat(x));
  return versions.length > 0 ? path.join(root, versions[0]!, 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, run its tools as the `postgres` OS user. */
function asOwner(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

function runAsOwner(bin: string, args: string[]): void {
  execFileSync(...asOwner(bin, args), { stdio: 'pipe', timeout: 60_000 });
}

async function runAsOwnerAsync(bin: string, args: string[]): Promise<void> {
  await execFileAsync(...asOwner(bin, args), { timeout: 60_000 });
}

function ownDirectory(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  fs.chownSync(dir, uid, gid);
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL installation under /usr/lib/postgresql');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teampro-pg-'));
  ownDirectory(dir);
  const data = path.join(dir, 'data');
  const port = await freePort();
  runAsOwner(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  // Its socket lives in its own directory; it listens on loopback only; no fsync (a test server).
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const pgCtlArgs = (...args: string[]) => ['-D', data, '-w', '-t', '30', ...args];
  const startArgs = pgCtlArgs('-o', options, '-l', path.join(dir, 'server.log'), 'start');
  const pgCtl = path.join(bin, 'pg_ctl');
  runAsOwner(pgCtl, startArgs);
  let removed = false;
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop: () => runAsOwnerAsync(pgCtl, pgCtlArgs('-m', 'fast', 'stop')),
    start: () => runAsOwnerAsync(pgCtl, startArgs),
    remove() {
      if (removed) return;
      removed = true;
      try {
        runAsOwner(pgCtl, pgCtlArgs('-m', 'immediate', 'stop'));
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
