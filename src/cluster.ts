import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import type { AppConfig } from './app-config.js';
import { dialectOf } from './db/dialect-name.js';
import { prepareDatabase, startServer } from './server.js';
import { whenLauncherGone } from './launcher-watch.js';

/**
 * Cluster mode: one primary process supervising N workers (node:cluster), each a whole TeamPro server
 * on the same port. Workers share nothing in memory that matters: bans and counters live in the
 * database, a cached login is valid only while the stored password hash is unchanged, and settings are
 * cached for a few seconds at most. So any worker may answer any request.
 *
 * `runCluster` must be called from the process's entry point: node:cluster starts each worker by
 * running that same entry point again, which calls `runCluster` again and lands in the worker branch.
 */
export interface ClusterOptions {
  /** Worker processes; default one per core. */
  readonly workers?: number;
  /** How long a stopping worker may take to finish its in-flight requests before it gives up. */
  readonly closeTimeoutMs?: number;
}

type Print = (line: string) => void;

/** Messages a worker sends its primary over the IPC channel. */
interface ListeningMessage {
  readonly type: 'teampro:listening';
  readonly url: string;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
/** A worker that dies sooner than this after starting counts as crash-looping, and restarts back off. */
const QUICK_DEATH_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;

export const coreCount = (): number => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

/**
 * What `auto` means for the database at `databaseUrl` (unset: the default, SQLite). On SQLite one
 * worker: every write takes the file's single write lock, and workers queueing for it across
 * processes served fewer writes than one process (docs/deployment.md has the figures). A number
 * given explicitly is still honoured. On PostgreSQL and MySQL/MariaDB one worker per core.
 */
export function autoWorkers(databaseUrl: string | undefined): number {
  if (!databaseUrl) return 1;
  try {
    return dialectOf(databaseUrl) === 'sqlite' ? 1 : coreCount();
  } catch {
    // A malformed URL is reported by the config check with its own message.
    return coreCount();
  }
}

/**
 * Reads a worker count: a whole number ≥ 1, or `auto` / `0` (see autoWorkers). `undefined` or empty
 * gives `fallback`. Throws a message naming `source` for anything else.
 */
export function parseWorkers(raw: string | undefined, fallback: number, source = 'TEAMPRO_WORKERS', databaseUrl = process.env.DATABASE_URL): number {
  const text = raw?.trim().toLowerCase();
  if (text === undefined || text === '') return fallback;
  if (text === 'auto' || text === '0') return autoWorkers(databaseUrl);
  if (!/^\d+$/.test(text) || Number(text) > 1024) throw new Error(`${source} must be a whole number from 1 to 1024, or "auto", got "${raw}"`);
  return Number(text);
}

/**
 * Runs the primary (prepare the database once, fork, supervise, stop gracefully on SIGTERM/SIGINT) or,
 * in a worker, one server until it is told to stop. Resolves with the exit code for the process.
 */
export async function runCluster(config: AppConfig, print: Print, options: ClusterOptions = {}): Promise<number> {
  const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
  if (cluster.isWorker) return runWorker(config, closeTimeoutMs);
  // Before any worker exists, so workers never race to migrate or to make the first admin.
  await prepareDatabase(config, print);
  const supervisor = new Supervisor(options.workers ?? coreCount(), closeTimeoutMs, print);
  return supervisor.run();
}

/** A stop request: the first signal, or the primary going away (its IPC channel closing). */
function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    // Handlers stay installed: a second SIGINT (Ctrl-C reaches the whole process group, and the
    // primary forwards it too) must not kill a worker that is still finishing its requests.
    process.on('SIGTERM', () => resolve('SIGTERM'));
    process.on('SIGINT', () => resolve('SIGINT'));
    process.on('disconnect', () => resolve('primary gone'));
  });
}

async function runWorker(config: AppConfig, closeTimeoutMs: number): Promise<number> {
  const stop = stopRequested();
  const server = await startServer(config, (line) => process.stdout.write(`${line}\n`), { prepare: false });
  const message: ListeningMessage = { type: 'teampro:listening', url: server.url };
  process.send?.(message);
  const reason = await stop;
  server.app.log.info({ reason }, 'worker shutting down');
  const timer = setTimeout(() => {
    process.stderr.write(`Worker ${process.pid}: shutdown took longer than ${closeTimeoutMs / 1000} s; exiting\n`);
    process.exit(1);
  }, closeTimeoutMs).unref();
  await server.close();
  clearTimeout(timer);
  return 0;
}

/** The primary: keeps `size` workers running until a signal, then stops them all gracefully. */
class Supervisor {
  private readonly started = new Map<number, number>();
  private readonly ready = new Set<number>();
  private announced = false;
  private stopping = false;
  private quickDeaths = 0;
  private exitCode = 0;
  private finish: (code: number) => void = () => undefined;

  constructor(
    private readonly size: number,
    private readonly closeTimeoutMs: number,
    private readonly print: Print,
  ) {}

  run(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.finish = resolve));
    cluster.on('message', (worker, message: ListeningMessage) => this.onMessage(worker, message));
    cluster.on('exit', (worker, code, signal) => this.onExit(worker, code, signal));
    process.on('SIGTERM', () => this.stop('SIGTERM'));
    process.on('SIGINT', () => this.stop('SIGINT'));
    whenLauncherGone(process.env, () => this.stop('launcher gone'));
    for (let i = 0; i < this.size; i += 1) this.fork();
    return done;
  }

  private fork(): void {
    const worker = cluster.fork();
    this.started.set(worker.id, Date.now());
  }

  private onMessage(worker: Worker, message: ListeningMessage): void {
    if (message?.type !== 'teampro:listening') return;
    this.ready.add(worker.id);
    if (!this.announced && this.ready.size >= this.size) {
      this.announced = true;
      this.print(`TeamPro listening on ${message.url} (API: ${message.url}/api/v1/projects/json) with ${this.size} workers`);
    }
  }

  private onExit(worker: Worker, code: number | null, signal: string | null): void {
    const lived = Date.now() - (this.started.get(worker.id) ?? 0);
    const wasReady = this.ready.delete(worker.id);
    this.started.delete(worker.id);
    if (this.stopping) {
      if (this.started.size === 0) this.finish(this.exitCode);
      return;
    }
    if (!wasReady && !this.announced) {
      // A worker that cannot even start (port taken, database unreachable) will not do better on retry.
      this.print(`Worker ${worker.process.pid} failed to start (${signal ?? `exit code ${code}`}); stopping`);
      this.exitCode = 1;
      this.stop('startup failure');
      return;
    }
    this.quickDeaths = lived < QUICK_DEATH_MS ? this.quickDeaths + 1 : 0;
    const delay = this.quickDeaths === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 500 * 2 ** (this.quickDeaths - 1));
    this.print(`Worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}); starting another${delay ? ` in ${delay} ms` : ''}`);
    setTimeout(() => this.stopping || this.fork(), delay);
  }

  /** Forwards the stop to every worker, and kills those that outlive their own close timeout. */
  private stop(reason: string): void {
    if (this.stopping) {
      // A second signal: the operator wants out now.
      if (reason !== 'startup failure') for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      return;
    }
    this.stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) return this.finish(this.exitCode);
    for (const worker of workers) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    }, this.closeTimeoutMs + 5_000).unref();
  }
}
